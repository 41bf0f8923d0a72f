import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  initBackend,
  isLumenError,
  loadModel,
  runExplainer,
  tf,
  type ClassifierModel,
} from '@lumen/core';
import {
  describeExplainerConformance,
  linearSoftmaxModel,
  makeTempDir,
  measurePointingGame,
  tinyCnn,
  writeLayersModel,
} from '@lumen/core/testing';
import { rise } from './rise.ts';

describeExplainerConformance({
  explainer: rise,
  params: { numMasks: 24, gridSize: 4 },
  invalidParams: [
    { numMasks: 0 },
    { numMasks: 10.5 },
    { gridSize: 1 },
    { keepProbability: 0 },
    { keepProbability: 1 },
    { baseline: -1 },
    { baseline: 'noise' },
    { output: 'probability' },
  ],
});

/** Bilinear weights of RISE's upsampling, straight from the definition (half-pixel centres, mirrored edges). */
function interpolationWeights(s: number, upsampled: number, u: number): number[] {
  const weights = new Array<number>(s).fill(0);
  const source = ((u + 0.5) * s) / upsampled - 0.5;
  const below = Math.floor(source);
  const mirror = (i: number) => (i < 0 ? -i : i > s - 1 ? 2 * (s - 1) - i : i);
  weights[mirror(below)]! += 1 - (source - below);
  weights[mirror(below + 1)]! += source - below;
  return weights;
}

const dot = (a: number[], b: number[]) => a.reduce((acc, v, i) => acc + v * (b[i] as number), 0);

describe('rise on models linear in their pixels', () => {
  let root: string;
  beforeAll(async () => {
    await initBackend({ prefer: 'cpu', env: {} });
    root = await makeTempDir();
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  const load = async (
    name: string,
    size: number,
    W: Float32Array,
    b: Float32Array,
  ): Promise<ClassifierModel> =>
    loadModel(
      await writeLayersModel(linearSoftmaxModel(size, W, b), path.join(root, name), {
        classNames: Array.from(b, (_, k) => `c${k}`),
      }),
    );

  /**
   * With baseline 0 and logits, f(masked) = b + sum_j v_j M_j (v_j = sum_c W[j,c] x[j,c]), so
   * E[saliency_q] = E[f M_q] / p = b + sum_j v_j (p + (1 - p) E_shift[<w_j, w_q>]), where w_j
   * are pixel j's bilinear weights over the grid cells (cells are independent Bernoulli(p)).
   */
  it('is unbiased: the map converges to its closed-form expectation at rate 1/sqrt(N)', async () => {
    const size = 8;
    const s = 3;
    const p = 0.5;
    const cell = Math.ceil(size / s);
    const upsampled = (s + 1) * cell;
    const v = Array.from({ length: size * size }, (_, j): number =>
      Math.floor(j / size) < 4 && j % size >= 3 && j % size < 7 ? 0.05 : 0,
    );
    const x = new Float32Array(size * size * 3).fill(50);
    const W = new Float32Array(size * size * 3 * 2);
    v.forEach((vj, j) => (W[j * 3 * 2] = vj / 50));
    const bias = 0.2;
    const model = await load('unbiased', size, W, new Float32Array([bias, 0]));
    const weights = Array.from({ length: upsampled }, (_, u) =>
      interpolationWeights(s, upsampled, u),
    );
    const expected = Array.from({ length: size * size }, (_, q) => {
      let total = 0;
      for (let j = 0; j < size * size; j++) {
        if (v[j] === 0) continue;
        let overlap = 0;
        for (let dy = 0; dy < cell; dy++) {
          for (let dx = 0; dx < cell; dx++) {
            const rows = dot(
              weights[dy + Math.floor(j / size)]!,
              weights[dy + Math.floor(q / size)]!,
            );
            const cols = dot(weights[dx + (j % size)]!, weights[dx + (q % size)]!);
            overlap += (rows * cols) / (cell * cell);
          }
        }
        total += (v[j] as number) * (p + (1 - p) * overlap);
      }
      return bias + total;
    });
    const image = tf.tensor3d(x, [size, size, 3]);
    const errors: number[] = [];
    for (const numMasks of [250, 1000, 4000]) {
      const result = await runExplainer(rise, {
        model,
        image,
        targets: [0],
        batchSize: 250,
        params: { numMasks, gridSize: s, keepProbability: p, output: 'logits', baseline: 0 },
      });
      const map = result.attributions[0]!.map.data;
      errors.push(
        Math.sqrt(
          expected.reduce((acc, e, q) => acc + (e - (map[q] as number)) ** 2, 0) / expected.length,
        ),
      );
    }
    image.dispose();
    model.dispose();
    // Var(f M_q / p) <= E[f^2 M_q] / p^2 <= max f^2 / p: three standard errors at most.
    const largest = bias + v.reduce((acc, vj) => acc + vj, 0);
    [250, 1000, 4000].forEach((numMasks, i) =>
      expect(errors[i]).toBeLessThan((3 * largest) / Math.sqrt(p * numMasks)),
    );
    expect(errors[2]).toBeLessThan((errors[0] as number) / 2);
    // The spatial structure is real, not noise: the expectation varies more than the error.
    expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(
      5 * (errors[2] as number),
    );
  });

  const explainRegion = async (params: Record<string, unknown>, batchSize = 16, seed = 0) => {
    // 16x16 image; class 0's logit reads only the 4x4 block at rows 2..5, columns 9..12.
    const size = 16;
    const W = new Float32Array(size * size * 3 * 2);
    for (let y = 2; y < 6; y++)
      for (let x = 9; x < 13; x++)
        for (let c = 0; c < 3; c++) W[((y * size + x) * 3 + c) * 2] = 0.25 / 360;
    const model = await load(
      `region-${seed}-${batchSize}-${JSON.stringify(params)}`,
      size,
      W,
      new Float32Array([-2, 0]),
    );
    const image = tf.fill([size, size, 3], 120) as tf.Tensor3D;
    try {
      return await runExplainer(rise, {
        model,
        image,
        targets: [0],
        batchSize,
        seed,
        params: { numMasks: 400, gridSize: 4, baseline: 0, ...params },
      });
    } finally {
      image.dispose();
      model.dispose();
    }
  };
  const inBlock = (i: number) =>
    Math.floor(i / 16) >= 2 && Math.floor(i / 16) < 6 && i % 16 >= 9 && i % 16 < 13;

  it('peaks on the only region the score depends on', async () => {
    const result = await explainRegion({});
    const map = result.attributions[0]!.map.data;
    const peak = map.indexOf(Math.max(...map));
    expect(inBlock(peak)).toBe(true);
    // Pixels a whole grid cell (4 px) or more from the block never share its fate as much.
    const far = (i: number) => Math.floor(i / 16) >= 10 || i % 16 <= 4;
    const block = Array.from(map).filter((_, i) => inBlock(i));
    const outside = Array.from(map).filter((_, i) => far(i));
    expect(Math.min(...block)).toBeGreaterThan(Math.max(...outside));
    expect(result.attributions[0]!.signed).toBe(false);
    expect(result.extras).toMatchObject({ forwardPasses: 400, gridSize: 4, cellSize: [4, 4] });
  });

  it('gives the constant score everywhere when the score ignores the image (masks average to p)', async () => {
    const size = 8;
    const model = await load(
      'constant',
      size,
      new Float32Array(size * size * 3 * 3),
      new Float32Array([0.3, -0.2, 0.1]),
    );
    const image = tf.fill([size, size, 3], 200) as tf.Tensor3D;
    const result = await runExplainer(rise, {
      model,
      image,
      targets: [0, 1],
      params: { numMasks: 3000, gridSize: 2, keepProbability: 0.3 },
      batchSize: 500,
    });
    image.dispose();
    model.dispose();
    const e = [0.3, -0.2, 0.1].map(Math.exp);
    for (const attribution of result.attributions) {
      const probability = (e[attribution.target.index] as number) / e.reduce((a, b) => a + b, 0);
      expect(attribution.extras.meanScore).toBeCloseTo(probability, 5);
      // Every mask pixel is Bernoulli-weighted; 3000 masks leave a few percent of noise.
      for (const value of attribution.map.data)
        expect(Math.abs(value / probability - 1)).toBeLessThan(0.08);
    }
  });

  it('is reproducible for a seed, changes with the seed, and ignores the batch size', async () => {
    const first = Array.from(
      (await explainRegion({ numMasks: 1100 }, 16, 5)).attributions[0]!.map.data,
    );
    const again = Array.from(
      (await explainRegion({ numMasks: 1100 }, 7, 5)).attributions[0]!.map.data,
    );
    const other = Array.from(
      (await explainRegion({ numMasks: 1100 }, 16, 6)).attributions[0]!.map.data,
    );
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('marks logit maps as signed', async () => {
    const result = await explainRegion({ numMasks: 40, output: 'logits' });
    expect(result.attributions[0]!.signed).toBe(true);
    expect(Math.min(...result.attributions[0]!.map.data)).toBeLessThan(0);
  });

  it('refuses a grid finer than the input', async () => {
    const error = await explainRegion({ gridSize: 17 }).catch((e: unknown) => e);
    expect(isLumenError(error, 'INVALID_PARAMS')).toBe(true);
    expect((error as Error).message).toMatch(/16x16/);
  });

  it('costs one forward pass per mask', () => {
    expect(rise.cost!(rise.params.parse({}), { targets: 3, backgroundSize: 0 })).toEqual({
      forwardPasses: 1000,
      backwardPasses: 0,
    });
  });
});

describe('rise over many runs', () => {
  let root: string;
  let model: ClassifierModel;
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm', env: {} });
    root = await makeTempDir();
    model = await loadModel(
      await writeLayersModel(tinyCnn({ size: 8, classes: 3, seed: 3 }), path.join(root, 'tiny'), {
        classNames: ['a', 'b', 'c'],
      }),
    );
  });
  afterAll(async () => {
    model.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('leaks no tensors over 50 explanations', async () => {
    const image = tf.randomUniform([8, 8, 3], 0, 255, 'float32', 5) as tf.Tensor3D;
    const explainOnce = () =>
      runExplainer(rise, {
        model,
        image,
        targets: 'top2',
        params: { numMasks: 12, gridSize: 3, baseline: 'blur' },
        batchSize: 4,
      });
    await explainOnce();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) await explainOnce();
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });
});

describe('rise on the demo model v2', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm', env: {} });
  });

  // Measured: 38/40 (0.95) with 500 masks. On the earlier v2 (trained without its attention
  // prior): 35/40, and image-space black as the baseline scored 17/40, which is why the default
  // is the image's mean colour.
  it('points at the object (pointing game floor)', async () => {
    const result = await measurePointingGame(rise, { count: 40, params: { numMasks: 500 } });
    expect(result.rate).toBeGreaterThanOrEqual(0.8);
  });
});
