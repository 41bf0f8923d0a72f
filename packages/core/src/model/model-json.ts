import path from 'node:path';
import { z } from 'zod';
import { LumenError } from '../errors.ts';

/**
 * Validation of a TF.js `model.json` and its weight manifest, done before TF.js sees
 * anything: a malformed file, a weight path that leaves the model folder, or shards whose
 * sizes disagree with the manifest are refused with a typed error that names the problem.
 */

const weightDtypes = ['float32', 'int32', 'bool', 'string', 'complex64'] as const;
const quantizedDtypes = ['uint8', 'uint16', 'float16'] as const;

const weightEntrySchema = z.object({
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(weightDtypes),
  quantization: z
    .object({
      dtype: z.enum(quantizedDtypes),
      min: z.number().optional(),
      scale: z.number().optional(),
      original_dtype: z.enum(weightDtypes).optional(),
    })
    .optional(),
});

const weightGroupSchema = z.object({
  paths: z.array(z.string().min(1)).min(1),
  weights: z.array(weightEntrySchema),
});

export type WeightGroup = z.output<typeof weightGroupSchema>;
export type WeightEntry = z.output<typeof weightEntrySchema>;

const modelJsonSchema = z.object({
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  convertedBy: z.string().nullable().optional(),
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.array(weightGroupSchema),
  signature: z.record(z.string(), z.unknown()).optional(),
  userDefinedMetadata: z.record(z.string(), z.unknown()).optional(),
  modelInitializer: z.record(z.string(), z.unknown()).optional(),
  trainingConfig: z.record(z.string(), z.unknown()).optional(),
});

export type ModelJson = z.output<typeof modelJsonSchema>;
export type ModelFormat = 'layers' | 'graph';

export interface ParsedModelJson {
  json: ModelJson;
  format: ModelFormat;
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Parse and validate the text of a model.json; `source` names the file in errors. */
export function parseModelJson(text: string, source: string): ParsedModelJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new LumenError('MODEL_INVALID', `${source} is not valid JSON: ${(cause as Error).message}`, {
      cause,
      details: { file: source },
    });
  }
  const parsed = modelJsonSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LumenError(
      'MODEL_INVALID',
      `${source} is not a TF.js model.json (needs modelTopology and weightsManifest): ${formatIssues(parsed.error)}`,
      { details: { file: source, issues: parsed.error.issues } },
    );
  }
  return { json: parsed.data, format: detectFormat(parsed.data, source) };
}

function detectFormat(json: ModelJson, source: string): ModelFormat {
  const topology = json.modelTopology;
  if (json.format === 'graph-model' || Array.isArray(topology['node'])) return 'graph';
  const keras = (topology['model_config'] ?? topology) as Record<string, unknown>;
  if (json.format === 'layers-model' || typeof keras['class_name'] === 'string') return 'layers';
  throw new LumenError(
    'MODEL_INVALID',
    `${source}: cannot tell a LayersModel (modelTopology.class_name) from a GraphModel (modelTopology.node)`,
    { details: { file: source, format: json.format } },
  );
}

const bytesPerElement: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

/** Bytes a weight group occupies on disk, or undefined when it holds strings (variable size). */
export function expectedGroupBytes(group: WeightGroup): number | undefined {
  let total = 0;
  for (const weight of group.weights) {
    const storedDtype = weight.quantization?.dtype ?? weight.dtype;
    if (storedDtype === 'string') return undefined;
    const elements = weight.shape.reduce((product, dim) => product * dim, 1);
    total += elements * (bytesPerElement[storedDtype] ?? 0);
  }
  return total;
}

/**
 * Resolve a manifest path against the model folder, refusing anything that would leave it.
 * Symlinks are checked by the caller against the real path.
 */
export function resolveWeightPath(modelDir: string, weightPath: string): string {
  const escape = (why: string): never => {
    throw new LumenError('MODEL_PATH_ESCAPE', `weight path '${weightPath}' ${why}; shard paths must be relative to the model folder`, {
      details: { path: weightPath },
    });
  };
  if (weightPath.includes('\0')) escape('contains a NUL byte');
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(weightPath)) escape('is a URL');
  if (path.isAbsolute(weightPath) || weightPath.startsWith('\\')) escape('is absolute');
  const root = path.resolve(modelDir);
  const resolved = path.resolve(root, weightPath);
  if (resolved !== root && !resolved.startsWith(root + path.sep)) escape('leaves the model folder');
  if (resolved === root) escape('is the model folder itself');
  return resolved;
}
