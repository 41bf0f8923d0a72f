import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LumenApi, type ApiOptions } from '../api/client.ts';
import { OPERATIONS } from '../api/operations.ts';
import { UsageError } from '../output.ts';

interface Payload<T> {
  error?: { code: string; message: string } | null;
  [key: string]: T | unknown;
}

/** Upload a TF.js model folder as a version of a model (created if missing). Prints the version id. */
export async function uploadModelCommand(
  dir: string,
  options: ApiOptions & { name: string; version: string; inputSize?: string; preprocess?: string; json?: boolean },
): Promise<void> {
  const api = new LumenApi(options);
  const entries = await fs.readdir(dir).catch(() => {
    throw new UsageError(`'${dir}' is not a folder; pass a TF.js model folder (model.json + shards)`);
  });
  const files = entries.filter((name) => name === 'model.json' || name.endsWith('.bin') || name === 'lumen.json' || name.endsWith('.txt'));
  if (!files.includes('model.json')) throw new UsageError(`'${dir}' has no model.json`);
  const { models } = await api.graphql<{ models: { id: string; name: string }[] }>(OPERATIONS.models);
  let modelId = models.find((m) => m.name === options.name)?.id;
  if (!modelId) {
    const created = await api.graphql<{ createModel: Payload<unknown> & { model: { id: string } | null } }>(OPERATIONS.createModel, { input: { name: options.name } });
    modelId = LumenApi.unwrap(created.createModel).model?.id;
  }
  const uploadId = await api.upload(files.map((name) => ({ name, path: path.join(dir, name) })));
  const inputSpec: Record<string, unknown> = {};
  if (options.inputSize) {
    const [h, w] = options.inputSize.toLowerCase().split('x').map(Number);
    inputSpec['height'] = h;
    inputSpec['width'] = w ?? h;
  }
  if (options.preprocess) inputSpec['preprocess'] = { mode: options.preprocess };
  const result = await api.graphql<{ createModelVersion: Payload<unknown> & { modelVersion: { id: string; version: string; lastConvLayer: string | null } | null } }>(
    OPERATIONS.createModelVersion,
    { input: { modelId, version: options.version, uploadId, ...(Object.keys(inputSpec).length ? { inputSpec } : {}) } },
  );
  const version = LumenApi.unwrap(result.createModelVersion).modelVersion;
  if (options.json) process.stdout.write(`${JSON.stringify(version)}\n`);
  else process.stdout.write(`${version?.id}\n`);
}

/** Upload image files, optionally into a dataset (created if missing). Prints the image ids. */
export async function uploadImagesCommand(files: string[], options: ApiOptions & { dataset?: string; json?: boolean }): Promise<void> {
  const api = new LumenApi(options);
  const uploadId = await api.upload(files.map((file) => ({ name: path.basename(file), path: file })));
  const result = await api.graphql<{ addImages: Payload<unknown> & { images: { id: string; filename: string }[]; dataset: { id: string; name: string } | null } }>(
    OPERATIONS.addImages,
    { input: { uploadId, ...(options.dataset ? { datasetName: options.dataset } : {}) } },
  );
  const added = LumenApi.unwrap(result.addImages);
  if (options.json) process.stdout.write(`${JSON.stringify({ images: added.images, dataset: added.dataset })}\n`);
  else process.stdout.write(`${added.images.map((i) => i.id).join('\n')}\n`);
}
