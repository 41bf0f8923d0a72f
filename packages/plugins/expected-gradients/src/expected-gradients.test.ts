import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRandom,
  initBackend,
  isLumenError,
  loadModel,
  resizeMap,
  runExplainer,
  tf,
  type ClassifierModel,
} from '@lumen/core';
import {
  describeExplainerConformance,
  linearSoftmaxModel,
  makeTempDir,
  tinyCnn,
  tinyResNet,
  writeLayersModel,
} from '@lumen/core/testing';
import { expectedGradients } from './expected-gradients.ts';

describeExplainerConformance({
  explainer: expectedGradients,
  params: { nsamples: 4 },
  invalidParams: [
    { nsamples: 0 },
    { nsamples: 2.5 },
    { localSmoothing: -1 },
    { layer: '' },
    { output: 'softmax' },
  ],
});

const SIZE = 8;
const D = SIZE * SIZE * 3;
const random = createRandom(31);
const pixels = random.uniformArray(D, 0, 255);
// Darker than the explained image, so that f(x) - E f(background) is far from zero.
const backgroundPixels = random.uniformArray(8 * D, 0, 60);
const W = random.uniformArray(D * 3, -0.05, 0.05);

let root: string;
let linear: ClassifierModel;
let cnn: ClassifierModel;
/** The CNN's dense weights [channel][class]: logits are linear in `last_conv` through GAP and this. */
let denseWeights: number[][];

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', env: {} });
  root = await makeTempDir('lumen-eg-');
  linear = await loadModel(
    await writeLayersModel(
      linearSoftmaxModel(SIZE, W, Float32Array.from([0.1, 0, -0.1])),
      path.join(root, 'linear'),
      {
        classNames: ['a', 'b', 'c'],
        input: { preprocess: { mode: 'tf' } },
      },
    ),
  );
  const net = tinyCnn({ size: SIZE, classes: 3, seed: 5 });
  denseWeights = (net.getLayer('predictions').getWeights()[0] as tf.Tensor2D).arraySync();
  // A steep input scale, so that class scores move well away from the background's.
  cnn = await loadModel(
    await writeLayersModel(net, path.join(root, 'cnn'), {
      classNames: ['a', 'b', 'c'],
      input: { preprocess: { mode: 'custom', scale: 0.05 } },
    }),
  );
});

afterAll(async () => {
  for (const model of [linear, cnn]) model?.dispose();
  await fs.rm(root, { recursive: true, force: true });
});

interface RunOptions {
  backgroundCount?: number;
  targets?: string | number[];
  batchSize?: number;
  seed?: number;
}

async function explain(
  model: ClassifierModel,
  params: Record<string, unknown>,
  options: RunOptions = {},
) {
  const count = options.backgroundCount ?? 8;
  const image = tf.tensor3d(pixels, [SIZE, SIZE, 3]);
  const background = tf.tensor4d(backgroundPixels.subarray(0, count * D), [count, SIZE, SIZE, 3]);
  try {
    return await runExplainer(expectedGradients, {
      model,
      image,
      background,
      params,
      targets: options.targets ?? 'top3',
      batchSize: options.batchSize ?? 64,
      seed: options.seed ?? 0,
    });
  } finally {
    tf.dispose([image, background]);
  }
}

const meanSquare = (values: number[]) => values.reduce((s, v) => s + v * v, 0) / values.length;

describe('on a model linear in its input (logits; d logit_k / dx = W_k / 127.5 under tf preprocessing)', () => {
  const gradient = (k: number, i: number) => (W[i * 3 + k] as number) / 127.5;

  it('gives exactly W_k (x - background) with one background image, whatever nsamples, with zero variance', async () => {
    for (const nsamples of [1, 7]) {
      const result = await explain(linear, { nsamples, output: 'logits' }, { backgroundCount: 1 });
      for (const attribution of result.attributions) {
        const k = attribution.target.index;
        Array.from(attribution.map.data).forEach((value, i) =>
          expect(value).toBeCloseTo(
            gradient(k, i) * ((pixels[i] as number) - (backgroundPixels[i] as number)),
            6,
          ),
        );
        expect(Math.abs(attribution.extras.completeness.error)).toBeLessThan(1e-4);
        expect(attribution.extras.variance.data.every((v) => v < 1e-10)).toBe(true);
      }
    }
  });

  it('uses the same background rows and path points for every target, as shap reseeds per output', async () => {
    const result = await explain(linear, { nsamples: 5, output: 'logits' }, { backgroundCount: 4 });
    const baselines = result.attributions.map((a) =>
      Array.from(a.map.data, (value, i) => value / gradient(a.target.index, i)),
    );
    for (const other of baselines.slice(1))
      other.forEach((value, i) => expect(value).toBeCloseTo(baselines[0]![i]!, 2));
  });

  it('adds the local-smoothing noise to the explained input, so it enters (x - background) with the given std', async () => {
    const nsamples = 40;
    const sigma = 30;
    const result = await explain(
      linear,
      { nsamples, localSmoothing: sigma, output: 'logits' },
      { backgroundCount: 1 },
    );
    for (const attribution of result.attributions) {
      const k = attribution.target.index;
      // phi_i = g_i (x_i - b_i) + g_i mean_k(noise_ki): the residual / g_i is the mean of nsamples N(0, sigma^2) draws.
      const noiseMeans = Array.from(
        attribution.map.data,
        (value, i) =>
          value / gradient(k, i) - ((pixels[i] as number) - (backgroundPixels[i] as number)),
      );
      expect(meanSquare(noiseMeans) / ((sigma * sigma) / nsamples)).toBeGreaterThan(0.75);
      expect(meanSquare(noiseMeans) / ((sigma * sigma) / nsamples)).toBeLessThan(1.25);
      // shap's variance: var_k(g_i noise_ki) / sqrt(nsamples), about g_i^2 sigma^2 / sqrt(nsamples).
      const ratios = Array.from(
        attribution.extras.variance.data,
        (v, i) => v / ((gradient(k, i) * sigma) ** 2 / Math.sqrt(nsamples)),
      );
      const meanRatio = ratios.reduce((s, r) => s + r, 0) / ratios.length;
      expect(meanRatio).toBeGreaterThan(0.9);
      expect(meanRatio).toBeLessThan(1.05);
    }
  });
});

describe('completeness in expectation: sum(phi) -> f(x) - mean f(background)', () => {
  // Thousands of backward passes: wasm runs them several times faster than cpu.
  beforeAll(() => initBackend({ prefer: 'wasm', env: {} }));
  afterAll(() => initBackend({ prefer: 'cpu', env: {} }));

  const sizes = [50, 200, 800];
  const seeds = [1, 2, 3, 4, 5, 6];
  const study = async (params: Record<string, unknown>, label: string) => {
    const errors = new Map<number, number[]>();
    const standardErrors = new Map<number, number[]>();
    for (const nsamples of sizes) {
      errors.set(nsamples, []);
      standardErrors.set(nsamples, []);
      for (const seed of seeds) {
        const result = await explain(
          cnn,
          { ...params, nsamples },
          { targets: [2], seed, batchSize: 256 },
        );
        const { error, standardError, expected } = result.attributions[0]!.extras.completeness;
        expect(Math.abs(expected)).toBeGreaterThan(0.1);
        // Unbiased: every error within a few standard errors of zero, however small they get.
        expect(Math.abs(error)).toBeLessThan(4.5 * (standardError as number));
        errors.get(nsamples)!.push(error);
        standardErrors.get(nsamples)!.push(standardError as number);
      }
    }
    const rms = (n: number) => Math.sqrt(meanSquare(errors.get(n)!));
    const meanStandardError = (n: number) =>
      standardErrors.get(n)!.reduce((s, v) => s + v, 0) / seeds.length;
    console.log(
      `EG ${label}: RMS |sum - (f(x) - E f(bg))| over ${seeds.length} seeds at ${sizes.join(', ')} samples: ${sizes.map((n) => rms(n).toExponential(2)).join(', ')}; mean standard error ${sizes.map((n) => meanStandardError(n).toExponential(2)).join(', ')}`,
    );
    expect(meanStandardError(800)).toBeLessThan(meanStandardError(50) / 3);
    expect(rms(800)).toBeLessThan(rms(50) / 2);
  };

  it('at the input (logits)', () => study({ output: 'logits' }, 'input, logits'));
  it('at the input (probabilities)', () =>
    study({ output: 'probabilities' }, 'input, probabilities'));
  it("at an intermediate layer ('pool1', logits)", () =>
    study({ output: 'logits', layer: 'pool1' }, "layer 'pool1', logits"));
});

describe('at an intermediate layer', () => {
  const activations = (images: tf.Tensor4D) =>
    tf.tidy(
      () =>
        cnn
          .run(images, { capture: ['last_conv'] })
          .captured['last_conv']!.arraySync() as number[][][][],
    );

  it("matches the hand answer where logits are linear in the layer ('last_conv' -> GAP -> dense): W2[c,k] / (h w) * (a_x - a_bg)", async () => {
    const result = await explain(
      cnn,
      { layer: 'last_conv', output: 'logits', nsamples: 6 },
      { backgroundCount: 1 },
    );
    const ax = activations(tf.tensor4d(pixels, [1, SIZE, SIZE, 3]))[0]!;
    const abg = activations(tf.tensor4d(backgroundPixels.subarray(0, D), [1, SIZE, SIZE, 3]))[0]!;
    const [h, w, c] = [ax.length, ax[0]!.length, ax[0]![0]!.length];
    for (const attribution of result.attributions) {
      const k = attribution.target.index;
      const layerAttribution = attribution.extras.layerAttribution!;
      expect(layerAttribution.shape).toEqual([h, w, c]);
      const expected = ax.flatMap((row, y) =>
        row.flatMap((pixel, x) =>
          pixel.map((a, ch) => (denseWeights[ch]![k]! / (h * w)) * (a - abg[y]![x]![ch]!)),
        ),
      );
      expect(expected.some((v) => Math.abs(v) > 1e-3)).toBe(true);
      Array.from(layerAttribution.data).forEach((value, i) =>
        expect(value).toBeCloseTo(expected[i]!, 5),
      );
      expect(Math.abs(attribution.extras.completeness.error)).toBeLessThan(1e-4);
      expect(attribution.extras.space).toBe('last_conv');
    }
  });

  it('returns the channel sum upsampled bilinearly to the input size, and the raw layer attribution', async () => {
    const result = await explain(cnn, { layer: 'pool1', nsamples: 4 }, { backgroundCount: 3 });
    for (const attribution of result.attributions) {
      expect(attribution.map.shape).toEqual([SIZE, SIZE]);
      const { data, shape } = attribution.extras.layerAttribution!;
      const [h, w, c] = shape as [number, number, number];
      expect([h, w]).toEqual([SIZE / 2, SIZE / 2]);
      const summed = new Float32Array(h * w);
      for (let p = 0; p < h * w; p++)
        for (let ch = 0; ch < c; ch++) summed[p] = summed[p]! + data[p * c + ch]!;
      const upsampled = resizeMap({ data: summed, width: w, height: h }, SIZE, SIZE, 'bilinear');
      Array.from(attribution.map.data).forEach((value, i) =>
        expect(value).toBeCloseTo(upsampled.data[i]!, 6),
      );
      expect(attribution.extras.variance.shape).toEqual(shape);
    }
  });

  it('refuses a layer bypassed by a skip connection, and accepts the block output', async () => {
    const dir = await writeLayersModel(
      tinyResNet({ size: SIZE, classes: 3 }),
      path.join(root, 'resnet'),
      { input: { preprocess: { mode: 'caffe' } } },
    );
    const resnet = await loadModel(dir);
    try {
      const inside = await explain(resnet, { layer: 'block_conv1', nsamples: 2 }).catch(
        (e: unknown) => e,
      );
      expect(isLumenError(inside, 'INVALID_PARAMS')).toBe(true);
      expect((inside as Error).message).toMatch(/bypassed.*skip connection/);
      const after = await explain(
        resnet,
        { layer: 'block_out', nsamples: 4, output: 'logits' },
        { targets: [0], backgroundCount: 2 },
      );
      expect(after.attributions[0]!.map.shape).toEqual([SIZE, SIZE]);
    } finally {
      resnet.dispose();
    }
  });

  it('names the problem for unknown and non-spatial layers', async () => {
    const unknown = await explain(cnn, { layer: 'pool' }).catch((e: unknown) => e);
    expect(isLumenError(unknown, 'LAYER_NOT_FOUND')).toBe(true);
    expect((unknown as Error).message).toMatch(/did you mean 'pool1'/i);
    const flat = await explain(cnn, { layer: 'gap' }).catch((e: unknown) => e);
    expect(isLumenError(flat, 'INVALID_PARAMS')).toBe(true);
  });
});

describe('batching, determinism and resources', () => {
  it('gives the same attributions whatever the batch size, at the input and at a layer', async () => {
    for (const params of [
      { nsamples: 6, localSmoothing: 5 },
      { nsamples: 6, layer: 'pool1', localSmoothing: 0.5 },
    ]) {
      const one = await explain(cnn, params, { batchSize: 1 });
      const many = await explain(cnn, params, { batchSize: 7 });
      one.attributions.forEach((attribution, t) => {
        const other = many.attributions[t]!.map.data;
        Array.from(attribution.map.data).forEach((value, i) =>
          expect(value).toBeCloseTo(other[i]!, 6),
        );
      });
    }
  });

  it('changes with the seed', async () => {
    const a = await explain(cnn, { nsamples: 4 }, { seed: 1 });
    const b = await explain(cnn, { nsamples: 4 }, { seed: 2 });
    expect(Array.from(a.attributions[0]!.map.data)).not.toEqual(
      Array.from(b.attributions[0]!.map.data),
    );
  });

  it('needs background images', async () => {
    const image = tf.tensor3d(pixels, [SIZE, SIZE, 3]);
    const error = await runExplainer(expectedGradients, { model: cnn, image }).catch(
      (e: unknown) => e,
    );
    image.dispose();
    expect(isLumenError(error, 'REQUIREMENT_UNMET')).toBe(true);
  });

  it('leaks no tensors over 50 explanations', async () => {
    await explain(cnn, { nsamples: 2 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++)
      await explain(
        cnn,
        { nsamples: 2, ...(i % 2 ? { layer: 'pool1' } : {}) },
        { seed: i, backgroundCount: 2 },
      );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('declares its cost: nsamples x targets backward passes, plus the background forward passes', () => {
    const cost = expectedGradients.cost!;
    expect(
      cost(expectedGradients.params.parse({ nsamples: 100 }), { targets: 3, backgroundSize: 50 }),
    ).toEqual({ forwardPasses: 51, backwardPasses: 300 });
    expect(
      cost(expectedGradients.params.parse({ layer: 'block2_pool' }), {
        targets: 1,
        backgroundSize: 50,
      }),
    ).toEqual({ forwardPasses: 101, backwardPasses: 200 });
  });
});
