import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import { tf, tfl } from '../tf.ts';
import { linearSoftmaxModel, makeTempDir, tinyCnn, writeLayersModel } from '../testing/model-fixtures.ts';
import type { ClassifierModel } from './classifier-model.ts';
import { loadModel } from './load-model.ts';
import { targetGradients } from './gradients.ts';

const close = (values: ArrayLike<number>, digits = 4) => Array.from(values).map((v) => expect.closeTo(v, digits));

describe('targetGradients', () => {
  let root: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    root = await makeTempDir();
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  // 2x2x3 image -> 12 features -> 3 classes.
  const W = Float32Array.from({ length: 36 }, (_, i) => Math.cos(i * 0.7) * 0.05);
  const b = new Float32Array([0.1, -0.2, 0.05]);
  const x = Float32Array.from({ length: 12 }, (_, i) => (i * 37) % 255);
  const column = (k: number) => Array.from({ length: 12 }, (_, f) => W[f * 3 + k] as number);
  const logitsOf = (input: Float32Array) =>
    [0, 1, 2].map((k) => column(k).reduce((s, w, f) => s + w * (input[f] as number), b[k] as number));
  const softmax = (z: number[]) => {
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const total = e.reduce((s, v) => s + v, 0);
    return e.map((v) => v / total);
  };

  async function linearModel(preprocess: 'none' | 'tf'): Promise<ClassifierModel> {
    const dir = await writeLayersModel(linearSoftmaxModel(2, W, b), path.join(root, `linear-${preprocess}`), {
      input: { preprocess: { mode: preprocess } },
    });
    return loadModel(dir);
  }

  it('gives the weight column as the gradient of a logit of a linear model', async () => {
    const model = await linearModel('none');
    const images = tf.tensor4d(x, [1, 2, 2, 3]);
    for (const k of [0, 2]) {
      const { gradients } = targetGradients(model, images, k, { output: 'logits' });
      expect(Array.from(gradients.dataSync())).toEqual(close(column(k), 6));
      gradients.dispose();
    }
    images.dispose();
    model.dispose();
  });

  it('gives p_k (w_k - sum_j p_j w_j) for a probability, and -1/p_k of that for cross-entropy', async () => {
    const model = await linearModel('none');
    const images = tf.tensor4d(x, [1, 2, 2, 3]);
    const p = softmax(logitsOf(x));
    const k = 1;
    const expected = Array.from({ length: 12 }, (_, f) => {
      const mean = [0, 1, 2].reduce((s, j) => s + (p[j] as number) * (W[f * 3 + j] as number), 0);
      return (p[k] as number) * ((W[f * 3 + k] as number) - mean);
    });
    const prob = targetGradients(model, images, k);
    expect(Array.from(prob.gradients.dataSync())).toEqual(close(expected, 6));
    expect(Array.from(prob.outputs.dataSync())).toEqual(close(p, 5));
    const ce = targetGradients(model, images, k, { objective: 'cross-entropy' });
    expect(Array.from(ce.gradients.dataSync())).toEqual(close(expected.map((g) => -g / (p[k] as number)), 5));
    tf.dispose([prob.gradients, prob.outputs, ce.gradients, ce.outputs, images]);
    model.dispose();
  });

  it('differentiates in image space through the preprocessing (tf mode scales by 1/127.5)', async () => {
    const model = await linearModel('tf');
    const images = tf.tensor4d(x, [1, 2, 2, 3]);
    const { gradients } = targetGradients(model, images, 0, { output: 'logits' });
    expect(Array.from(gradients.dataSync())).toEqual(close(column(0).map((w) => w / 127.5), 7));
    tf.dispose([gradients, images]);
    model.dispose();
  });

  it('applies the guided ReLU rule (dy > 0 and x > 0) on a 2-layer net with a fused ReLU', async () => {
    // x (3 features) -> dense(3, relu) -> dense(2, linear)
    const W1 = [
      [1, -1, 0.5],
      [-0.5, 2, 1],
      [0.3, 0.2, -0.1],
    ];
    const b1 = [0.1, 0.1, -3];
    const W2 = [
      [1, -2],
      [-1, 1],
      [2, 1],
    ];
    const net = tfl.sequential();
    net.add(tfl.layers.flatten({ inputShape: [1, 1, 3] }));
    net.add(tfl.layers.dense({ units: 3, activation: 'relu', name: 'hidden' }));
    net.add(tfl.layers.dense({ units: 2, name: 'out' }));
    tf.tidy(() => {
      net.getLayer('hidden').setWeights([tf.tensor2d(W1), tf.tensor1d(b1)]);
      net.getLayer('out').setWeights([tf.tensor2d(W2), tf.zeros([2])]);
    });
    const model = await loadModel(await writeLayersModel(net, path.join(root, 'two-layer'), { output: 'logits' }));
    const input = [2, 1, 0];
    const pre = [0, 1, 2].map((j) => [0, 1, 2].reduce((s, i) => s + input[i]! * W1[i]![j]!, b1[j]!)); // [1.6, 0.1, -2]
    expect(pre.map((v) => v > 0)).toEqual([true, true, false]);
    const images = tf.tensor4d(input, [1, 1, 1, 3]);
    for (const k of [0, 1]) {
      const dyHidden = [0, 1, 2].map((j) => W2[j]![k]!);
      const backprop = (rule: (j: number) => boolean) =>
        [0, 1, 2].map((i) => [0, 1, 2].reduce((s, j) => s + (rule(j) ? dyHidden[j]! : 0) * W1[i]![j]!, 0));
      const standard = backprop((j) => pre[j]! > 0);
      const guided = backprop((j) => pre[j]! > 0 && dyHidden[j]! > 0);
      expect(guided).not.toEqual(standard);
      const plain = targetGradients(model, images, k, { output: 'logits' });
      const guide = targetGradients(model, images, k, { output: 'logits', relu: 'guided' });
      expect(Array.from(plain.gradients.dataSync())).toEqual(close(standard, 5));
      expect(Array.from(guide.gradients.dataSync())).toEqual(close(guided, 5));
      expect(Array.from(guide.outputs.dataSync())).toEqual(Array.from(plain.outputs.dataSync()));
      tf.dispose([plain.gradients, plain.outputs, guide.gradients, guide.outputs]);
    }
    images.dispose();
    model.dispose();
  });

  it('matches finite differences at an intermediate layer, with other paths held fixed', async () => {
    const dir = await writeLayersModel(tinyCnn({ size: 16, classes: 3 }), path.join(root, 'cnn'));
    const model = await loadModel(dir);
    const images = tf.randomUniform([1, 16, 16, 3], 0, 255, 'float32', 11) as tf.Tensor4D;
    const { gradients, activations } = targetGradients(model, images, 2, { layer: 'last_conv', output: 'logits' });
    expect(gradients.shape).toEqual([1, 8, 8, 6]);
    const base = activations as tf.Tensor;
    const score = (a: tf.Tensor) =>
      tf.tidy(() => model.run(images, { feed: { last_conv: a }, output: 'logits' }).output.dataSync()[2] as number);
    const eps = 1e-2;
    const grad = gradients.dataSync();
    for (const flat of [0, 77, 383]) {
      const bump = tf.tidy(() => {
        const delta = tf.buffer(base.shape);
        delta.values[flat] = eps;
        return tf.add(base, delta.toTensor());
      });
      const numeric = (score(bump) - score(base)) / eps;
      expect(numeric).toBeCloseTo(grad[flat] as number, 3);
      bump.dispose();
    }
    tf.dispose([images, gradients, base]);
    model.dispose();
  });

  it('leaks no tensors', async () => {
    const dir = await writeLayersModel(tinyCnn({ size: 16, classes: 3 }), path.join(root, 'cnn-leak'));
    const model = await loadModel(dir);
    const images = tf.randomUniform([2, 16, 16, 3], 0, 255) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const r = targetGradients(model, images, [0, 1], { layer: 'last_conv' });
      tf.dispose([r.gradients, r.activations as tf.Tensor, r.outputs]);
      const g = targetGradients(model, images, 1, { relu: 'guided', objective: 'cross-entropy' });
      tf.dispose([g.gradients, g.outputs]);
    }
    expect(tf.memory().numTensors).toBe(before);
    images.dispose();
    model.dispose();
  });
});

describe('targetGradients on a GraphModel', () => {
  it('follows the guided rule at a graph Relu: dy passes where dense[c,k] > 0 and conv > 0', async () => {
    await tf.setBackend('cpu');
    const { writeTinyGraphModel } = await import('../testing/graph-fixture.ts');
    const root = await makeTempDir();
    const kernel = Float32Array.from({ length: 54 }, (_, i) => Math.sin(i * 1.3) * 0.01);
    const dense = new Float32Array([0.5, -0.2, 0.1, -0.3, 0.4, 0.2]); // [2 channels, 3 classes]
    const model = await loadModel(await writeTinyGraphModel(path.join(root, 'g'), 8, { kernel, dense }));
    const images = tf.randomUniform([1, 8, 8, 3], 0, 255, 'float32', 4) as tf.Tensor4D;
    for (const k of [0, 1]) {
      const { gradients, activations } = targetGradients(model, images, k, { layer: 'conv', output: 'logits', relu: 'guided' });
      const conv = (activations as tf.Tensor).dataSync();
      const expected = Array.from(conv, (value, flat) => {
        const c = flat % 2;
        const dy = (dense[c * 3 + k] as number) / 64;
        return dy > 0 && value > 0 ? dy : 0;
      });
      expect(expected.some((v) => v > 0)).toBe(true);
      expect(Array.from(gradients.dataSync())).toEqual(close(expected, 6));
      const plain = targetGradients(model, images, k, { layer: 'conv', output: 'logits' });
      const standard = Array.from(conv, (value, flat) => (value > 0 ? (dense[(flat % 2) * 3 + k] as number) / 64 : 0));
      expect(Array.from(plain.gradients.dataSync())).toEqual(close(standard, 6));
      tf.dispose([gradients, activations as tf.Tensor, plain.gradients, plain.activations as tf.Tensor, plain.outputs]);
    }
    images.dispose();
    model.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });
});
