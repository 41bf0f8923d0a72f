import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { LumenError, messageOf } from '../errors.ts';
import { tf, tfconv, tfl } from '../tf.ts';
import type { ClassifierModel, OutputKind } from './classifier-model.ts';
import { GraphClassifier, type GraphNodeDef } from './graph-classifier.ts';
import { inputSpecSchema, modelSidecarSchema, SIDECAR_FILE, type InputSpec, type ModelSidecar } from './input-spec.ts';
import { LayersClassifier } from './layers-classifier.ts';
import { expectedGroupBytes, parseModelJson, resolveWeightPath, type ModelJson } from './model-json.ts';

export interface ModelLimits {
  /** Largest model.json accepted. Default 64 MiB. */
  maxModelJsonBytes: number;
  /** Largest total of weight shards accepted. Default 2 GiB. */
  maxWeightBytes: number;
}

export const DEFAULT_MODEL_LIMITS: ModelLimits = {
  maxModelJsonBytes: 64 * 1024 * 1024,
  maxWeightBytes: 2 * 1024 * 1024 * 1024,
};

export interface LoadModelOptions {
  /** Overrides for the input spec (CLI flags win over the sidecar file). */
  input?: Partial<z.input<typeof inputSpecSchema>>;
  classNames?: readonly string[];
  /** A labels file: one label per line, a JSON array, or a Keras-style class index JSON. */
  labelsFile?: string;
  output?: OutputKind;
  name?: string;
  version?: string;
  limits?: Partial<ModelLimits>;
}

const MODEL_FILE = 'model.json';

async function statOrNull(file: string) {
  try {
    return await fs.stat(file);
  } catch {
    return null;
  }
}

async function locateModelJson(location: string): Promise<{ dir: string; file: string }> {
  const stat = await statOrNull(location);
  if (!stat) throw new LumenError('MODEL_NOT_FOUND', `no model at '${location}'`, { details: { path: location } });
  if (stat.isFile()) return { dir: path.dirname(location), file: location };
  const file = path.join(location, MODEL_FILE);
  if (!(await statOrNull(file))) {
    throw new LumenError('MODEL_NOT_FOUND', `'${location}' has no ${MODEL_FILE}; a TF.js model folder holds model.json and its weight shards`, {
      details: { path: location },
    });
  }
  return { dir: location, file };
}

async function readSidecar(dir: string): Promise<ModelSidecar> {
  const file = path.join(dir, SIDECAR_FILE);
  if (!(await statOrNull(file))) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (cause) {
    throw new LumenError('INPUT_SPEC_INVALID', `${file} is not valid JSON: ${messageOf(cause)}`, { cause });
  }
  const parsed = modelSidecarSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new LumenError('INPUT_SPEC_INVALID', `${file} is not a valid Lumen sidecar: ${issues}`, {
      details: { issues: parsed.error.issues },
    });
  }
  return parsed.data;
}

/** Reads a labels file: plain lines, a JSON array, or {"0": ["n01440764", "tench"], ...}. */
export async function readLabelsFile(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (cause) {
    throw new LumenError('INPUT_SPEC_INVALID', `cannot read labels file '${file}': ${messageOf(cause)}`, { cause });
  }
  if (/^\s*[[{]/.test(text)) {
    const json: unknown = JSON.parse(text);
    if (Array.isArray(json)) return json.map(String);
    if (json && typeof json === 'object') {
      const entries = Object.entries(json as Record<string, unknown>).sort(([a], [b]) => Number(a) - Number(b));
      return entries.map(([, value]) => (Array.isArray(value) ? String(value[value.length - 1]) : String(value)));
    }
    throw new LumenError('INPUT_SPEC_INVALID', `labels file '${file}' holds neither a list nor an index object`);
  }
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

async function readWeights(dir: string, json: ModelJson, limits: ModelLimits): Promise<ArrayBuffer> {
  const realRoot = await fs.realpath(dir);
  const groups: { files: string[]; bytes: number }[] = [];
  let total = 0;
  for (const [groupIndex, group] of json.weightsManifest.entries()) {
    const files: string[] = [];
    let bytes = 0;
    for (const weightPath of group.paths) {
      const file = resolveWeightPath(dir, weightPath);
      const stat = await statOrNull(file);
      if (!stat || !stat.isFile()) {
        throw new LumenError('MODEL_WEIGHTS_MISSING', `weight shard '${weightPath}' named in model.json is missing from ${dir}`, {
          details: { path: weightPath, group: groupIndex },
        });
      }
      const real = await fs.realpath(file);
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
        throw new LumenError('MODEL_PATH_ESCAPE', `weight shard '${weightPath}' is a link that leaves the model folder`, {
          details: { path: weightPath },
        });
      }
      files.push(file);
      bytes += stat.size;
    }
    const expected = expectedGroupBytes(group);
    if (expected !== undefined && expected !== bytes) {
      throw new LumenError(
        'MODEL_WEIGHTS_MISMATCH',
        `weight group ${groupIndex} (${group.paths.join(', ')}) holds ${bytes} bytes but model.json describes ${expected} bytes; the shards do not belong to this model.json or are truncated`,
        { details: { group: groupIndex, bytes, expected } },
      );
    }
    total += bytes;
    if (total > limits.maxWeightBytes) {
      throw new LumenError('MODEL_INVALID', `weights exceed the limit of ${limits.maxWeightBytes} bytes`, {
        details: { limit: limits.maxWeightBytes },
      });
    }
    groups.push({ files, bytes });
  }
  const buffer = new Uint8Array(total);
  let offset = 0;
  for (const group of groups) {
    for (const file of group.files) {
      const data = await fs.readFile(file);
      buffer.set(data, offset);
      offset += data.byteLength;
    }
  }
  return buffer.buffer;
}

function resolveInputSpec(
  modelShape: readonly (number | null | undefined)[],
  sidecar: ModelSidecar,
  overrides: LoadModelOptions['input'],
): InputSpec {
  if (modelShape.length !== 4) {
    throw new LumenError('MODEL_UNSUPPORTED', `an image classifier takes NHWC images; this model's input has shape [${modelShape.join(', ')}]`);
  }
  const [, h, w, c] = modelShape;
  const fixed = (v: number | null | undefined): number | undefined => (typeof v === 'number' && v > 0 ? v : undefined);
  const merged = {
    ...sidecar.input,
    ...overrides,
    height: overrides?.height ?? sidecar.input?.height ?? fixed(h),
    width: overrides?.width ?? sidecar.input?.width ?? fixed(w),
    channels: overrides?.channels ?? sidecar.input?.channels ?? fixed(c) ?? 3,
  };
  if (merged.height === undefined || merged.width === undefined) {
    throw new LumenError(
      'INPUT_SPEC_INVALID',
      `the model accepts any image size, so Lumen needs one: pass --input-size HxW or set input.height/width in ${SIDECAR_FILE}`,
    );
  }
  const parsed = inputSpecSchema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new LumenError('INPUT_SPEC_INVALID', `invalid input spec: ${issues}`, { details: { issues: parsed.error.issues } });
  }
  const spec = parsed.data;
  const mismatch = (name: string, declared: number, actual: number | undefined) => {
    if (actual !== undefined && declared !== actual) {
      throw new LumenError('INPUT_SPEC_INVALID', `input ${name} ${declared} disagrees with the model's fixed input ${name} ${actual}`);
    }
  };
  mismatch('height', spec.height, fixed(h));
  mismatch('width', spec.width, fixed(w));
  mismatch('channels', spec.channels, fixed(c));
  if (spec.preprocess.mode === 'custom') {
    for (const [name, values] of [['mean', spec.preprocess.mean], ['std', spec.preprocess.std]] as const) {
      if (values.length !== 1 && values.length !== spec.channels) {
        throw new LumenError('INPUT_SPEC_INVALID', `preprocess.${name} needs 1 or ${spec.channels} values, got ${values.length}`);
      }
    }
  }
  return spec;
}

async function resolveClassNames(
  dir: string,
  numClasses: number,
  sidecar: ModelSidecar,
  options: LoadModelOptions,
): Promise<string[]> {
  let names: readonly string[] | undefined = options.classNames;
  if (!names && options.labelsFile) names = await readLabelsFile(options.labelsFile);
  if (!names && sidecar.classNames) names = sidecar.classNames;
  if (!names && sidecar.labelsFile) names = await readLabelsFile(resolveWeightPath(dir, sidecar.labelsFile));
  if (!names) return Array.from({ length: numClasses }, (_, i) => `class_${i}`);
  if (names.length !== numClasses) {
    throw new LumenError('INPUT_SPEC_INVALID', `${names.length} class names were given but the model has ${numClasses} outputs`, {
      details: { classNames: names.length, outputs: numClasses },
    });
  }
  return [...names];
}

function wrapLoadError(error: unknown, source: string): LumenError {
  const message = messageOf(error);
  const unknownClass = /Unknown (layer|activation|initializer|regularizer|constraint|op)[:\s]+['"]?([\w./-]+)/i.exec(message);
  if (unknownClass) {
    return new LumenError(
      'MODEL_UNSUPPORTED',
      `${source} uses ${unknownClass[1]} '${unknownClass[2]}', which TF.js does not know; custom layers must be registered with tf.serialization before loading`,
      { cause: error, details: { kind: unknownClass[1], name: unknownClass[2] } },
    );
  }
  return new LumenError('MODEL_INVALID', `TF.js could not build ${source}: ${message}`, { cause: error });
}

/**
 * Load a TF.js LayersModel or GraphModel from a folder (or its model.json path),
 * validating the files first, and wrap it as a ClassifierModel with its input spec and labels.
 */
export async function loadModel(location: string, options: LoadModelOptions = {}): Promise<ClassifierModel> {
  const limits = { ...DEFAULT_MODEL_LIMITS, ...options.limits };
  const { dir, file } = await locateModelJson(location);
  const stat = await fs.stat(file);
  if (stat.size > limits.maxModelJsonBytes) {
    throw new LumenError('MODEL_INVALID', `${file} is ${stat.size} bytes, over the ${limits.maxModelJsonBytes}-byte limit`);
  }
  const { json, format } = parseModelJson(await fs.readFile(file, 'utf8'), file);
  const sidecar = await readSidecar(dir);
  const weightData = await readWeights(dir, json, limits);
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights) as tf.io.WeightsManifestEntry[],
    weightData,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? null,
    ...(json.signature ? { signature: json.signature } : {}),
    ...(json.userDefinedMetadata ? { userDefinedMetadata: json.userDefinedMetadata as Record<string, object> } : {}),
    ...(json.modelInitializer ? { modelInitializer: json.modelInitializer as object } : {}),
  };
  const identity = {
    name: options.name ?? sidecar.name ?? path.basename(path.resolve(dir)),
    ...(options.version ?? sidecar.version ? { version: options.version ?? sidecar.version } : {}),
    source: path.resolve(dir),
  };
  const metadata = sidecar.metadata ?? {};

  if (format === 'layers') {
    let model: tfl.LayersModel;
    try {
      model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    } catch (error) {
      throw wrapLoadError(error, file);
    }
    try {
      if (model.inputs.length !== 1 || model.outputs.length !== 1) {
        throw new LumenError('MODEL_UNSUPPORTED', `a classifier has one input and one output; this model has ${model.inputs.length} and ${model.outputs.length}`);
      }
      const outputShape = model.outputs[0]?.shape ?? [];
      if (outputShape.length !== 2) {
        throw new LumenError('MODEL_UNSUPPORTED', `a classifier outputs [batch, classes]; this model outputs [${outputShape.join(', ')}]`);
      }
      const numClasses = outputShape[1] as number;
      const inputSpec = resolveInputSpec(model.inputs[0]?.shape ?? [], sidecar, options.input);
      const classNames = await resolveClassNames(dir, numClasses, sidecar, options);
      const finalActivation = finalLayerActivation(model);
      const rawOutput: OutputKind =
        options.output ?? sidecar.output ?? (finalActivation === 'linear' ? 'logits' : 'probabilities');
      return new LayersClassifier(model, { identity, inputSpec, classNames, rawOutput, metadata });
    } catch (error) {
      model.dispose();
      throw error;
    }
  }

  let graph: tfconv.GraphModel;
  try {
    graph = await tfconv.loadGraphModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw wrapLoadError(error, file);
  }
  try {
    const input = graph.inputs[0];
    const inputSpec = resolveInputSpec(input?.shape ?? [], sidecar, options.input);
    const declared = graph.outputs[0]?.shape?.at(-1);
    const numClasses = declared !== undefined && declared > 0 ? declared : graphOutputWidth(graph, inputSpec);
    const classNames = await resolveClassNames(dir, numClasses, sidecar, options);
    const nodes = ((json.modelTopology as { node?: GraphNodeDef[] }).node ?? []) as GraphNodeDef[];
    const outputNode = nodes.find((n) => n.name === graph.outputs[0]?.name.replace(/:\d+$/, ''));
    const rawOutput: OutputKind =
      options.output ?? sidecar.output ?? (outputNode?.op === 'Softmax' || outputNode?.op === 'Sigmoid' ? 'probabilities' : 'logits');
    return new GraphClassifier(graph, nodes, { identity, inputSpec, classNames, rawOutput, metadata });
  } catch (error) {
    graph.dispose();
    throw error;
  }
}

function finalLayerActivation(model: tfl.LayersModel): string {
  let layer = model.layers[model.layers.length - 1] as unknown as {
    getClassName(): string;
    activation?: { getClassName(): string };
    layers?: unknown[];
  };
  while (layer?.layers) layer = layer.layers[layer.layers.length - 1] as typeof layer;
  if (layer?.getClassName() === 'Softmax') return 'softmax';
  return layer?.activation?.getClassName().toLowerCase() ?? 'linear';
}

/** A graph without a signature does not declare its output shape; one dry run tells. */
function graphOutputWidth(graph: tfconv.GraphModel, spec: InputSpec): number {
  const output = tf.tidy(() => {
    const zeros = tf.zeros([1, spec.height, spec.width, spec.channels]);
    const result = graph.execute(zeros);
    return Array.isArray(result) ? (result[0] as tf.Tensor) : result;
  });
  const width = output.shape.at(-1) ?? 0;
  const rank = output.rank;
  output.dispose();
  if (rank !== 2) {
    throw new LumenError('MODEL_UNSUPPORTED', `a classifier outputs [batch, classes]; this graph outputs rank-${rank} tensors`);
  }
  return width;
}
