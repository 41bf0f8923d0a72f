import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  initBackend,
  isLumenError,
  loadModel,
  runExplainer,
  tf,
  tfl,
  type ClassifierModel,
} from '@lumen/core';
import {
  describeExplainerConformance,
  linearSoftmaxModel,
  makeTempDir,
  writeLayersModel,
} from '@lumen/core/testing';
import { gradientXInput } from './gradient-x-input.ts';

describeExplainerConformance({
  explainer: gradientXInput,
  invalidParams: [{ score: 'loss' }, { baseline: 256 }, { baseline: -1 }, { channels: 'mean' }],
});

/**
 * A 2x2x3 image and a model linear in its 12 pixel values up to the softmax:
 * logit_k = sum_f x_f W[f,k] + b_k, so d logit_k / d x_f = W[f,k] exactly.
 */
describe('gradient x input on a model linear in its pixels', () => {
  const classes = 3;
  const W = Float32Array.from({ length: 12 * classes }, (_, i) => Math.cos(i * 1.3) * 0.01);
  const b = new Float32Array([0.1, -0.2, 0.05]);
  const x = Float32Array.from({ length: 12 }, (_, i) => (i * 67) % 256);
  const weight = (f: number, k: number) => W[f * classes + k] as number;
  const logit = (pixels: ArrayLike<number>, k: number) =>
    Array.from(pixels).reduce((sum, v, f) => sum + v * weight(f, k), b[k] as number);
  let root: string;
  let model: ClassifierModel;

  beforeAll(async () => {
    await initBackend({ prefer: 'cpu', env: {} });
    root = await makeTempDir();
    const net = linearSoftmaxModel(2, W, b);
    model = await loadModel(
      await writeLayersModel(net, path.join(root, 'linear'), { classNames: ['a', 'b', 'c'] }),
    );
  });
  afterAll(async () => {
    model.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  const explain = async (params: Record<string, unknown>, targets: number[]) => {
    const image = tf.tensor3d(x, [2, 2, 3]);
    try {
      return await runExplainer(gradientXInput, { model, image, targets, params });
    } finally {
      image.dispose();
    }
  };

  it('is x_f * W[f,k] for every pixel and channel', async () => {
    const result = await explain({ channels: 'keep' }, [0, 2]);
    for (const attribution of result.attributions) {
      const k = attribution.target.index;
      const expected = Array.from(x, (v, f) => v * weight(f, k));
      expect(attribution.map.shape).toEqual([2, 2, 3]);
      expect(Array.from(attribution.map.data)).toEqual(expected.map((v) => expect.closeTo(v, 4)));
      expect(attribution.signed).toBe(true);
    }
  });

  it('sums channels, and its total is logit(x) - logit(baseline image) (completeness when linear)', async () => {
    const baseline = 100;
    const result = await explain({ baseline }, [1]);
    const [attribution] = result.attributions;
    const expected = [0, 1, 2, 3].map((p) =>
      [0, 1, 2].reduce(
        (sum, c) => sum + ((x[p * 3 + c] as number) - baseline) * weight(p * 3 + c, 1),
        0,
      ),
    );
    expect(attribution?.map.shape).toEqual([2, 2]);
    expect(Array.from(attribution!.map.data)).toEqual(expected.map((v) => expect.closeTo(v, 4)));
    const grey = new Array<number>(12).fill(baseline);
    expect(attribution?.extras.total).toBeCloseTo(logit(x, 1) - logit(grey, 1), 4);
  });

  it('differentiates the probability when asked: d p_k / d x_f = p_k (W[f,k] - sum_j p_j W[f,j])', async () => {
    const result = await explain({ score: 'probability', channels: 'keep' }, [2]);
    const logits = [0, 1, 2].map((k) => logit(x, k));
    const peak = Math.max(...logits);
    const exp = logits.map((v) => Math.exp(v - peak));
    const p = exp.map((v) => v / exp.reduce((s, e) => s + e, 0));
    const k = 2;
    const expected = Array.from(x, (v, f) => {
      const mean = [0, 1, 2].reduce((s, j) => s + (p[j] as number) * weight(f, j), 0);
      return v * (p[k] as number) * (weight(f, k) - mean);
    });
    expect(Array.from(result.attributions[0]!.map.data)).toEqual(
      expected.map((v) => expect.closeTo(v, 5)),
    );
    expect(result.attributions[0]?.extras.score).toBe('probability');
  });

  it('leaks no tensors over 50 consecutive explanations', async () => {
    await explain({}, [0]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) await explain({}, [0, 1]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('gradient x input on a model without logits', () => {
  let root: string;
  let model: ClassifierModel;

  beforeAll(async () => {
    await initBackend({ prefer: 'cpu', env: {} });
    root = await makeTempDir();
    const net = tfl.sequential({ name: 'sigmoid_head' });
    net.add(tfl.layers.flatten({ inputShape: [2, 2, 3] }));
    net.add(tfl.layers.dense({ units: 2, activation: 'sigmoid', name: 'predictions' }));
    model = await loadModel(await writeLayersModel(net, path.join(root, 'sigmoid')));
  });
  afterAll(async () => {
    model.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('refuses score: logit before any compute, naming the fix; probability works', async () => {
    const image = tf.fill([2, 2, 3], 50) as tf.Tensor3D;
    const error = await runExplainer(gradientXInput, { model, image }).catch((e: unknown) => e);
    expect(isLumenError(error, 'REQUIREMENT_UNMET'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/score: 'probability'/);
    expect((error as { details: Record<string, unknown> }).details).toMatchObject({
      plugin: '@lumen-examples/gradient-x-input@1.0.0',
      phase: 'check',
    });
    const result = await runExplainer(gradientXInput, {
      model,
      image,
      params: { score: 'probability' },
    });
    image.dispose();
    expect(result.attributions[0]?.map.data.every(Number.isFinite)).toBe(true);
  });
});
