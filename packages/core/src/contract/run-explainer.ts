import type { z } from 'zod';
import { LumenError, isLumenError, messageOf } from '../errors.ts';
import { tf } from '../tf.ts';
import type { ClassifierModel, ModelIdentity } from '../model/classifier-model.ts';
import { resolveTargets, topK, type Target, type TargetSpec } from '../model/targets.ts';
import { createRandom } from '../random/random.ts';
import type { AttributionMap } from './attribution.ts';
import { abortedError, createContext } from './context.ts';
import type { AnyExplainer, ExplainerOutput, ParamsSchema, Explainer } from './explainer.ts';
import { silentLogger, type Logger } from './logger.ts';
import { validateParams } from './params.ts';

export type ExplainPhase = 'validate' | 'check' | 'explain' | 'output';

export interface ProgressEvent {
  explainer: string;
  stage?: string;
  done: number;
  total: number;
  /** 0..1 */
  fraction: number;
  elapsedMs: number;
  /** Estimated time left, once there is something to extrapolate from. */
  etaMs?: number;
}

export interface RunExplainerOptions {
  model: ClassifierModel;
  /** The image in image space (RGB 0..255) at the model's input size, [height, width, 3]. */
  image: tf.Tensor3D;
  /** Default 'top1'. */
  targets?: TargetSpec;
  params?: unknown;
  /** Default 0. */
  seed?: number;
  /** Default 32. */
  batchSize?: number;
  /** Background images in image space, [n, height, width, 3]. */
  background?: tf.Tensor4D;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  log?: Logger;
}

export interface ExplainedTarget<X> {
  target: Target;
  map: AttributionMap;
  signed: boolean;
  extras: X;
}

/** One explanation, stamped so that it stays comparable forever. */
export interface Explanation<X = Record<string, unknown>> {
  explainer: { id: string; name: string; version: string };
  params: Record<string, unknown>;
  seed: number;
  batchSize: number;
  model: ModelIdentity & { format: string; inputSize: [number, number] };
  backend: string;
  durationMs: number;
  /** The model's top predictions on the image (up to 5). */
  predictions: Target[];
  attributions: ExplainedTarget<X>[];
  extras: Record<string, unknown>;
}

export const DEFAULT_BATCH_SIZE = 32;

function wrapError(explainer: AnyExplainer, phase: ExplainPhase, error: unknown, signal: AbortSignal): LumenError {
  if (isLumenError(error) && error.details['plugin'] !== undefined && error.details['phase'] !== undefined) return error;
  const details = { plugin: explainer.id, phase };
  if (signal.aborted && !(isLumenError(error) && error.code !== 'ABORTED')) {
    const aborted = abortedError(signal);
    return new LumenError('ABORTED', `${explainer.id} ${aborted.message}`, { cause: error, details });
  }
  if (isLumenError(error)) {
    return new LumenError(error.code, `${explainer.id} (${phase}): ${error.message}`, {
      cause: error,
      details: { ...error.details, ...details },
    });
  }
  return new LumenError('PLUGIN_ERROR', `${explainer.id} failed during ${phase}: ${messageOf(error)}`, { cause: error, details });
}

function checkRequirements(explainer: AnyExplainer, model: ClassifierModel, options: RunExplainerOptions): void {
  const unmet = (why: string): never => {
    throw new LumenError('REQUIREMENT_UNMET', why, { details: { plugin: explainer.id, phase: 'check' } });
  };
  if (explainer.requires.background && !options.background) {
    unmet(`${explainer.id} needs background images (a reference set); none were given`);
  }
  if (explainer.requires.guidedRelu && !model.supportsGuidedRelu) {
    unmet(`${explainer.id} needs guided ReLUs, which model '${model.identity.name}' cannot provide (fused activations in a GraphModel)`);
  }
  if (explainer.requires.spatialLayer && !model.layers().some((layer) => layer.spatial)) {
    unmet(`${explainer.id} needs a convolutional layer with a spatial output; model '${model.identity.name}' has none`);
  }
}

function checkImage(model: ClassifierModel, image: tf.Tensor, background: tf.Tensor | undefined): void {
  const { height, width } = model.inputSpec;
  const expected = `[${height}, ${width}, 3]`;
  if (image.rank !== 3 || image.shape[0] !== height || image.shape[1] !== width || image.shape[2] !== 3) {
    throw new LumenError('SHAPE_MISMATCH', `image has shape [${image.shape.join(', ')}]; model '${model.identity.name}' takes ${expected} (resize it first)`);
  }
  if (background && (background.rank !== 4 || background.shape[1] !== height || background.shape[2] !== width || background.shape[3] !== 3)) {
    throw new LumenError('SHAPE_MISMATCH', `background has shape [${background.shape.join(', ')}]; expected [n, ${height}, ${width}, 3]`);
  }
}

const outputInvalid = (message: string): LumenError => new LumenError('PLUGIN_OUTPUT_INVALID', message);

function toAttributionMap(map: tf.Tensor | AttributionMap): AttributionMap {
  if (map instanceof tf.Tensor) {
    if (map.rank !== 2 && map.rank !== 3) throw outputInvalid(`an attribution map must be rank 2 or 3, got shape [${map.shape.join(', ')}]`);
    return { data: Float32Array.from(map.dataSync()), shape: map.shape.slice() as AttributionMap['shape'] };
  }
  return map;
}

function collectOutput<X>(
  explainer: AnyExplainer,
  output: ExplainerOutput<X>,
  model: ClassifierModel,
  targets: readonly Target[],
): { attributions: ExplainedTarget<X>[]; extras: Record<string, unknown> } {
  const { height, width } = model.inputSpec;
  if (!output || !Array.isArray(output.attributions)) throw outputInvalid('explain() must resolve to { attributions: [...] }');
  const attributions = output.attributions.map((item, i) => {
    if (!targets.some((t) => t.index === item.target?.index)) {
      throw outputInvalid(`attribution ${i} is for class ${item.target?.index}, which was not a requested target`);
    }
    const map = toAttributionMap(item.map);
    const [h, w, c] = map.shape;
    if (h !== height || w !== width || (c !== undefined && c !== 3 && c !== model.inputSpec.channels)) {
      throw outputInvalid(`attribution for '${item.target.label}' has shape [${map.shape.join(', ')}]; expected [${height}, ${width}] or [${height}, ${width}, 3] (upsample low-resolution maps to the input size)`);
    }
    if (map.data.length !== map.shape.reduce((p, d) => p * d, 1)) throw outputInvalid(`attribution data length ${map.data.length} does not match shape [${map.shape.join(', ')}]`);
    if (!map.data.every(Number.isFinite)) throw outputInvalid(`attribution for '${item.target.label}' contains NaN or infinite values`);
    for (const [key, value] of Object.entries(item.extras ?? {})) {
      if (value instanceof tf.Tensor) throw outputInvalid(`extras.${key} is a tensor; return plain arrays or typed arrays`);
    }
    return { target: item.target, map, signed: item.signed ?? explainer.output.signed, extras: (item.extras ?? {}) as X };
  });
  if (attributions.length === 0) throw outputInvalid('explain() returned no attributions');
  return { attributions, extras: output.extras ?? {} };
}

function disposeOutput(output: ExplainerOutput<unknown> | undefined): void {
  for (const item of output?.attributions ?? []) if (item.map instanceof tf.Tensor) item.map.dispose();
}

/**
 * Run one explainer on one image: validate and default params, check requirements,
 * resolve targets, give the plugin its context, and collect a stamped Explanation.
 * Errors from the plugin come back as LumenErrors naming the plugin and the phase.
 */
export async function runExplainer<S extends ParamsSchema, X>(
  explainer: Explainer<S, X>,
  options: RunExplainerOptions,
): Promise<Explanation<X>> {
  const plugin = explainer as unknown as AnyExplainer;
  const signal = options.signal ?? new AbortController().signal;
  const log = options.log ?? silentLogger;
  const started = performance.now();
  const { model } = options;

  let params: z.output<S>;
  try {
    params = validateParams(plugin.id, explainer.params, options.params) as z.output<S>;
  } catch (error) {
    throw wrapError(plugin, 'validate', error, signal);
  }

  let prediction: Float32Array;
  let targets: Target[];
  try {
    checkImage(model, options.image, options.background);
    checkRequirements(plugin, model, options);
    explainer.check?.(params, model);
    const output = tf.tidy(() => model.run(tf.expandDims(options.image, 0) as tf.Tensor4D).output);
    prediction = Float32Array.from(output.dataSync());
    output.dispose();
    targets = resolveTargets(options.targets ?? 'top1', prediction, model.classNames);
  } catch (error) {
    throw wrapError(plugin, 'check', error, signal);
  }
  if (signal.aborted) throw wrapError(plugin, 'check', abortedError(signal), signal);

  const seed = options.seed ?? 0;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let lastFraction = -1;
  const ctx = createContext({
    params,
    model,
    random: createRandom(seed).fork(explainer.name),
    seed,
    batchSize,
    signal,
    log,
    onProgress: (done, total, stage) => {
      if (!options.onProgress || total <= 0) return;
      const fraction = Math.min(1, Math.max(0, done / total));
      if (fraction === lastFraction) return;
      lastFraction = fraction;
      const elapsedMs = performance.now() - started;
      options.onProgress({
        explainer: plugin.id,
        ...(stage ? { stage } : {}),
        done,
        total,
        fraction,
        elapsedMs,
        ...(fraction > 0 ? { etaMs: (elapsedMs * (1 - fraction)) / fraction } : {}),
      });
    },
  });

  let output: ExplainerOutput<X> | undefined;
  try {
    output = await explainer.explain(
      { image: options.image, targets, prediction, ...(options.background ? { background: options.background } : {}) },
      ctx,
    );
    // A cancelled run never returns a result, even if the plugin finished its last batch.
    if (signal.aborted) throw abortedError(signal);
  } catch (error) {
    disposeOutput(output);
    throw wrapError(plugin, 'explain', error, signal);
  }
  try {
    const collected = collectOutput(plugin, output, model, targets);
    return {
      explainer: { id: plugin.id, name: plugin.name, version: plugin.version },
      params: params as Record<string, unknown>,
      seed,
      batchSize,
      model: { ...model.identity, format: model.format, inputSize: [model.inputSpec.height, model.inputSpec.width] },
      backend: tf.getBackend(),
      durationMs: performance.now() - started,
      predictions: topK(prediction, model.classNames, Math.min(5, model.numClasses)),
      ...collected,
    };
  } catch (error) {
    throw wrapError(plugin, 'output', error, signal);
  } finally {
    disposeOutput(output);
  }
}
