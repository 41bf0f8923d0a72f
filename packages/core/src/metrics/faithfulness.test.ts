import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../model/load-model.ts';
import type { ClassifierModel } from '../model/classifier-model.ts';
import { linearSoftmaxModel, makeTempDir, writeLayersModel } from '../testing/model-fixtures.ts';
import { tf } from '../tf.ts';
import { deletionInsertion, trapezoidAuc } from './faithfulness.ts';

describe('deletion and insertion curves', () => {
  // 2x2 image of value 100; class 0's logit = sum over pixels and channels of w * x.
  const perPixel = [0.01, 0.04, -0.02, 0.03]; // weight of each channel of pixel p (same for all 3)
  const W = new Float32Array(12 * 2);
  perPixel.forEach((w, p) => {
    for (let c = 0; c < 3; c++) W[(p * 3 + c) * 2] = w;
  });
  const contribution = perPixel.map((w) => 100 * 3 * w); // [3, 12, -6, 9]
  let root: string;
  let model: ClassifierModel;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    root = await makeTempDir();
    model = await loadModel(await writeLayersModel(linearSoftmaxModel(2, W, new Float32Array([0.5, 0])), path.join(root, 'm')));
  });
  afterAll(async () => {
    model.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('removes / inserts pixels most-attributed first and integrates with the trapezoid rule', async () => {
    const image = tf.fill([2, 2, 3], 100) as tf.Tensor3D;
    const map = { data: Float32Array.from([0.1, 0.9, -0.5, 0.4]), width: 2, height: 2 }; // order: p1, p3, p0, p2
    const result = await deletionInsertion(model, image, map, 0, {
      steps: 4,
      output: 'logits',
      deletionBaseline: { kind: 'constant', value: 0 },
      insertionBaseline: { kind: 'constant', value: 0 },
      batchSize: 3,
    });
    image.dispose();
    const order = [1, 3, 0, 2];
    const total = 0.5 + contribution.reduce((s, v) => s + v, 0); // 18.5
    const removed = [0, 1, 2, 3, 4].map((k) => order.slice(0, k).reduce((s, p) => s + (contribution[p] as number), 0));
    expect(result.deletion.fractions).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(result.deletion.scores).toEqual(removed.map((r) => expect.closeTo(total - r, 4)));
    expect(result.insertion.scores).toEqual(removed.map((r) => expect.closeTo(0.5 + r, 4)));
    const xs = [0, 0.25, 0.5, 0.75, 1];
    expect(result.deletion.auc).toBeCloseTo(trapezoidAuc(xs, removed.map((r) => total - r)), 4);
    // A map ordered the other way must do worse on both curves for this linear model.
    const reversed = await deletionInsertion(model, tf.fill([2, 2, 3], 100) as tf.Tensor3D, { ...map, data: map.data.map((v) => -v) }, 0, {
      steps: 4,
      output: 'logits',
      insertionBaseline: { kind: 'constant', value: 0 },
    });
    expect(reversed.deletion.auc).toBeGreaterThan(result.deletion.auc);
    expect(reversed.insertion.auc).toBeLessThan(result.insertion.auc);
  });

  it('computes the trapezoid area by hand', () => {
    expect(trapezoidAuc([0, 0.5, 1], [1, 0.5, 0])).toBeCloseTo(0.5, 10);
    expect(trapezoidAuc([0, 1], [2, 2])).toBe(2);
  });

  it('leaks no tensors and refuses a map of the wrong size', async () => {
    const image = tf.fill([2, 2, 3], 50) as tf.Tensor3D;
    const map = { data: Float32Array.from([1, 2, 3, 4]), width: 2, height: 2 };
    const before = tf.memory().numTensors;
    await deletionInsertion(model, image, map, 1, { steps: 3 });
    expect(tf.memory().numTensors).toBe(before);
    await expect(deletionInsertion(model, image, { data: new Float32Array(9), width: 3, height: 3 }, 0)).rejects.toThrow(/map is 3x3/);
    image.dispose();
  });
});
