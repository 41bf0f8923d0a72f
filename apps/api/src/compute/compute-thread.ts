/**
 * The compute thread: owns TensorFlow.js, the loaded models (a small LRU cache) and the
 * plugin registry. It answers ComputeRequests from the main thread, one explanation at a time.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import {
  ExplainerRegistry,
  LumenError,
  activeBackend,
  decodeImage,
  encodePng,
  attributionToMap2D,
  deletionInsertion,
  imageToTensor,
  initBackend,
  mapMetrics,
  isLumenError,
  loadModel,
  loadPluginsFromConfig,
  messageOf,
  overlayAttribution,
  prepareImage,
  renderAttribution,
  resizeImage,
  runExplainer,
  splitExtras,
  tf,
  type BackendPreference,
  type ClassifierModel,
  type RgbImage,
} from '@lumen/core';
import type {
  BackendReport,
  ComputeRequest,
  ComputeResponse,
  ExplainItemRequest,
  ExplainItemResult,
  ExplainedArray,
  ModelDescriptionMessage,
  ModelSource,
} from './protocol.ts';

export interface ComputeThreadOptions {
  configPath: string;
  backend: BackendPreference;
  modelCacheSize: number;
}

const options = workerData as ComputeThreadOptions;
/** Points on the deletion/insertion curves: 2 x (steps + 1) extra forward passes per target. */
const FAITHFULNESS_STEPS = 16;
const port = parentPort;
if (!port) throw new Error('compute-thread.ts must run as a worker thread');

const registry = new ExplainerRegistry();
const models = new Map<string, ClassifierModel>();
const running = new Map<number, AbortController>();
let initialised: Promise<BackendReport> | undefined;

function init(): Promise<BackendReport> {
  initialised ??= (async () => {
    const backend = await initBackend({ prefer: options.backend });
    await loadPluginsFromConfig(options.configPath, registry);
    return {
      name: backend.name,
      device: backend.device,
      package: backend.package,
      version: backend.version,
      plugins: registry.list().map((p) => p.id),
    };
  })();
  return initialised;
}

async function withModelFolder<T>(source: ModelSource, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lumen-model-'));
  try {
    for (const file of source.files) {
      const target = path.resolve(dir, file.path);
      if (!target.startsWith(dir + path.sep)) {
        throw new LumenError('MODEL_PATH_ESCAPE', `artifact path '${file.path}' leaves the model folder`);
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, file.bytes);
    }
    return await work(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function load(source: ModelSource, dir: string): Promise<ClassifierModel> {
  return loadModel(dir, {
    name: source.name,
    version: source.version,
    ...(source.inputSpec ? { input: source.inputSpec } : {}),
    ...(source.classNames ? { classNames: source.classNames } : {}),
    ...(source.output ? { output: source.output } : {}),
  });
}

function describe(model: ClassifierModel): ModelDescriptionMessage {
  let lastConvLayer: string | null = null;
  try {
    lastConvLayer = model.lastConvLayer().name;
  } catch {
    lastConvLayer = null;
  }
  return {
    format: model.format,
    inputSpec: model.inputSpec as unknown as Record<string, unknown>,
    classNames: [...model.classNames],
    rawOutput: model.rawOutput,
    hasLogits: model.hasLogits,
    supportsGuidedRelu: model.supportsGuidedRelu,
    layers: model.layers(),
    lastConvLayer,
    metadata: { ...model.metadata },
  };
}

async function cacheModel(source: ModelSource): Promise<void> {
  if (models.has(source.versionId)) {
    const model = models.get(source.versionId) as ClassifierModel;
    models.delete(source.versionId);
    models.set(source.versionId, model);
    return;
  }
  const model = await withModelFolder(source, (dir) => load(source, dir));
  models.set(source.versionId, model);
  while (models.size > options.modelCacheSize) {
    const [oldest, evicted] = models.entries().next().value as [string, ClassifierModel];
    models.delete(oldest);
    evicted.dispose();
  }
}

async function decodeToModel(model: ClassifierModel, bytes: Uint8Array) {
  const original = await decodeImage(bytes);
  const prepared = await prepareImage(model.inputSpec, original);
  return { original, prepared };
}

/** Masks (PNG, at the image's size) brought to the model's input geometry, as 0/1 per pixel. */
async function masksAtInput(model: ClassifierModel, masks: Record<string, Uint8Array>): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  const { width, height, resize } = model.inputSpec;
  for (const [kind, png] of Object.entries(masks)) {
    const decoded = await decodeImage(png);
    const resized = await resizeImage(decoded, width, height, resize, { kernel: 'nearest' });
    const binary = new Uint8Array(width * height);
    for (let i = 0; i < binary.length; i++) binary[i] = (resized.data[i * 3] as number) > 127 ? 1 : 0;
    out[kind] = binary;
  }
  return out;
}

async function explain(request: ExplainItemRequest, signal: AbortSignal, onProgress: (fraction: number, stage?: string) => void): Promise<ExplainItemResult> {
  const model = models.get(request.model.versionId);
  if (!model) throw new LumenError('MODEL_NOT_FOUND', `model version ${request.model.versionId} is not loaded in this worker`);
  const explainer = registry.get(request.method.name);
  const { original, prepared } = await decodeToModel(model, request.image.bytes);
  let background: tf.Tensor4D | undefined;
  try {
    if (request.background?.length) {
      const images: RgbImage[] = [];
      for (const bytes of request.background) {
        const decoded = await decodeImage(bytes);
        images.push(await resizeImage(decoded, model.inputSpec.width, model.inputSpec.height, model.inputSpec.resize, { kernel: 'linear' }));
      }
      background = tf.tidy(() => tf.stack(images.map((image) => imageToTensor(image))) as tf.Tensor4D);
    }
    const explanation = await runExplainer(explainer, {
      model,
      image: prepared.tensor,
      targets: request.targets as string,
      params: request.method.params,
      seed: request.seed,
      ...(request.batchSize ? { batchSize: request.batchSize } : {}),
      ...(background ? { background } : {}),
      signal,
      onProgress: (event) => onProgress(event.fraction, event.stage),
    });
    const masks = await masksAtInput(model, request.masks);
    // With 'stretch' the map covers the whole original image, so it is shown at full size.
    const base = model.inputSpec.resize === 'stretch' ? original : prepared.image;
    const targets = [];
    for (const attribution of explanation.attributions) {
      const { map, signed } = attribution;
      let min = Infinity;
      let max = -Infinity;
      for (const v of map.data) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const { json, arrays } = splitExtras(attribution.extras as Record<string, unknown>);
      const map2D = attributionToMap2D(map, { signed });
      const faithfulness = await deletionInsertion(model, prepared.tensor, map2D, attribution.target.index, {
        steps: FAITHFULNESS_STEPS,
        ...(request.batchSize ? { batchSize: request.batchSize } : {}),
        signal,
      });
      targets.push({
        target: attribution.target,
        attribution: {
          bytes: new Uint8Array(map.data.buffer, map.data.byteOffset, map.data.byteLength),
          shape: [...map.shape],
          dtype: 'float32' as const,
          signed,
          min,
          max,
        },
        overlayPng: await encodePng(await overlayAttribution(base, map, { signed })),
        heatmapPng: await encodePng(renderAttribution(map, { signed })),
        extras: json,
        arrays: arrays.map(({ key, dtype, shape, data }): ExplainedArray => ({
          key,
          dtype,
          shape,
          bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice(),
        })),
        metrics: {
          ...mapMetrics(map2D, {
            ...(masks['object'] ? { object: masks['object'] } : {}),
            ...(masks['cue'] ? { cue: masks['cue'] } : {}),
          }),
          deletionAuc: faithfulness.deletion.auc,
          insertionAuc: faithfulness.insertion.auc,
        },
      });
    }
    const backend = activeBackend();
    return {
      predictions: explanation.predictions.map(({ index, label, probability }) => ({ index, label, probability })),
      targets,
      durationMs: Math.round(explanation.durationMs),
      backend: backend.name,
      device: backend.device,
    };
  } finally {
    prepared.tensor.dispose();
    background?.dispose();
  }
}

function reply(message: ComputeResponse, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

function errorOf(error: unknown): { code: string; message: string; details?: Record<string, unknown> } {
  if (isLumenError(error)) return { code: error.code, message: error.message, details: error.details };
  return { code: 'INTERNAL', message: messageOf(error) };
}

port.on('message', (message: ComputeRequest) => {
  if (message.kind === 'abort') {
    running.get(message.target)?.abort(new Error(message.reason));
    return;
  }
  void (async () => {
    try {
      await init();
      switch (message.kind) {
        case 'init':
          reply({ id: message.id, kind: 'result', value: await init() });
          return;
        case 'hasModel':
          reply({ id: message.id, kind: 'result', value: models.has(message.versionId) });
          return;
        case 'loadModel':
          await cacheModel(message.source);
          reply({ id: message.id, kind: 'result', value: true });
          return;
        case 'inspectModel': {
          const description = await withModelFolder(message.source, async (dir) => {
            const model = await load(message.source, dir);
            try {
              return describe(model);
            } finally {
              model.dispose();
            }
          });
          reply({ id: message.id, kind: 'result', value: description });
          return;
        }
        case 'explain': {
          const controller = new AbortController();
          running.set(message.id, controller);
          try {
            const result = await explain(message.request, controller.signal, (fraction, stage) =>
              reply({ id: message.id, kind: 'progress', fraction, ...(stage ? { stage } : {}) }),
            );
            reply({ id: message.id, kind: 'result', value: result });
          } finally {
            running.delete(message.id);
          }
          return;
        }
      }
    } catch (error) {
      reply({ id: message.id, kind: 'error', error: errorOf(error) });
    }
  })();
});
