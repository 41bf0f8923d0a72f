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
  type Logger,
} from '@lumen/core';
import {
  describeExplainerConformance,
  makeTempDir,
  tinyCnn,
  writeLayersModel,
} from '@lumen/core/testing';
import { gradCamPlusPlus } from './grad-cam-plus-plus.ts';

describeExplainerConformance({
  explainer: gradCamPlusPlus,
  invalidParams: [
    { score: 'loss' },
    { upsample: 'cubic' },
    { layer: '' },
    { normalizeAlphas: 'yes' },
  ],
});

const K = [
  [0.02, -0.01],
  [-0.01, 0.03],
  [0.01, 0.01],
]; // 1x1 conv kernel, [input channel][filter]
const kb = [0.1, -0.2];
const pixels = Float32Array.from({ length: 48 }, (_, i) => (i * 53) % 256);
const image = () => tf.tensor3d(pixels, [4, 4, 3]);

/** The 'features' layer by hand: 16 positions (row-major) x 2 channels, after ReLU. */
const activations = (): number[][] =>
  Array.from({ length: 16 }, (_, p) =>
    [0, 1].map((c) =>
      Math.max(
        0,
        [0, 1, 2].reduce((s, i) => s + (pixels[p * 3 + i] as number) * K[i]![c]!, kb[c]!),
      ),
    ),
  );

/** relu(sum_c w_c A_c) divided by its maximum, at the layer's 4x4 resolution. */
const camFrom = (weights: number[]): number[] => {
  const raw = activations().map((a) => Math.max(0, a[0]! * weights[0]! + a[1]! * weights[1]!));
  const peak = Math.max(...raw);
  return raw.map((v) => (peak > 0 ? v / peak : 0));
};

async function saveAndLoad(
  net: tfl.LayersModel,
  root: string,
  name: string,
): Promise<ClassifierModel> {
  return loadModel(
    await writeLayersModel(net, path.join(root, name), { classNames: ['a', 'b', 'c'] }),
  );
}

function featuresLayer(input: tfl.SymbolicTensor): tfl.SymbolicTensor {
  return tfl.layers
    .conv2d({ filters: 2, kernelSize: 1, activation: 'relu', name: 'features' })
    .apply(input) as tfl.SymbolicTensor;
}

const closeTo = (expected: number[], digits = 4) => expected.map((v) => expect.closeTo(v, digits));

/**
 * 4x4x3 image -> 1x1 conv 'features' (2 filters, ReLU) -> global average pooling -> dense (softmax).
 * dS_k/dA_c^ij = W2[c][k] / 16 everywhere, so with Z = 16 positions and S_c = sum_ij A_c^ij,
 *   alpha_c = g^2 / (2 g^2 + S_c g^3) = 1 / (2 + S_c g),   w_c = 16 relu(g) alpha_c = relu(W2[c][k]) / (2 + W2[c][k] mean(A_c)).
 * With the alphas normalised to sum to one over the positions, w_c = relu(g): Grad-CAM's weight
 * with its negative part cut. Whenever the gradient is the same at every position (global
 * average pooling, or a single position), normalised Grad-CAM++ therefore equals Grad-CAM for a
 * class whose weights are all positive; without normalisation it does not.
 */
describe('grad-cam-plus-plus on a global-average-pooling network', () => {
  const W2 = [
    [1, -1, 0.5],
    [0.5, 2, -1],
  ]; // [channel][class]; class 0 has only positive weights
  const b2 = [0, 0.1, -0.1];
  let root: string;
  let model: ClassifierModel;

  beforeAll(async () => {
    await initBackend({ prefer: 'cpu', env: {} });
    root = await makeTempDir();
    const input = tfl.input({ shape: [4, 4, 3] });
    const pooled = tfl.layers.globalAveragePooling2d({}).apply(featuresLayer(input));
    const out = tfl.layers
      .dense({ units: 3, activation: 'softmax', name: 'predictions' })
      .apply(pooled) as tfl.SymbolicTensor;
    const net = tfl.model({ inputs: input, outputs: out });
    tf.tidy(() => {
      net.getLayer('features').setWeights([tf.tensor4d(K.flat(), [1, 1, 3, 2]), tf.tensor1d(kb)]);
      net.getLayer('predictions').setWeights([tf.tensor2d(W2), tf.tensor1d(b2)]);
    });
    model = await saveAndLoad(net, root, 'gap');
  });
  afterAll(async () => {
    model.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  const meanActivation = (c: number) => activations().reduce((s, a) => s + a[c]!, 0) / 16;

  it('weights channel c by relu(W2[c,k]) / (2 + W2[c,k] mean(A_c))', async () => {
    const img = image();
    const result = await runExplainer(gradCamPlusPlus, { model, image: img, targets: [0, 1, 2] });
    img.dispose();
    expect(result.attributions).toHaveLength(3);
    for (const attribution of result.attributions) {
      const k = attribution.target.index;
      const expected = [0, 1].map(
        (c) => Math.max(0, W2[c]![k]!) / (2 + W2[c]![k]! * meanActivation(c)),
      );
      expect(Array.from(attribution.extras.weights)).toEqual(closeTo(expected, 5));
      expect(Array.from(attribution.extras.lowRes.data)).toEqual(closeTo(camFrom(expected)));
      expect(attribution.extras).toMatchObject({ layer: 'features', score: 'logit' });
    }
  });

  it('equals Grad-CAM with normalised alphas when every class weight is positive, and not without', async () => {
    const img = image();
    const normalised = await runExplainer(gradCamPlusPlus, {
      model,
      image: img,
      targets: [0, 1],
      params: { normalizeAlphas: true },
    });
    const plain = await runExplainer(gradCamPlusPlus, { model, image: img, targets: 0 });
    img.dispose();
    const gradCam = (k: number) => camFrom([W2[0]![k]! / 16, W2[1]![k]! / 16]);
    const [positive, mixed] = normalised.attributions;
    expect(Array.from(positive!.extras.weights)).toEqual(closeTo([1 / 16, 0.5 / 16], 6));
    expect(Array.from(positive!.extras.lowRes.data)).toEqual(closeTo(gradCam(0)));
    // Class 1 weighs channel 0 negatively: Grad-CAM keeps -1/16, Grad-CAM++ cuts it to 0.
    expect(Array.from(mixed!.extras.weights)).toEqual(closeTo([0, 2 / 16], 6));
    expect(Array.from(mixed!.extras.lowRes.data)).toEqual(closeTo(camFrom([0, 2 / 16])));
    const unnormalised = Array.from(plain.attributions[0]!.extras.lowRes.data);
    const gap = Math.max(...unnormalised.map((v, i) => Math.abs(v - gradCam(0)[i]!)));
    expect(gap).toBeGreaterThan(0.01);
  });

  it('upsamples the low-resolution map to the input size and keeps it in 0..1', async () => {
    const img = image();
    const result = await runExplainer(gradCamPlusPlus, { model, image: img, targets: 1 });
    img.dispose();
    const { map, extras } = result.attributions[0]!;
    expect(map.shape).toEqual([4, 4]);
    // The layer is at the input resolution, so upsampling is the identity.
    expect(Array.from(map.data)).toEqual(closeTo(Array.from(extras.lowRes.data), 5));
    expect(Math.max(...map.data)).toBeCloseTo(1, 5);
    expect(Math.min(...map.data)).toBeGreaterThanOrEqual(0);
  });

  it('gives the same maps whatever the seed', async () => {
    const img = image();
    const first = await runExplainer(gradCamPlusPlus, {
      model,
      image: img,
      targets: [0, 1, 2],
      seed: 1,
    });
    const second = await runExplainer(gradCamPlusPlus, {
      model,
      image: img,
      targets: [0, 1, 2],
      seed: 99,
    });
    img.dispose();
    expect(second.attributions.map((a) => Array.from(a.map.data))).toEqual(
      first.attributions.map((a) => Array.from(a.map.data)),
    );
  });

  it('fails fast naming the layer when it is unknown or not spatial', async () => {
    const img = image();
    const unknown = await runExplainer(gradCamPlusPlus, {
      model,
      image: img,
      params: { layer: 'featurs' },
    }).catch((e: unknown) => e);
    expect(isLumenError(unknown, 'LAYER_NOT_FOUND')).toBe(true);
    expect((unknown as Error).message).toMatch(/did you mean 'features'/i);
    expect((unknown as { details: Record<string, unknown> }).details).toMatchObject({
      plugin: 'grad-cam-plus-plus@1.0.0',
      phase: 'check',
    });
    const flat = await runExplainer(gradCamPlusPlus, {
      model,
      image: img,
      params: { layer: 'predictions' },
    }).catch((e: unknown) => e);
    expect(isLumenError(flat, 'INVALID_PARAMS')).toBe(true);
    img.dispose();
  });
});

/**
 * 4x4x3 image -> 1x1 conv 'features' (2 filters, ReLU) -> 2x2 max pooling -> flatten -> dense (softmax).
 * dS_k/dA_c^ij is W3[(window, c)][k] at the position that wins its pooling window and 0 at the
 * other three: the alphas vary over positions and the zero-denominator guard is exercised.
 */
describe('grad-cam-plus-plus on a max-pooling network', () => {
  const W3 = [
    [0.8, -0.3, 0.1],
    [-0.2, 0.5, 0.4],
    [0.3, 0.2, -0.6],
    [0.6, -0.4, 0.2],
    [-0.5, 0.7, 0.3],
    [0.4, 0.1, -0.2],
    [0.2, -0.6, 0.9],
    [0.7, 0.3, -0.1],
  ]; // [(window row, window col, channel) flattened][class]
  const b3 = [0.05, -0.05, 0];
  let root: string;
  let model: ClassifierModel;

  beforeAll(async () => {
    await initBackend({ prefer: 'cpu', env: {} });
    root = await makeTempDir();
    const input = tfl.input({ shape: [4, 4, 3] });
    const pooled = tfl.layers
      .maxPooling2d({ poolSize: 2, name: 'pool' })
      .apply(featuresLayer(input));
    const flat = tfl.layers.flatten({}).apply(pooled);
    const out = tfl.layers
      .dense({ units: 3, activation: 'softmax', name: 'predictions' })
      .apply(flat) as tfl.SymbolicTensor;
    const net = tfl.model({ inputs: input, outputs: out });
    tf.tidy(() => {
      net.getLayer('features').setWeights([tf.tensor4d(K.flat(), [1, 1, 3, 2]), tf.tensor1d(kb)]);
      net.getLayer('predictions').setWeights([tf.tensor2d(W3), tf.tensor1d(b3)]);
    });
    model = await saveAndLoad(net, root, 'maxpool');
  });
  afterAll(async () => {
    model.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  /** d logit_k / d A: W3 at each window's winning position, 0 elsewhere. [position][channel] */
  const gradients = (k: number): number[][] => {
    const a = activations();
    const g = a.map(() => [0, 0]);
    for (let wr = 0; wr < 2; wr++) {
      for (let wc = 0; wc < 2; wc++) {
        for (let c = 0; c < 2; c++) {
          const cells = [0, 1, 2, 3].map((q) => (2 * wr + (q >> 1)) * 4 + 2 * wc + (q & 1));
          const values = cells.map((p) => a[p]![c]!);
          const best = Math.max(...values);
          expect(
            values.filter((v) => v === best),
            'the fixture needs a unique winner per window',
          ).toHaveLength(1);
          g[cells[values.indexOf(best)]!]![c] = W3[(wr * 2 + wc) * 2 + c]![k]!;
        }
      }
    }
    return g;
  };

  /** The paper's formula, position by position. */
  const expectedWeights = (k: number): number[] => {
    const a = activations();
    const g = gradients(k);
    return [0, 1].map((c) => {
      const activationSum = a.reduce((s, v) => s + v[c]!, 0);
      return g.reduce((w, row) => {
        const d = row[c]!;
        const denominator = 2 * d * d + activationSum * d * d * d;
        const alpha = denominator === 0 ? 0 : (d * d) / denominator;
        return w + alpha * Math.max(0, d);
      }, 0);
    });
  };

  it('matches a direct position-by-position computation of the alphas', async () => {
    const img = image();
    // 'auto' would pick the pooled 2x2 map, the last spatial layer.
    const result = await runExplainer(gradCamPlusPlus, {
      model,
      image: img,
      targets: [0, 1, 2],
      params: { layer: 'features' },
    });
    img.dispose();
    for (const attribution of result.attributions) {
      const expected = expectedWeights(attribution.target.index);
      expect(expected.some((w) => w > 0)).toBe(true);
      expect(Array.from(attribution.extras.weights)).toEqual(closeTo(expected, 6));
      expect(Array.from(attribution.map.data)).toEqual(closeTo(camFrom(expected)));
    }
  });

  it("normalises the alphas over the positive-gradient positions as the authors' code does", async () => {
    const img = image();
    const result = await runExplainer(gradCamPlusPlus, {
      model,
      image: img,
      targets: [0, 1, 2],
      params: { layer: 'features', normalizeAlphas: true },
    });
    img.dispose();
    const a = activations();
    for (const attribution of result.attributions) {
      const g = gradients(attribution.target.index);
      const expected = [0, 1].map((c) => {
        const activationSum = a.reduce((s, v) => s + v[c]!, 0);
        const alphas = g.map((row) => (row[c]! > 0 ? 1 / (2 + activationSum * row[c]!) : 0));
        const total = alphas.reduce((s, v) => s + v, 0);
        return total === 0
          ? 0
          : g.reduce((w, row, p) => w + (alphas[p]! / total) * Math.max(0, row[c]!), 0);
      });
      expect(Array.from(attribution.extras.weights)).toEqual(closeTo(expected, 6));
    }
  });
});

describe('grad-cam-plus-plus on a model without logits', () => {
  let root: string;
  let model: ClassifierModel;

  beforeAll(async () => {
    await initBackend({ prefer: 'cpu', env: {} });
    root = await makeTempDir();
    const input = tfl.input({ shape: [4, 4, 3] });
    const pooled = tfl.layers.globalAveragePooling2d({}).apply(featuresLayer(input));
    const out = tfl.layers
      .dense({ units: 3, activation: 'sigmoid', name: 'predictions' })
      .apply(pooled) as tfl.SymbolicTensor;
    model = await saveAndLoad(tfl.model({ inputs: input, outputs: out }), root, 'sigmoid');
  });
  afterAll(async () => {
    model.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('differentiates the probability and says so', async () => {
    const warnings: string[] = [];
    const log: Logger = {
      debug: () => {},
      info: () => {},
      error: () => {},
      warn: (message) => warnings.push(message),
    };
    const img = image();
    const result = await runExplainer(gradCamPlusPlus, { model, image: img, log });
    img.dispose();
    expect(result.attributions[0]?.extras.score).toBe('probability');
    expect(warnings.join('\n')).toMatch(/no logits/);
  });
});

describe('grad-cam-plus-plus over many explanations', () => {
  let root: string;
  let model: ClassifierModel;

  beforeAll(async () => {
    await initBackend({ prefer: 'wasm', env: {} });
    root = await makeTempDir();
    model = await loadModel(
      await writeLayersModel(tinyCnn({ size: 16, classes: 3, seed: 4 }), path.join(root, 'tiny')),
    );
  });
  afterAll(async () => {
    model.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('leaks no tensors over 50 consecutive explanations', async () => {
    const img = tf.randomUniform([16, 16, 3], 0, 255, 'float32', 3) as tf.Tensor3D;
    await runExplainer(gradCamPlusPlus, { model, image: img, targets: 'top2' });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++)
      await runExplainer(gradCamPlusPlus, { model, image: img, targets: 'top2' });
    expect(tf.memory().numTensors).toBe(before);
    img.dispose();
  });
});
