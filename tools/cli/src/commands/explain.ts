import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  activeBackend,
  decodeImage,
  encodeNpy,
  encodePng,
  initBackend,
  loadModel,
  overlayAttribution,
  prepareImage,
  renderAttribution,
  runExplainer,
  splitExtras,
  type BackendPreference,
  type ColormapName,
  type Explanation,
  type LoadModelOptions,
  type RgbImage,
} from '@lumen/core';
import { UsageError } from '../output.ts';
import { loadRegistry } from '../plugins.ts';
import { progressBar } from '../progress.ts';

export interface ExplainOptions {
  model: string;
  image: string;
  method: string;
  target: string;
  params?: string;
  seed: string;
  batchSize?: string;
  out: string;
  inputSize?: string;
  preprocess?: string;
  channelOrder?: string;
  labels?: string;
  output?: string;
  colormap?: ColormapName;
  alpha: string;
  backend?: string;
  config: string;
  quiet?: boolean;
  json?: boolean;
}

function integer(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} needs an integer >= ${min}, got '${value}'`);
  return n;
}

async function parseParams(raw: string | undefined): Promise<unknown> {
  if (!raw) return {};
  const text = raw.startsWith('@') ? await fs.readFile(raw.slice(1), 'utf8') : raw;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--params is not valid JSON (${(error as Error).message}); pass an object like '{"layer":"conv5"}' or @file.json`);
  }
}

/** Flags that describe a plain TF.js model folder without a lumen.json sidecar. */
export function modelOverrides(options: Pick<ExplainOptions, 'inputSize' | 'preprocess' | 'channelOrder' | 'labels' | 'output'>): LoadModelOptions {
  const input: NonNullable<LoadModelOptions['input']> = {};
  if (options.inputSize) {
    const match = /^(\d+)(?:x(\d+))?$/i.exec(options.inputSize);
    if (!match) throw new UsageError(`--input-size takes HxW or N (e.g. 224x224), got '${options.inputSize}'`);
    input.height = Number(match[1]);
    input.width = Number(match[2] ?? match[1]);
  }
  if (options.preprocess) {
    const mode = options.preprocess;
    if (!['none', 'tf', 'caffe', 'torch'].includes(mode)) {
      throw new UsageError(`--preprocess takes none, tf, caffe or torch (use lumen.json for custom mean/std), got '${mode}'`);
    }
    input.preprocess = { mode: mode as 'none' | 'tf' | 'caffe' | 'torch' };
  }
  if (options.channelOrder) {
    if (options.channelOrder !== 'RGB' && options.channelOrder !== 'BGR') throw new UsageError('--channel-order takes RGB or BGR');
    input.channelOrder = options.channelOrder;
  }
  if (options.output && options.output !== 'probabilities' && options.output !== 'logits') {
    throw new UsageError('--output takes probabilities or logits');
  }
  return {
    ...(Object.keys(input).length ? { input } : {}),
    ...(options.labels ? { labelsFile: options.labels } : {}),
    ...(options.output ? { output: options.output as 'probabilities' | 'logits' } : {}),
  };
}

/**
 * Extras go to result.json, except arrays (LIME's segments, a low-resolution map...), which go
 * to .npy files that result.json names.
 */
async function externalizeExtras(extras: Record<string, unknown>, stem: string, out: string): Promise<Record<string, unknown>> {
  const { json, arrays } = splitExtras(extras);
  for (const array of arrays) {
    const file = `${stem}-${array.key}.npy`;
    await fs.writeFile(path.join(out, file), encodeNpy(array.data, array.shape));
    json[array.key] = { file, shape: array.shape, dtype: array.dtype };
  }
  return json;
}

function minMax(values: Float32Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** Writes overlay/heatmap PNGs, attribution.npy (targets stacked first) and result.json. */
async function writeExplanation(
  explanation: Explanation<Record<string, unknown>>,
  image: RgbImage,
  options: { out: string; colormap?: ColormapName; alpha: number; imagePath: string; imageSize: { width: number; height: number } },
): Promise<Record<string, unknown>> {
  const { out } = options;
  await fs.mkdir(out, { recursive: true });
  const maps = explanation.attributions.map((a) => a.map);
  const mapShape = maps[0]?.shape ?? [0, 0];
  const stacked = new Float32Array(maps.reduce((n, m) => n + m.data.length, 0));
  let offset = 0;
  for (const map of maps) {
    stacked.set(map.data, offset);
    offset += map.data.length;
  }
  const npyShape = [maps.length, ...mapShape];
  await fs.writeFile(path.join(out, 'attribution.npy'), encodeNpy(stacked, npyShape));

  const targets = [];
  for (const [i, attribution] of explanation.attributions.entries()) {
    const suffix = i === 0 ? '' : `-${i}`;
    const render = { signed: attribution.signed, alpha: options.alpha, ...(options.colormap ? { colormap: options.colormap } : {}) };
    const overlay = `overlay${suffix}.png`;
    const heatmap = `heatmap${suffix}.png`;
    await fs.writeFile(path.join(out, overlay), await encodePng(await overlayAttribution(image, attribution.map, render)));
    await fs.writeFile(path.join(out, heatmap), await encodePng(renderAttribution(attribution.map, render)));
    targets.push({
      ...attribution.target,
      signed: attribution.signed,
      attribution: { index: i, shape: attribution.map.shape, ...minMax(attribution.map.data) },
      files: { overlay, heatmap },
      extras: await externalizeExtras(attribution.extras, `extras${suffix}`, out),
    });
  }
  const result = {
    method: explanation.explainer.id,
    explainer: explanation.explainer,
    params: explanation.params,
    seed: explanation.seed,
    batchSize: explanation.batchSize,
    model: explanation.model,
    image: { path: options.imagePath, ...options.imageSize },
    predictions: explanation.predictions,
    targets,
    attribution: { file: 'attribution.npy', dtype: 'float32', shape: npyShape, ...minMax(stacked) },
    backend: activeBackend(),
    durationMs: Math.round(explanation.durationMs),
    extras: await externalizeExtras(explanation.extras, 'extras', out),
  };
  await fs.writeFile(path.join(out, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

export async function explainCommand(options: ExplainOptions): Promise<void> {
  const params = await parseParams(options.params);
  const seed = integer(options.seed, '--seed', 0);
  const batchSize = options.batchSize === undefined ? undefined : integer(options.batchSize, '--batch-size', 1);
  const alpha = Number(options.alpha);
  if (!(alpha >= 0 && alpha <= 1)) throw new UsageError(`--alpha takes a number from 0 to 1, got '${options.alpha}'`);

  const registry = await loadRegistry(options.config);
  const explainer = registry.get(options.method);
  await initBackend(options.backend ? { prefer: options.backend as BackendPreference } : {});
  const model = await loadModel(options.model, modelOverrides(options));
  const source = await decodeImage(options.image);
  const prepared = await prepareImage(model.inputSpec, source);

  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted (Ctrl-C)'));
  process.once('SIGINT', onSignal);
  const bar = progressBar(explainer.id, !options.quiet && process.stderr.isTTY === true);
  try {
    const explanation = await runExplainer(explainer, {
      model,
      image: prepared.tensor,
      targets: options.target,
      params,
      seed,
      ...(batchSize ? { batchSize } : {}),
      signal: controller.signal,
      onProgress: (event) => bar.update(event),
    });
    bar.stop();
    // With 'stretch' the map covers the whole original image, so it can be shown at full size.
    const base = model.inputSpec.resize === 'stretch' ? source : prepared.image;
    const result = await writeExplanation(explanation as Explanation<Record<string, unknown>>, base, {
      out: options.out,
      alpha,
      imagePath: path.resolve(options.image),
      imageSize: { width: source.width, height: source.height },
      ...(options.colormap ? { colormap: options.colormap } : {}),
    });
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else if (!options.quiet) {
      const first = explanation.attributions[0]?.target;
      process.stderr.write(
        `${explainer.id}: ${explanation.attributions.length} map(s)${first ? `, top target '${first.label}' (p=${first.probability.toFixed(3)})` : ''} in ${Math.round(explanation.durationMs)} ms on ${explanation.backend} -> ${path.resolve(options.out)}\n`,
      );
    }
  } finally {
    bar.stop();
    process.removeListener('SIGINT', onSignal);
    prepared.tensor.dispose();
    model.dispose();
  }
}
