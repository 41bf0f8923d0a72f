import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, loadModel, runExplainer, tf, type ClassifierModel } from '@lumen/core';
import { describeExplainerConformance, linearSoftmaxModel, makeTempDir, writeLayersModel } from '@lumen/core/testing';
import { saliency } from './saliency.ts';

describeExplainerConformance({ explainer: saliency, invalidParams: [{ reduce: 'mean' }, { score: 1 }] });

describe('saliency on a model linear in its pixels', () => {
  // 2x2x3 image, 3 classes: logit_k = sum_f x_f W[f,k] + b_k, so d logit_k / d x = W[:, k].
  const W = Float32Array.from({ length: 36 }, (_, i) => Math.sin(i * 0.9) * 0.02);
  const b = new Float32Array([0.2, -0.1, 0]);
  const x = Float32Array.from({ length: 12 }, (_, i) => (i * 41) % 255);
  let root: string;
  let model: ClassifierModel;

  beforeAll(async () => {
    await initBackend({ prefer: 'cpu', env: {} });
    root = await makeTempDir();
    model = await loadModel(
      await writeLayersModel(linearSoftmaxModel(2, W, b), path.join(root, 'linear'), { classNames: ['a', 'b', 'c'] }),
    );
  });
  afterAll(async () => {
    model.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  const gradient = (k: number) => Array.from({ length: 12 }, (_, f) => W[f * 3 + k] as number);

  it.each([
    ['max-abs', (g: number[]) => Math.max(...g.map(Math.abs))],
    ['abs-sum', (g: number[]) => g.reduce((s, v) => s + Math.abs(v), 0)],
    ['l2', (g: number[]) => Math.sqrt(g.reduce((s, v) => s + v * v, 0))],
  ] as const)('reduces the logit gradient over channels with %s', async (reduce, fold) => {
    const image = tf.tensor3d(x, [2, 2, 3]);
    const result = await runExplainer(saliency, { model, image, targets: [0, 2], params: { reduce } });
    image.dispose();
    for (const attribution of result.attributions) {
      const g = gradient(attribution.target.index);
      const expected = [0, 1, 2, 3].map((p) => fold(g.slice(p * 3, p * 3 + 3)));
      expect(attribution.map.shape).toEqual([2, 2]);
      expect(Array.from(attribution.map.data)).toEqual(expected.map((v) => expect.closeTo(v, 6)));
      expect(attribution.signed).toBe(false);
    }
  });

  it("keeps the signed H x W x 3 gradient with reduce 'none'", async () => {
    const image = tf.tensor3d(x, [2, 2, 3]);
    const result = await runExplainer(saliency, { model, image, targets: 'c', params: { reduce: 'none' } });
    image.dispose();
    const [attribution] = result.attributions;
    expect(attribution?.map.shape).toEqual([2, 2, 3]);
    expect(attribution?.signed).toBe(true);
    expect(Array.from(attribution!.map.data)).toEqual(gradient(2).map((v) => expect.closeTo(v, 6)));
  });
});
