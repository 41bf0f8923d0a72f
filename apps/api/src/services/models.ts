import { createHash } from 'node:crypto';
import { LumenError, inputSpecSchema, modelFacade, parseModelJson, type ClassifierModel, type LayerInfo } from '@lumen/core';
import type { ArtifactFile, ModelSource } from '../compute/protocol.ts';
import { asBytes } from '../db/bytes.ts';
import type { Model, ModelVersion } from '../generated/prisma/client.ts';
import { UserFacingError, notFound } from '../graphql/errors.ts';
import type { AppContext } from './app-context.ts';
import { takeUpload } from './uploads.ts';

export async function listModels(app: AppContext, teamId: string): Promise<Model[]> {
  return app.db.model.findMany({ where: { teamId }, orderBy: { name: 'asc' } });
}

export async function createModel(app: AppContext, teamId: string, input: { name: string; description?: string | null }): Promise<Model> {
  const name = input.name.trim();
  if (!/^[\w.-][\w .-]{0,99}$/.test(name)) {
    throw new UserFacingError('INVALID_INPUT', 'a model name has 1-100 letters, digits, spaces, dots, dashes or underscores', { path: ['name'] });
  }
  const existing = await app.db.model.findUnique({ where: { teamId_name: { teamId, name } } });
  if (existing) throw new UserFacingError('CONFLICT', `a model named '${name}' already exists`, { path: ['name'], details: { id: existing.id } });
  return app.db.model.create({ data: { teamId, name, description: input.description ?? '' } });
}

/** SHA-256 over the artifact files in path order, so the same artifact gets the same digest. */
export function artifactDigest(files: readonly ArtifactFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    hash.update(file.path).update('\0').update(file.bytes);
  }
  return hash.digest('hex');
}

export interface CreateModelVersionInput {
  modelId: string;
  version: string;
  uploadId: string;
  inputSpec?: unknown;
  classNames?: string[] | null;
  output?: string | null;
}

/**
 * Validate an uploaded TF.js model and keep it. model.json and the shard sizes are checked
 * before TF.js sees anything; then the compute thread loads it to read its layers.
 */
export async function createModelVersion(app: AppContext, teamId: string, input: CreateModelVersionInput): Promise<ModelVersion> {
  const model = await app.db.model.findFirst({ where: { id: input.modelId, teamId } });
  if (!model) throw notFound('model', input.modelId);
  const version = input.version.trim();
  if (!/^[\w.+-]{1,64}$/.test(version)) {
    throw new UserFacingError('INVALID_INPUT', 'a version is 1-64 letters, digits, dots, dashes, plus signs or underscores', { path: ['version'] });
  }
  if (await app.db.modelVersion.findUnique({ where: { modelId_version: { modelId: model.id, version } } })) {
    throw new UserFacingError('CONFLICT', `model '${model.name}' already has a version '${version}'`, { path: ['version'] });
  }
  if (input.output && input.output !== 'probabilities' && input.output !== 'logits') {
    throw new UserFacingError('INVALID_INPUT', "output is 'probabilities' or 'logits'", { path: ['output'] });
  }
  if (input.inputSpec !== undefined && input.inputSpec !== null && (typeof input.inputSpec !== 'object' || Array.isArray(input.inputSpec))) {
    throw new UserFacingError('INVALID_INPUT', 'inputSpec must be an object such as { "height": 224, "width": 224 }', { path: ['inputSpec'] });
  }

  const upload = await takeUpload(app, teamId, input.uploadId);
  const created = await storeModelVersion(app, model, version, upload.files.map((f) => ({ path: f.name, bytes: f.bytes })), input);
  await app.db.upload.update({ where: { id: upload.id }, data: { status: 'CONSUMED', consumedAt: new Date() } });
  return created;
}

/**
 * Validate TF.js model files and store them as a version of `model`: model.json is checked
 * before TF.js sees anything, then the compute thread loads it to read its layers.
 */
export async function storeModelVersion(
  app: AppContext,
  model: Model,
  version: string,
  files: ArtifactFile[],
  overrides: Pick<CreateModelVersionInput, 'inputSpec' | 'classNames' | 'output'> = {},
): Promise<ModelVersion> {
  const modelJson = files.find((f) => f.path === 'model.json');
  if (!modelJson) {
    throw new LumenError('MODEL_NOT_FOUND', 'no model.json among the files; upload a TF.js model folder (model.json and its weight shards)');
  }
  parseModelJson(Buffer.from(modelJson.bytes).toString('utf8'), 'model.json');
  const source: ModelSource = {
    versionId: 'inspect',
    name: model.name,
    version,
    files,
    ...(overrides.inputSpec ? { inputSpec: overrides.inputSpec as Record<string, unknown> } : {}),
    ...(overrides.classNames ? { classNames: overrides.classNames } : {}),
    ...(overrides.output ? { output: overrides.output as 'probabilities' | 'logits' } : {}),
  };
  const description = await app.compute.inspectModel(source);
  return app.db.modelVersion.create({
    data: {
      modelId: model.id,
      version,
      format: description.format === 'graph' ? 'GRAPH' : 'LAYERS',
      inputSpec: description.inputSpec as object,
      classNames: description.classNames,
      layers: description.layers as object[],
      metadata: {
        ...description.metadata,
        rawOutput: description.rawOutput,
        hasLogits: description.hasLogits,
        supportsGuidedRelu: description.supportsGuidedRelu,
        lastConvLayer: description.lastConvLayer,
      } as object,
      sha256: artifactDigest(files),
      sizeBytes: files.reduce((s, f) => s + f.bytes.byteLength, 0),
      files: { create: files.map((f) => ({ path: f.path, size: f.bytes.byteLength, bytes: asBytes(f.bytes) })) },
    },
  });
}

/** What a compute thread needs to load a stored version. */
export async function modelSource(app: AppContext, versionId: string): Promise<ModelSource> {
  const version = await app.db.modelVersion.findUniqueOrThrow({ where: { id: versionId }, include: { model: true, files: true } });
  return {
    versionId: version.id,
    name: version.model.name,
    version: version.version,
    files: version.files.map((f) => ({ path: f.path, bytes: f.bytes })),
    inputSpec: version.inputSpec as Record<string, unknown>,
    classNames: version.classNames,
    output: ((version.metadata as Record<string, unknown>)['rawOutput'] as 'probabilities' | 'logits' | undefined) ?? 'probabilities',
  };
}

/** The stored facts of a version as a ClassifierModel that can be checked but not run. */
export function describedModel(version: ModelVersion & { model: Model }): ClassifierModel {
  const metadata = version.metadata as Record<string, unknown>;
  return modelFacade({
    identity: { name: version.model.name, version: version.version },
    format: version.format === 'GRAPH' ? 'graph' : 'layers',
    inputSpec: inputSpecSchema.parse(version.inputSpec),
    classNames: version.classNames,
    rawOutput: metadata['rawOutput'] === 'logits' ? 'logits' : 'probabilities',
    hasLogits: metadata['hasLogits'] !== false,
    supportsGuidedRelu: metadata['supportsGuidedRelu'] !== false,
    layers: version.layers as unknown as LayerInfo[],
    metadata,
  });
}
