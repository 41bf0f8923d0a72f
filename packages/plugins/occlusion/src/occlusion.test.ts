import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  gaussianBlur,
  inputSpecSchema,
  initBackend,
  isLumenError,
  loadModel,
  modelFacade,
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
import { occlusion } from './occlusion.ts';

describeExplainerConformance({
  explainer: occlusion,
  params: { window: 8 },
  invalidParams: [
    { window: 0 },
    { window: 2.5 },
    { window: 4, stride: 5 },
    { stride: 0 },
    { baseline: 'zero' },
    { baseline: 300 },
    { blurSigma: 0 },
    { output: 'loss' },
  ],
});

/**
 * A 6x6x3 image and a model linear up to its softmax: logit_k = sum_f x_f W[f,k] + b_k.
 * Occluding a window R with baseline z drops logit k by sum_{f in R} (x_f - z_f) W[f,k].
 * Window 3, stride 2 on 6 pixels: Captum places starts 0, 2, 4 per axis; the last window
 * (4..6) is clipped to 4..5.
 */
describe('occlusion on a model linear in its pixels', () => {
  const size = 6;
  const classes = 2;
  const W = Float32Array.from(
    { length: size * size * 3 * classes },
    (_, i) => Math.sin(i * 0.37) * 0.01,
  );
  const b = new Float32Array([0.1, -0.2]);
  const x = Float32Array.from({ length: size * size * 3 }, (_, i) => (i * 89) % 256);
  const starts = [0, 2, 4];
  let root: string;
  let model: ClassifierModel;

  beforeAll(async () => {
    await initBackend({ prefer: 'cpu', env: {} });
    root = await makeTempDir();
    model = await loadModel(
      await writeLayersModel(linearSoftmaxModel(size, W, b), path.join(root, 'linear'), {
        classNames: ['a', 'b'],
      }),
    );
  });
  afterAll(async () => {
    model.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  const logits = (pixels: Float32Array): number[] =>
    Array.from({ length: classes }, (_, k) =>
      pixels.reduce((s, v, f) => s + v * (W[f * classes + k] as number), b[k] as number),
    );
  const softmax = (z: number[]): number[] => {
    const e = z.map((v) => Math.exp(v - Math.max(...z)));
    return e.map((v) => v / e.reduce((s, u) => s + u, 0));
  };
  const occlude = (baseline: Float32Array, top: number, left: number): Float32Array => {
    const out = x.slice();
    for (let y = top; y < Math.min(size, top + 3); y++) {
      for (let xx = left; xx < Math.min(size, left + 3); xx++) {
        for (let c = 0; c < 3; c++)
          out[(y * size + xx) * 3 + c] = baseline[(y * size + xx) * 3 + c] as number;
      }
    }
    return out;
  };
  /** The definition, window by window: each pixel averages the drops of the windows over it. */
  const expectedMap = (
    score: (pixels: Float32Array) => number,
    baseline: Float32Array,
  ): number[] => {
    const sums = new Array<number>(size * size).fill(0);
    const counts = new Array<number>(size * size).fill(0);
    for (const top of starts) {
      for (const left of starts) {
        const drop = score(x) - score(occlude(baseline, top, left));
        for (let y = top; y < Math.min(size, top + 3); y++) {
          for (let xx = left; xx < Math.min(size, left + 3); xx++) {
            sums[y * size + xx]! += drop;
            counts[y * size + xx]! += 1;
          }
        }
      }
    }
    return sums.map((s, i) => s / (counts[i] as number));
  };
  const explain = async (params: Record<string, unknown>, batchSize = 4) => {
    const image = tf.tensor3d(x, [size, size, 3]);
    try {
      return await runExplainer(occlusion, {
        model,
        image,
        targets: [0, 1],
        params: { window: 3, stride: 2, ...params },
        batchSize,
      });
    } finally {
      image.dispose();
    }
  };

  it('gives each pixel the average logit drop of the windows covering it (constant baseline)', async () => {
    const result = await explain({ output: 'logits', baseline: 40 });
    const baseline = new Float32Array(x.length).fill(40);
    for (const attribution of result.attributions) {
      const k = attribution.target.index;
      expect(attribution.map.shape).toEqual([size, size]);
      expect(attribution.signed).toBe(true);
      expect(Array.from(attribution.map.data)).toEqual(
        expectedMap((p) => logits(p)[k] as number, baseline).map((v) => expect.closeTo(v, 4)),
      );
    }
    expect(result.extras).toMatchObject({ windows: 9, forwardPasses: 10, stride: 2 });
  });

  it('the clipped border window alone explains the bottom-right corner', async () => {
    const result = await explain({ output: 'logits', baseline: 0 });
    const k = result.attributions[0]!.target.index;
    const corner = occlude(new Float32Array(x.length), 4, 4);
    const drop = (logits(x)[k] as number) - (logits(corner)[k] as number);
    expect(result.attributions[0]!.map.data[size * size - 1]).toBeCloseTo(drop, 4);
  });

  it('measures probability drops by default', async () => {
    const result = await explain({ baseline: 100 });
    const baseline = new Float32Array(x.length).fill(100);
    for (const attribution of result.attributions) {
      const k = attribution.target.index;
      const expected = expectedMap((p) => softmax(logits(p))[k] as number, baseline);
      expect(Array.from(attribution.map.data)).toEqual(expected.map((v) => expect.closeTo(v, 5)));
      expect(attribution.extras.score).toBeCloseTo(softmax(logits(x))[k] as number, 5);
    }
  });

  it("replaces occluded pixels with the image's mean colour for baseline 'mean'", async () => {
    const mean = [0, 1, 2].map(
      (c) => x.filter((_, i) => i % 3 === c).reduce((s, v) => s + v, 0) / (size * size),
    );
    const baseline = Float32Array.from({ length: x.length }, (_, i) => mean[i % 3] as number);
    const result = await explain({ output: 'logits', baseline: 'mean' });
    const k = result.attributions[1]!.target.index;
    expect(Array.from(result.attributions[1]!.map.data)).toEqual(
      expectedMap((p) => logits(p)[k] as number, baseline).map((v) => expect.closeTo(v, 4)),
    );
  });

  it("replaces occluded pixels with the blurred image for baseline 'blur'", async () => {
    const blurred = tf.tidy(() => gaussianBlur(tf.tensor3d(x, [size, size, 3]), 1.5));
    const baseline = Float32Array.from(blurred.dataSync());
    blurred.dispose();
    const result = await explain({ output: 'logits', baseline: 'blur', blurSigma: 1.5 });
    const k = result.attributions[0]!.target.index;
    expect(Array.from(result.attributions[0]!.map.data)).toEqual(
      expectedMap((p) => logits(p)[k] as number, baseline).map((v) => expect.closeTo(v, 4)),
    );
  });

  it('does not depend on the batch size', async () => {
    const one = await explain({ output: 'logits' }, 1);
    const seven = await explain({ output: 'logits' }, 7);
    expect(seven.attributions.map((a) => Array.from(a.map.data))).toEqual(
      one.attributions.map((a) => Array.from(a.map.data)),
    );
  });

  it('refuses a window larger than the input, naming the input size', async () => {
    const error = await explain({ window: 7, stride: 3 }).catch((e: unknown) => e);
    expect(isLumenError(error, 'INVALID_PARAMS')).toBe(true);
    expect((error as Error).message).toMatch(/6x6/);
  });

  it('counts one forward pass per window position plus the unoccluded image', () => {
    const params = occlusion.params.parse({});
    const sized = (height: number, width: number) =>
      modelFacade({
        identity: { name: 'sized' },
        format: 'layers',
        inputSpec: inputSpecSchema.parse({ height, width }),
        classNames: ['a'],
        rawOutput: 'probabilities',
        hasLogits: true,
        supportsGuidedRelu: true,
        layers: [],
      });
    const cost = (height: number, width: number) =>
      occlusion.cost!(params, { targets: 3, backgroundSize: 0, model: sized(height, width) });
    expect(cost(64, 64)).toEqual({ forwardPasses: 15 * 15 + 1, backwardPasses: 0 });
    expect(cost(64, 70)).toEqual({ forwardPasses: 15 * 17 + 1, backwardPasses: 0 });
    expect(occlusion.cost!(params, { targets: 1, backgroundSize: 0 })).toEqual({
      forwardPasses: 55 * 55 + 1,
      backwardPasses: 0,
    });
    expect(
      occlusion.cost!(occlusion.params.parse({ window: 3, stride: 2 }), {
        targets: 1,
        backgroundSize: 0,
        model: sized(6, 6),
      }).forwardPasses,
    ).toBe(10);
  });
});

describe('occlusion over many runs', () => {
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
      runExplainer(occlusion, {
        model,
        image,
        targets: 'top2',
        params: { window: 4, baseline: 'blur' },
        batchSize: 4,
      });
    await explainOnce();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) await explainOnce();
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });
});

describe('occlusion on the demo model v2', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm', env: {} });
  });

  // Measured: 37/40 (0.925) with the defaults. On the earlier v2 (trained without its attention
  // prior): 38/40, and image-space black as the baseline scored 19/40, which is why the default
  // is the image's mean colour.
  it('points at the object with the defaults (pointing game floor)', async () => {
    const result = await measurePointingGame(occlusion, { count: 40 });
    expect(result.rate).toBeGreaterThanOrEqual(0.9);
  });
});
