import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  boxBlur,
  createImageMasker,
  createRandom,
  initBackend,
  isLumenError,
  loadModel,
  regionSize,
  rootRegion,
  runExplainer,
  splitRegion,
  tf,
  tfl,
  type ClassifierModel,
  type ImageRegion,
} from '@lumen/core';
import {
  describeExplainerConformance,
  linearSoftmaxModel,
  makeTempDir,
  tinyCnn,
  writeLayersModel,
} from '@lumen/core/testing';
import { hierarchicalOrders, owenByDefinition } from './owen-reference.ts';
import { shapPartition } from './shap-partition.ts';

describeExplainerConformance({
  explainer: shapPartition,
  params: { maxEvals: 64 },
  invalidParams: [
    { maxEvals: 1 },
    { masker: 'gaussian' },
    { fixedContext: 2 },
    { blurKernel: [0, 3] },
    { inpaintRadius: 0 },
    { output: 'loss' },
    { maskValue: [1, 2] },
  ],
});

const sum = (data: Float32Array): number => data.reduce((s, v) => s + v, 0);

function seededImage(size: number, seed: number): tf.Tensor3D {
  return tf.tensor3d(createRandom(seed).uniformArray(size * size * 3, 0, 255), [size, size, 3]);
}

let root: string;
beforeAll(async () => {
  await initBackend({ prefer: 'wasm', env: {} });
  root = await makeTempDir('lumen-shap-partition-');
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('efficiency: the attributions add up to f(image) - f(fully masked image)', () => {
  let model: ClassifierModel;
  let image: tf.Tensor3D;
  const size = 24;
  beforeAll(async () => {
    model = await loadModel(
      await writeLayersModel(tinyCnn({ size, classes: 4, seed: 11 }), path.join(root, 'cnn')),
    );
    image = seededImage(size, 5);
  });
  afterAll(() => {
    model.dispose();
    image.dispose();
  });

  /** The fully masked image, made here by hand for each masker. */
  function fullyMasked(masker: string): tf.Tensor4D {
    return tf.tidy(() => {
      if (masker === 'blur') return tf.expandDims(boxBlur(image, 5, 3), 0) as tf.Tensor4D;
      if (masker === 'constant') return tf.fill([1, size, size, 3], 60) as tf.Tensor4D;
      return tf.expandDims(
        tf.tile(tf.mean(image, [0, 1], true), [size, size, 1]),
        0,
      ) as tf.Tensor4D;
    });
  }

  it.each([
    ['inpaint_telea', 'none'],
    ['inpaint_ns', 'none'],
    ['blur', 'none'],
    ['constant', 'none'],
    ['inpaint_telea', 0],
    ['blur', 1],
  ] as const)('%s masker, fixedContext %s, at several budgets', async (masker, fixedContext) => {
    const masked = fullyMasked(masker);
    const base = tf.tidy(() => model.run(masked).output.dataSync());
    masked.dispose();
    for (const maxEvals of [2, 5, 40, 301]) {
      const result = await runExplainer(shapPartition, {
        model,
        image,
        targets: 'top3',
        batchSize: 50,
        params: { masker, maxEvals, fixedContext, blurKernel: [5, 3], maskValue: 60 },
      });
      expect(result.extras['evaluations']).toBeLessThanOrEqual(maxEvals);
      for (const { target, map, extras } of result.attributions) {
        expect(map.shape).toEqual([size, size, 3]);
        expect(extras.baseValue).toBeCloseTo(base[target.index] as number, 5);
        expect(extras.fullValue).toBeCloseTo(target.probability, 5);
        expect(Math.abs(sum(map.data) - (extras.fullValue - extras.baseValue))).toBeLessThan(1e-5);
      }
    }
  });
  it('with inpaintEightBit, explains the image truncated to 8 bits, as shap does', async () => {
    const logitsOf = (images: tf.Tensor4D) =>
      tf.tidy(() => model.run(images, { output: 'logits' }).output.dataSync());
    const batch = tf.expandDims(image, 0) as tf.Tensor4D;
    const truncated = tf.floor(batch);
    const [exact, expected] = [logitsOf(batch), logitsOf(truncated)];
    tf.dispose([batch, truncated]);
    const result = await runExplainer(shapPartition, {
      model,
      image,
      targets: 'top2',
      params: { masker: 'inpaint_ns', inpaintEightBit: true, maxEvals: 30, output: 'logits' },
    });
    for (const { target, map, extras } of result.attributions) {
      expect(extras.fullValue).toBeCloseTo(expected[target.index] as number, 4);
      expect(Math.abs(extras.fullValue - (exact[target.index] as number))).toBeGreaterThan(1e-3);
      expect(Math.abs(sum(map.data) - (extras.fullValue - extras.baseValue))).toBeLessThan(1e-4);
    }
  });
});

/**
 * logit_k = sum_i W[i,k] x_i + b_k with W constant over each quadrant (per channel): a game that
 * is additive over pixels, so every region's Owen value is its own contribution
 * sum_i W[i,k] (x_i - fill_i), whatever the budget, once the tree is split down to that region.
 */
describe('known answer: a model additive over image halves and quadrants', () => {
  const size = 8;
  const quadrantWeight = [
    [0.02, -0.03],
    [0.05, 0.01],
  ];
  const weight = (y: number, x: number, c: number, k: number): number =>
    (k === 0 ? 1 : -0.5) *
    (quadrantWeight[y < 4 ? 0 : 1]![x < 4 ? 0 : 1] as number) *
    (1 + 0.5 * c);
  let model: ClassifierModel;
  let image: tf.Tensor3D;
  let pixels: Float32Array;

  beforeAll(async () => {
    const W = new Float32Array(size * size * 3 * 2);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let c = 0; c < 3; c++)
          for (let k = 0; k < 2; k++) W[((y * size + x) * 3 + c) * 2 + k] = weight(y, x, c, k);
      }
    }
    model = await loadModel(
      await writeLayersModel(
        linearSoftmaxModel(size, W, Float32Array.from([0.3, -0.2])),
        path.join(root, 'linear'),
      ),
    );
    image = seededImage(size, 21);
    pixels = Float32Array.from(image.dataSync());
  });
  afterAll(() => {
    model.dispose();
    image.dispose();
  });

  const contribution = (
    fill: Float32Array,
    k: number,
    inRegion: (y: number, x: number) => boolean,
  ): number => {
    let total = 0;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        if (!inRegion(y, x)) continue;
        for (let c = 0; c < 3; c++) {
          const i = (y * size + x) * 3 + c;
          total += weight(y, x, c, k) * ((pixels[i] as number) - (fill[i] as number));
        }
      }
    }
    return total;
  };
  const mapSum = (data: Float32Array, inRegion: (y: number, x: number) => boolean): number => {
    let total = 0;
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        if (inRegion(y, x))
          for (let c = 0; c < 3; c++) total += data[(y * size + x) * 3 + c] as number;
    return total;
  };
  const quadrants: [string, (y: number, x: number) => boolean][] = [
    ['top-left', (y, x) => y < 4 && x < 4],
    ['top-right', (y, x) => y < 4 && x >= 4],
    ['bottom-left', (y, x) => y >= 4 && x < 4],
    ['bottom-right', (y, x) => y >= 4 && x >= 4],
  ];

  it.each([12, 40, 300])(
    'gives each quadrant its contribution with maxEvals %i (constant and blur maskers)',
    async (maxEvals) => {
      for (const [masker, fill] of [
        ['constant', new Float32Array(size * size * 3).fill(100)],
        ['blur', Float32Array.from(tf.tidy(() => boxBlur(image, 3, 3).dataSync()))],
      ] as const) {
        const result = await runExplainer(shapPartition, {
          model,
          image,
          targets: [0, 1],
          batchSize: 8,
          params: { masker, maskValue: 100, blurKernel: [3, 3], maxEvals, output: 'logits' },
        });
        for (const { target, map } of result.attributions) {
          for (const [, inQuadrant] of quadrants) {
            expect(mapSum(map.data, inQuadrant)).toBeCloseTo(
              contribution(fill, target.index, inQuadrant),
              3,
            );
          }
        }
      }
    },
  );

  it('gives each half its contribution from the first split on (maxEvals 4)', async () => {
    const fill = new Float32Array(size * size * 3).fill(100);
    const result = await runExplainer(shapPartition, {
      model,
      image,
      targets: [0],
      params: { masker: 'constant', maskValue: 100, maxEvals: 4, output: 'logits' },
    });
    const map = result.attributions[0]!.map.data;
    const top = (y: number) => y < 4;
    expect(mapSum(map, top)).toBeCloseTo(contribution(fill, 0, top), 3);
    expect(mapSum(map, (y) => !top(y))).toBeCloseTo(
      contribution(fill, 0, (y) => !top(y)),
      3,
    );
    // Neither half was split: its credit is spread evenly over its pixels.
    expect(new Set(Array.from(map.slice(0, 96), (v) => v.toFixed(5))).size).toBe(1);
  });
});

/**
 * A 2x2 image has 12 features (pixels x channels) and a tree of 11 splits: few enough to average
 * marginal contributions over all 2^11 orders the hierarchy allows, i.e. the Owen value by its
 * definition, with the game's values read from the model on every masked image.
 */
describe('known answer: Owen values of a nonlinear network by their definition', () => {
  const shape = { height: 2, width: 2, channels: 3 };
  let model: ClassifierModel;
  let image: tf.Tensor3D;
  beforeAll(async () => {
    const net = tfl.sequential();
    net.add(tfl.layers.flatten({ inputShape: [2, 2, 3] }));
    net.add(tfl.layers.dense({ units: 5, activation: 'relu', name: 'hidden' }));
    net.add(tfl.layers.dense({ units: 3, activation: 'softmax', name: 'predictions' }));
    tf.tidy(() => {
      net.getLayer('hidden').setWeights([
        tf.tensor2d(
          Array.from({ length: 60 }, (_, i) => Math.sin(i * 1.7) * 0.02),
          [12, 5],
        ),
        tf.tensor1d([0.1, -0.5, 0.2, 0, -0.3]),
      ]);
      net.getLayer('predictions').setWeights([
        tf.tensor2d(
          Array.from({ length: 15 }, (_, i) => Math.cos(i * 2.3) * 1.5),
          [5, 3],
        ),
        tf.tensor1d([0, 0.2, -0.1]),
      ]);
    });
    model = await loadModel(await writeLayersModel(net, path.join(root, 'two-by-two')));
    image = tf.tensor3d([200, 30, 90, 10, 250, 120, 60, 180, 5, 140, 70, 220], [2, 2, 3]);
  });
  afterAll(() => {
    model.dispose();
    image.dispose();
  });

  /** v(mask) for all 4096 coalitions of the 12 features, from the model on the masked images. */
  function gameValues(
    masker: Parameters<typeof createImageMasker>[2],
    output: 'probabilities' | 'logits',
  ): Float32Array {
    const masking = createImageMasker(Float32Array.from(image.dataSync()), shape, masker);
    const images = new Float32Array(4096 * 12);
    for (let mask = 0; mask < 4096; mask++) {
      masking.apply(
        Uint8Array.from({ length: 12 }, (_, i) => (mask >> i) & 1),
        images,
        mask * 12,
      );
    }
    return tf.tidy(() =>
      Float32Array.from(
        model.run(tf.tensor4d(images, [4096, 2, 2, 3]), { output }).output.dataSync(),
      ),
    );
  }

  const leafIndex = (r: ImageRegion): number => (r.y0 * 2 + r.x0) * 3 + r.c0;

  it.each([
    ['inpaint_telea', { kind: 'inpaint_telea' }, 'probabilities'],
    ['inpaint_ns', { kind: 'inpaint_ns' }, 'logits'],
    ['constant', { kind: 'constant', value: 128 }, 'probabilities'],
  ] as const)('matches them with the %s masker (%s)', async (masker, spec, output) => {
    const values = gameValues(spec, output);
    const orders = hierarchicalOrders(rootRegion(shape), splitRegion, leafIndex);
    expect(orders).toHaveLength(2 ** 11);
    const expected = owenByDefinition(orders, (mask) => values.subarray(mask * 3, mask * 3 + 3), 3);
    const result = await runExplainer(shapPartition, {
      model,
      image,
      targets: [0, 1, 2],
      params: { masker, maskValue: 128, output, maxEvals: 1000 },
    });
    // Every node in every context: 1 + 4 + 16 + 32 expansions of two evaluations, plus two.
    expect(result.extras['evaluations']).toBe(108);
    for (const { target, map } of result.attributions) {
      expect(Array.from(map.data)).toEqual(
        Array.from(expected[target.index]!, (v) => expect.closeTo(v, 5)),
      );
    }
  });

  it('leaves credit on unexpanded regions, spread evenly over their features', async () => {
    const result = await runExplainer(shapPartition, {
      model,
      image,
      targets: [1],
      params: { masker: 'constant', maxEvals: 4 },
    });
    const map = result.attributions[0]!.map.data;
    const [top, bottom] = splitRegion(rootRegion(shape))!;
    expect(regionSize(top)).toBe(6);
    expect(new Set(Array.from(map.slice(0, 6))).size).toBe(1);
    expect(new Set(Array.from(map.slice(6))).size).toBe(1);
    expect(bottom.y0).toBe(1);
  });
});

describe('requirements and resources', () => {
  it("refuses output 'logits' for a model without a softmax to remove", async () => {
    const net = tfl.sequential();
    net.add(tfl.layers.flatten({ inputShape: [4, 4, 3] }));
    net.add(tfl.layers.dense({ units: 2, activation: 'sigmoid' }));
    const model = await loadModel(await writeLayersModel(net, path.join(root, 'sigmoid')));
    const image = seededImage(4, 3);
    const error = await runExplainer(shapPartition, {
      model,
      image,
      params: { output: 'logits' },
    }).catch((e: unknown) => e);
    expect(isLumenError(error, 'REQUIREMENT_UNMET')).toBe(true);
    expect((error as Error).message).toMatch(/output 'probabilities'/);
    image.dispose();
    model.dispose();
  });

  it('reports its cost as maxEvals model evaluations', () => {
    expect(
      shapPartition.cost?.(shapPartition.params.parse({}), { targets: 4, backgroundSize: 0 }),
    ).toEqual({ forwardPasses: 1000, backwardPasses: 0 });
  });

  it('leaks no tensors over 50 consecutive explanations', async () => {
    const model = await loadModel(
      await writeLayersModel(tinyCnn({ size: 8, classes: 3, seed: 2 }), path.join(root, 'leak')),
    );
    const image = seededImage(8, 4);
    const explain = () =>
      runExplainer(shapPartition, {
        model,
        image,
        targets: 'top2',
        batchSize: 4,
        params: { maxEvals: 10 },
      });
    await explain();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) await explain();
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
    model.dispose();
  });
});
