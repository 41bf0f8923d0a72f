import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRandom,
  initBackend,
  loadModel,
  runExplainer,
  targetGradients,
  tf,
  type ClassifierModel,
} from '@lumen/core';
import {
  describeExplainerConformance,
  linearSoftmaxModel,
  makeTempDir,
  tinyCnn,
  writeLayersModel,
} from '@lumen/core/testing';
import { smoothGrad } from './smoothgrad.ts';
import { dot, quadraticModel } from './test-fixtures.ts';

describeExplainerConformance({
  explainer: smoothGrad,
  params: { samples: 3 },
  invalidParams: [
    { samples: 0 },
    { samples: 1.5 },
    { noiseLevel: -0.1 },
    { variant: 'smoothgrad_sq' },
    { output: 'softmax' },
  ],
});

const SIZE = 4;
const D = SIZE * SIZE * 3;
const random = createRandom(21);
const pixels = random.uniformArray(D, 0, 255);
const range = Math.max(...pixels) - Math.min(...pixels);
const v = random.uniformArray(D, -0.01, 0.01);
// c puts h(x) near 0.8, so that the noise's share s^2 of E[h^2] is large enough to be measured.
const q = { v, c: 0.8 - dot(v, pixels), u: [0.7, -0.4, 0.3], b: [0, 0.1, -0.2] };
const W = random.uniformArray(D * 3, -0.2, 0.2);

let root: string;
let quadratic: ClassifierModel;
let linear: ClassifierModel;
let cnn: ClassifierModel;

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', env: {} });
  root = await makeTempDir('lumen-smoothgrad-');
  quadratic = await loadModel(
    await writeLayersModel(quadraticModel({ size: SIZE, ...q }), path.join(root, 'quadratic'), {
      classNames: ['a', 'b', 'c'],
    }),
  );
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
  cnn = await loadModel(
    await writeLayersModel(tinyCnn({ size: SIZE, classes: 3, seed: 9 }), path.join(root, 'cnn'), {
      classNames: ['a', 'b', 'c'],
      input: { preprocess: { mode: 'tf' } },
    }),
  );
});

afterAll(async () => {
  for (const model of [quadratic, linear, cnn]) model?.dispose();
  await fs.rm(root, { recursive: true, force: true });
});

async function explain(
  model: ClassifierModel,
  params: Record<string, unknown>,
  options: { batchSize?: number; seed?: number } = {},
) {
  const img = tf.tensor3d(pixels, [SIZE, SIZE, 3]);
  try {
    return await runExplainer(smoothGrad, {
      model,
      image: img,
      params,
      targets: 'top3',
      batchSize: options.batchSize ?? 32,
      seed: options.seed ?? 0,
    });
  } finally {
    img.dispose();
  }
}

function plainGradients(
  model: ClassifierModel,
  classes: number[],
  output: 'logits' | 'probabilities' = 'logits',
): Float32Array[] {
  return tf.tidy(() => {
    const images = tf.tile(tf.reshape(tf.tensor1d(pixels), [1, SIZE, SIZE, 3]), [
      classes.length,
      1,
      1,
      1,
    ]) as tf.Tensor4D;
    const { gradients } = targetGradients(model, images, classes, { output });
    return tf.unstack(gradients).map((g) => g.dataSync() as Float32Array);
  });
}

describe('with no noise', () => {
  it('smoothgrad is the plain gradient, smoothgrad-squared its square and vargrad zero', async () => {
    const [mean, squared, variance] = await Promise.all(
      (['smoothgrad', 'smoothgrad-squared', 'vargrad'] as const).map((variant) =>
        explain(cnn, { noiseLevel: 0, samples: 4, variant }),
      ),
    );
    const plain = plainGradients(
      cnn,
      mean!.attributions.map((a) => a.target.index),
    );
    mean!.attributions.forEach((attribution, t) => {
      const g = plain[t]!;
      expect(Math.max(...Array.from(g, Math.abs))).toBeGreaterThan(1e-4);
      Array.from(attribution.map.data).forEach((value, i) => expect(value).toBeCloseTo(g[i]!, 7));
      Array.from(squared!.attributions[t]!.map.data).forEach((value, i) =>
        expect(value).toBeCloseTo(g[i]! * g[i]!, 9),
      );
      expect(variance!.attributions[t]!.map.data.every((v) => v === 0)).toBe(true);
      expect(attribution.extras.noiseStd).toBe(0);
    });
  });
});

describe('on a model linear in its input', () => {
  it('smoothgrad equals the constant gradient W_k / 127.5 for any noise, and vargrad is zero', async () => {
    for (const noiseLevel of [0.1, 0.5, 2]) {
      const mean = await explain(linear, { noiseLevel, samples: 8 });
      for (const attribution of mean.attributions) {
        const k = attribution.target.index;
        Array.from(attribution.map.data).forEach((value, i) =>
          expect(value).toBeCloseTo((W[i * 3 + k] as number) / 127.5, 7),
        );
        expect(attribution.extras.noiseStd).toBeCloseTo(noiseLevel * range, 4);
      }
      const variance = await explain(linear, { noiseLevel, samples: 8, variant: 'vargrad' });
      for (const attribution of variance.attributions)
        expect(attribution.map.data.every((v) => v === 0)).toBe(true);
    }
  });
});

describe('on a hand-built quadratic network (d logit_k / dx = 2 u_k h v, h = v.x + c)', () => {
  // With noise e ~ N(0, sigma^2 I), h(x + e) ~ N(h(x), s^2) where s = sigma * |v|.
  const samples = 2000;
  const noiseLevel = 0.15;
  const sigma = noiseLevel * range;
  const s2 = sigma * sigma * dot(q.v, q.v);
  const hx = dot(q.v, pixels) + q.c;

  /** Each map divided elementwise by its known factor; returns the common value (checking that it is common). */
  const commonFactor = (data: Float32Array, factor: (i: number) => number): number => {
    const ratios = Array.from(data, (value, i) => value / factor(i));
    const first = ratios[0] as number;
    ratios.forEach((r) =>
      expect(r).toBeCloseTo(first, Math.max(0, 4 - Math.ceil(Math.log10(Math.abs(first) + 1)))),
    );
    return first;
  };

  it('smoothgrad -> 2 u_k v E[h] = 2 u_k v h(x)', async () => {
    const result = await explain(quadratic, { samples, noiseLevel });
    for (const attribution of result.attributions) {
      const u = q.u[attribution.target.index] as number;
      const meanH = commonFactor(attribution.map.data, (i) => 2 * u * (q.v[i] as number));
      expect(Math.abs(meanH - hx)).toBeLessThan(4 * Math.sqrt(s2 / samples));
    }
    expect(s2).toBeGreaterThan(hx * hx);
  });

  it('smoothgrad-squared -> mean of squares 4 u_k^2 v^2 E[h^2] = 4 u_k^2 v^2 (h(x)^2 + s^2)', async () => {
    const result = await explain(quadratic, { samples, noiseLevel, variant: 'smoothgrad-squared' });
    for (const attribution of result.attributions) {
      expect(attribution.signed).toBe(false);
      const u = q.u[attribution.target.index] as number;
      const meanH2 = commonFactor(attribution.map.data, (i) => 4 * u * u * (q.v[i] as number) ** 2);
      const standardError = Math.sqrt((4 * hx * hx * s2 + 2 * s2 * s2) / samples);
      expect(Math.abs(meanH2 - (hx * hx + s2))).toBeLessThan(4 * standardError);
    }
  });

  it('vargrad -> 4 u_k^2 v^2 Var[h] = 4 u_k^2 v^2 s^2', async () => {
    const result = await explain(quadratic, { samples, noiseLevel, variant: 'vargrad' });
    for (const attribution of result.attributions) {
      const u = q.u[attribution.target.index] as number;
      const varH = commonFactor(attribution.map.data, (i) => 4 * u * u * (q.v[i] as number) ** 2);
      expect(Math.abs(varH - s2)).toBeLessThan(4 * s2 * Math.sqrt(2 / samples));
    }
  });
});

describe('variants share their noise', () => {
  it('vargrad = smoothgrad-squared - smoothgrad^2 for the same seed, on a ReLU CNN', async () => {
    const [mean, squared, variance] = await Promise.all(
      (['smoothgrad', 'smoothgrad-squared', 'vargrad'] as const).map((variant) =>
        explain(cnn, { samples: 16, variant }, { seed: 3 }),
      ),
    );
    expect(mean!.attributions[0]!.signed).toBe(true);
    variance!.attributions.forEach((attribution, t) => {
      const m = mean!.attributions[t]!.map.data;
      const sq = squared!.attributions[t]!.map.data;
      const peak = Math.max(...sq);
      expect(Math.max(...attribution.map.data)).toBeGreaterThan(0);
      Array.from(attribution.map.data).forEach((value, i) =>
        expect(Math.abs(value - Math.max(0, sq[i]! - m[i]! ** 2))).toBeLessThan(1e-5 * peak),
      );
    });
  });
});

describe('batching and resources', () => {
  it('gives the same map whatever the batch size', async () => {
    const one = await explain(cnn, { samples: 5 }, { batchSize: 1 });
    const many = await explain(cnn, { samples: 5 }, { batchSize: 7 });
    one.attributions.forEach((attribution, t) => {
      expect(Array.from(attribution.map.data)).toEqual(Array.from(many.attributions[t]!.map.data));
    });
  });

  it('differs with the seed', async () => {
    const a = await explain(cnn, { samples: 4 }, { seed: 1 });
    const b = await explain(cnn, { samples: 4 }, { seed: 2 });
    expect(Array.from(a.attributions[0]!.map.data)).not.toEqual(
      Array.from(b.attributions[0]!.map.data),
    );
  });

  it('leaks no tensors over 50 explanations', async () => {
    await explain(cnn, { samples: 2 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++)
      await explain(cnn, { samples: 2, variant: i % 2 ? 'vargrad' : 'smoothgrad' }, { seed: i });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('declares its cost: samples x targets backward passes', () => {
    expect(
      smoothGrad.cost?.(smoothGrad.params.parse({}), { targets: 2, backgroundSize: 0 }),
    ).toEqual({ forwardPasses: 0, backwardPasses: 100 });
  });
});
