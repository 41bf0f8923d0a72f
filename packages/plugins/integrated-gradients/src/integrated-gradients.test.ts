import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRandom,
  gaussianBlur,
  initBackend,
  loadModel,
  runExplainer,
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
import { integratedGradients } from './integrated-gradients.ts';
import { QUADRATURE_METHODS, quadrature, type QuadratureMethod } from './quadrature.ts';
import { dot, quadraticModel, sum } from './test-fixtures.ts';

describeExplainerConformance({
  explainer: integratedGradients,
  params: { steps: 3 },
  invalidParams: [
    { steps: 0 },
    { steps: 2.5 },
    { method: 'gausslegendre' },
    { method: 'riemann-trapezoid', steps: 1 },
    { baseline: 'grey' },
    { baseline: 300 },
    { blurSigma: 0 },
    { output: 'softmax' },
  ],
});

const SIZE = 4;
const D = SIZE * SIZE * 3;
const random = createRandom(11);
const pixels = random.uniformArray(D, 0, 255);
const image = () => tf.tensor3d(pixels, [SIZE, SIZE, 3]);

let root: string;
let quadratic: ClassifierModel;
let linear: ClassifierModel;
let cnn: ClassifierModel;
const q = {
  v: random.uniformArray(D, -0.01, 0.01),
  c: 0.3,
  u: [0.8, -0.5, 0.2],
  b: [0, 0.1, -0.2],
};
const W = random.uniformArray(D * 3, -0.2, 0.2);

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', env: {} });
  root = await makeTempDir('lumen-ig-');
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
    await writeLayersModel(tinyCnn({ size: 8, classes: 3, seed: 5 }), path.join(root, 'cnn'), {
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
  options: { targets?: string | number[]; batchSize?: number; seed?: number } = {},
) {
  const img =
    model === cnn
      ? tf.tensor3d(random.fork('cnn').uniformArray(8 * 8 * 3, 0, 255), [8, 8, 3])
      : image();
  try {
    return await runExplainer(integratedGradients, {
      model,
      image: img,
      params,
      targets: options.targets ?? 'top3',
      batchSize: options.batchSize ?? 16,
      seed: options.seed ?? 0,
    });
  } finally {
    img.dispose();
  }
}

describe('integrated gradients on a hand-built quadratic network (logit_k = u_k h^2 + b_k, h = v.x + c)', () => {
  const h = (x: ArrayLike<number>) => dot(q.v, x) + q.c;

  it.each([
    ['gauss-legendre', 1],
    ['gauss-legendre', 3],
    ['riemann-middle', 4],
    ['riemann-trapezoid', 2],
    ['riemann-left', 5],
    ['riemann-right', 5],
  ] as [QuadratureMethod, number][])(
    '%s with %i steps gives (x - b) * 2 u_k v * (h_b + s (h_x - h_b)), s = sum(w alpha)',
    async (method, steps) => {
      const constant = 40;
      const result = await explain(quadratic, { method, steps, baseline: constant });
      const { alphas, weights } = quadrature(method, steps);
      const s = dot(alphas, weights);
      const hx = h(pixels);
      const hb = h(new Float32Array(D).fill(constant));
      for (const attribution of result.attributions) {
        const k = attribution.target.index;
        const u = q.u[k] as number;
        const expected = Array.from(
          pixels,
          (x, i) => (x - constant) * 2 * u * (q.v[i] as number) * (hb + s * (hx - hb)),
        );
        const scale = Math.max(...expected.map(Math.abs));
        Array.from(attribution.map.data).forEach((value, i) =>
          expect(Math.abs(value - (expected[i] as number))).toBeLessThan(1e-4 * scale),
        );
        // Completeness is exact for rules that integrate straight lines (s = 1/2); left/right miss it by -/+ u (h_x - h_b)^2 / n.
        expect(attribution.extras.completenessDelta).toBeCloseTo(
          u * (hx - hb) ** 2 * (2 * s - 1),
          4,
        );
        expect(attribution.extras.baselineScore).toBeCloseTo(u * hb * hb + (q.b[k] as number), 4);
        expect(attribution.extras.imageScore).toBeCloseTo(u * hx * hx + (q.b[k] as number), 4);
        expect(attribution.extras).toMatchObject({
          baseline: 'constant',
          baselineValue: constant,
          output: 'logits',
          method,
          steps,
        });
      }
    },
  );
});

describe('completeness', () => {
  it.each(QUADRATURE_METHODS)(
    'is exact at any step count for a model linear in its input (%s)',
    async (method) => {
      for (const steps of method === 'riemann-trapezoid' ? [2, 7] : [1, 2, 7]) {
        const result = await explain(linear, { method, steps, baseline: 'uniform' });
        const ranges = result.attributions.map((a) =>
          Math.abs(a.extras.imageScore - a.extras.baselineScore),
        );
        expect(Math.max(...ranges)).toBeGreaterThan(0.3);
        for (const attribution of result.attributions) {
          expect(Math.abs(attribution.extras.completenessDelta)).toBeLessThan(2e-5);
          expect(sum(attribution.map.data)).toBeCloseTo(
            attribution.extras.imageScore - attribution.extras.baselineScore,
            4,
          );
        }
      }
    },
  );

  it('equals W_k * (x - b) in model-input units on the linear model (tf preprocessing: d/dx = W / 127.5)', async () => {
    const result = await explain(linear, { steps: 2 }, { targets: [0, 2] });
    for (const attribution of result.attributions) {
      const k = attribution.target.index;
      Array.from(attribution.map.data).forEach((value, i) =>
        expect(value).toBeCloseTo((pixels[i] as number) * ((W[i * 3 + k] as number) / 127.5), 5),
      );
    }
  });

  it.each(['gauss-legendre', 'riemann-middle', 'riemann-trapezoid', 'riemann-right'] as const)(
    'has a delta that shrinks as steps grow on a ReLU CNN (%s)',
    async (method) => {
      const deltas: number[] = [];
      for (const steps of [2, 8, 32, 128]) {
        const result = await explain(cnn, { method, steps }, { targets: [0], batchSize: 128 });
        deltas.push(Math.abs(result.attributions[0]!.extras.completenessDelta));
      }
      console.log(
        `IG ${method} |delta| at steps 2, 8, 32, 128: ${deltas.map((d) => d.toExponential(2)).join(', ')}`,
      );
      expect(deltas[3]!).toBeLessThan(deltas[0]! / 10);
      expect(deltas[3]!).toBeLessThan(1e-2);
    },
  );

  it('integrates the class probability when asked, converging to p(x) - p(baseline)', async () => {
    const result = await explain(quadratic, { output: 'probabilities', steps: 64 });
    for (const attribution of result.attributions) {
      expect(attribution.extras.output).toBe('probabilities');
      expect(attribution.extras.imageScore).toBeCloseTo(attribution.target.probability, 6);
      expect(Math.abs(attribution.extras.completenessDelta)).toBeLessThan(1e-4);
    }
    const coarse = await explain(quadratic, { output: 'probabilities', steps: 1 });
    expect(
      Math.max(...coarse.attributions.map((a) => Math.abs(a.extras.completenessDelta))),
    ).toBeGreaterThan(1e-3);
  });
});

describe('baselines', () => {
  const scoreOf = (model: ClassifierModel, images: tf.Tensor3D, k: number) =>
    tf.tidy(
      () =>
        model.run(tf.expandDims(images, 0) as tf.Tensor4D, { output: 'logits' }).output.dataSync()[
          k
        ] as number,
    );

  it("'black' starts from zeros and 'blurred' from the Gaussian-blurred image", async () => {
    const black = await explain(cnn, { steps: 2, baseline: 'black' }, { targets: [1] });
    const zeros = tf.zeros([8, 8, 3]) as tf.Tensor3D;
    expect(black.attributions[0]!.extras.baselineScore).toBeCloseTo(scoreOf(cnn, zeros, 1), 5);
    zeros.dispose();

    const blurred = await explain(
      cnn,
      { steps: 2, baseline: 'blurred', blurSigma: 1.5 },
      { targets: [1] },
    );
    const img = tf.tensor3d(random.fork('cnn').uniformArray(8 * 8 * 3, 0, 255), [8, 8, 3]);
    const blur = gaussianBlur(img, 1.5);
    expect(blurred.attributions[0]!.extras.baselineScore).toBeCloseTo(scoreOf(cnn, blur, 1), 5);
    expect(blurred.attributions[0]!.extras.baseline).toBe('blurred');
    tf.dispose([img, blur]);
  });

  it("'uniform' is seeded: same seed, same baseline; another seed, another", async () => {
    const a = await explain(cnn, { steps: 2, baseline: 'uniform' }, { seed: 1 });
    const b = await explain(cnn, { steps: 2, baseline: 'uniform' }, { seed: 1 });
    const c = await explain(cnn, { steps: 2, baseline: 'uniform' }, { seed: 2 });
    expect(b.attributions[0]!.extras.baselineScore).toBe(a.attributions[0]!.extras.baselineScore);
    expect(Array.from(b.attributions[0]!.map.data)).toEqual(
      Array.from(a.attributions[0]!.map.data),
    );
    expect(c.attributions[0]!.extras.baselineScore).not.toBe(
      a.attributions[0]!.extras.baselineScore,
    );
  });
});

describe('batching and resources', () => {
  it('gives the same attributions whatever the batch size', async () => {
    const one = await explain(cnn, { steps: 5 }, { batchSize: 1 });
    const many = await explain(cnn, { steps: 5 }, { batchSize: 64 });
    one.attributions.forEach((attribution, t) => {
      const other = many.attributions[t]!.map.data;
      Array.from(attribution.map.data).forEach((value, i) =>
        expect(value).toBeCloseTo(other[i] as number, 5),
      );
    });
  });

  it('leaks no tensors over 50 explanations', async () => {
    await explain(cnn, { steps: 2 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++)
      await explain(cnn, { steps: 2, baseline: i % 2 ? 'blurred' : 'uniform' }, { seed: i });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('declares its cost: steps x targets backward passes', () => {
    expect(
      integratedGradients.cost?.(integratedGradients.params.parse({ steps: 20 }), {
        targets: 3,
        backgroundSize: 0,
      }),
    ).toEqual({
      forwardPasses: 2,
      backwardPasses: 60,
    });
  });
});
