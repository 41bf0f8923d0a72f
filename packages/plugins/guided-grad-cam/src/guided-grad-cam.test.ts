import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  articleNormalize,
  initBackend,
  isLumenError,
  loadModel,
  runExplainer,
  silentLogger,
  targetGradients,
  tf,
  tfl,
  type ClassifierModel,
} from '@lumen/core';
import {
  describeExplainerConformance,
  makeTempDir,
  tinyCnn,
  writeLayersModel,
} from '@lumen/core/testing';
import { guidedGradCam } from './guided-grad-cam.ts';

describeExplainerConformance({
  explainer: guidedGradCam,
  invalidParams: [{ layer: '' }, { score: 'loss' }, { objective: 'nll' }, { rendering: 'png' }],
});

/**
 * 6x6 RGB image -> conv 2x2 stride 2 (2 filters, ReLU) named 'features' -> 3x3x2 -> global
 * average pooling -> dense to 3 classes (softmax). The conv blocks do not overlap, so every
 * pixel feeds exactly one position b of the feature map, through kernel tap (y % 2, x % 2).
 * With g = d objective / d logits, the gradient at every position of channel c is
 * (W2 g)_c / 9: Grad-CAM's channel weight, and the dy guided backprop sees at that ReLU.
 */
const SIZE = 6;
const CELLS = 3;
const pixels: number[] = Array.from({ length: SIZE * SIZE * 3 }, (_, i) => (i * 53) % 256);
const bright = [
  [250, 40, 200],
  [230, 60, 220],
  [240, 30, 210],
  [220, 50, 230],
];
[
  [2, 2],
  [2, 3],
  [3, 2],
  [3, 3],
].forEach(([y, x], n) => bright[n]!.forEach((v, i) => (pixels[(y! * SIZE + x!) * 3 + i] = v)));
// K[ky][kx][i][c]
const K = [
  [
    [
      [0.004, -0.002],
      [-0.001, 0.003],
      [0.002, 0.001],
    ],
    [
      [-0.002, 0.002],
      [0.001, -0.003],
      [0.003, 0.002],
    ],
  ],
  [
    [
      [0.001, 0.001],
      [-0.002, 0.002],
      [0.002, -0.001],
    ],
    [
      [0.003, -0.001],
      [0.001, 0.002],
      [-0.001, 0.003],
    ],
  ],
];
const kb = [-0.5, 0.1];
const W2 = [
  [1, -1, -0.5],
  [-0.5, 2, -1],
]; // [channel][class]
const b2 = [0, 0.1, -0.1];
const channels = [0, 1];
const classes = [0, 1, 2];
const cells = Array.from({ length: CELLS * CELLS }, (_, b) => b);
const pixel = (y: number, x: number, i: number) => pixels[(y * SIZE + x) * 3 + i]!;

const pre = cells.map((b) => {
  const [by, bx] = [Math.floor(b / CELLS), b % CELLS];
  return channels.map((c) => {
    let s = kb[c]!;
    for (const ky of [0, 1])
      for (const kx of [0, 1])
        for (const i of [0, 1, 2]) s += pixel(2 * by + ky, 2 * bx + kx, i) * K[ky]![kx]![i]![c]!;
    return s;
  });
});
const acts = pre.map((row) => row.map((v) => Math.max(0, v)));
const pooled = channels.map((c) => cells.reduce((s, b) => s + acts[b]![c]!, 0) / cells.length);
const logits = classes.map((j) => channels.reduce((s, c) => s + pooled[c]! * W2[c]![j]!, b2[j]!));
const p = (() => {
  const top = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - top));
  const total = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / total);
})();

type Objective = 'logit' | 'probability' | 'cross-entropy';
function upstream(objective: Objective, k: number): number[] {
  return classes.map((j) => {
    const onehot = j === k ? 1 : 0;
    if (objective === 'logit') return onehot;
    if (objective === 'probability') return p[k]! * (onehot - p[j]!);
    return p[j]! - onehot;
  });
}
const channelGradient = (g: number[]) =>
  channels.map((c) => classes.reduce((s, j) => s + W2[c]![j]! * g[j]!, 0) / cells.length);

/** max(cam, 0) / max, at the layer's resolution (all zeros without positive evidence). */
function heatmap(score: 'logit' | 'probability', k: number): { low: number[]; peak: number } {
  const alpha = channelGradient(upstream(score, k));
  const cam = cells.map((b) =>
    Math.max(
      0,
      channels.reduce((s, c) => s + acts[b]![c]! * alpha[c]!, 0),
    ),
  );
  const peak = Math.max(...cam);
  return { low: cam.map((v) => (peak > 0 ? v / peak : 0)), peak };
}

/** Bilinear resize with half-pixel centres and clamped edges (cv2.resize, tf.image.resizeBilinear). */
function resizeBilinear(low: number[], from: number, to: number): number[] {
  const taps = Array.from({ length: to }, (_, o) => {
    const src = (o + 0.5) * (from / to) - 0.5;
    const lo = Math.floor(src);
    const clamp = (i: number) => Math.min(from - 1, Math.max(0, i));
    return { a: clamp(lo), b: clamp(lo + 1), t: src - lo };
  });
  return Array.from({ length: to * to }, (_, q) => {
    const ty = taps[Math.floor(q / to)]!;
    const tx = taps[q % to]!;
    const at = (y: number, x: number) => low[y * from + x]!;
    const top = at(ty.a, tx.a) * (1 - tx.t) + at(ty.a, tx.b) * tx.t;
    const bottom = at(ty.b, tx.a) * (1 - tx.t) + at(ty.b, tx.b) * tx.t;
    return top * (1 - ty.t) + bottom * ty.t;
  });
}

function inputGradient(objective: Objective, k: number, rule: 'guided' | 'plain'): number[] {
  const dA = channelGradient(upstream(objective, k));
  const out: number[] = [];
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const b = Math.floor(y / 2) * CELLS + Math.floor(x / 2);
      for (const i of [0, 1, 2]) {
        out.push(
          channels.reduce((s, c) => {
            const pass = pre[b]![c]! > 0 && (rule === 'plain' || dA[c]! > 0);
            return s + (pass ? K[y % 2]![x % 2]![i]![c]! * dA[c]! : 0);
          }, 0),
        );
      }
    }
  return out;
}

function guidedGradCamByHand(
  k: number,
  {
    score = 'probability',
    objective = 'cross-entropy',
    rule = 'guided',
    renormalise = true,
  }: {
    score?: 'logit' | 'probability';
    objective?: Objective;
    rule?: 'guided' | 'plain';
    renormalise?: boolean;
  } = {},
): number[] {
  const up = resizeBilinear(heatmap(score, k).low, CELLS, SIZE);
  const top = Math.max(...up);
  const gradcam = up.map((v) => (renormalise && top > 0 ? Math.min(top, Math.max(0, v)) / top : v));
  const guided = inputGradient(objective, k, rule);
  return guided.map((g, f) => g * gradcam[Math.floor(f / 3)]!);
}

const close = (values: number[], digits = 8) => values.map((v) => expect.closeTo(v, digits));
const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

describe.each(['cpu', 'wasm'] as const)(
  'guided grad-cam on a hand-built conv net (%s)',
  (backend) => {
    let root: string;
    let model: ClassifierModel;

    beforeAll(async () => {
      await initBackend({ prefer: backend, env: {} });
      root = await makeTempDir();
      const input = tfl.input({ shape: [SIZE, SIZE, 3] });
      const features = tfl.layers
        .conv2d({ filters: 2, kernelSize: 2, strides: 2, activation: 'relu', name: 'features' })
        .apply(input);
      const gap = tfl.layers.globalAveragePooling2d({}).apply(features);
      const out = tfl.layers
        .dense({ units: 3, activation: 'softmax', name: 'predictions' })
        .apply(gap) as tfl.SymbolicTensor;
      const net = tfl.model({ inputs: input, outputs: out });
      tf.tidy(() => {
        net
          .getLayer('features')
          .setWeights([tf.tensor4d(K.flat(3), [2, 2, 3, 2]), tf.tensor1d(kb)]);
        net.getLayer('predictions').setWeights([tf.tensor2d(W2), tf.tensor1d(b2)]);
      });
      model = await loadModel(
        await writeLayersModel(net, path.join(root, 'hand'), {
          classNames: ['a', 'b', 'c'],
          input: { preprocess: { mode: 'none' } },
        }),
      );
    });
    afterAll(async () => {
      model.dispose();
      await fs.rm(root, { recursive: true, force: true });
    });

    const image = () => tf.tensor3d(pixels, [SIZE, SIZE, 3]);
    const explain = async (
      targets: number[],
      params: Record<string, unknown> = {},
      log = silentLogger,
    ) => {
      const img = image();
      try {
        return await runExplainer(guidedGradCam, { model, image: img, targets, params, log });
      } finally {
        img.dispose();
      }
    };

    it('the net is a fair test', () => {
      // Target 0: the guided rule blocks channel 0 (positive inputs, negative gradient) and
      // Grad-CAM peaks at the centre cell, which bilinear upsampling never hits exactly.
      expect(channelGradient(upstream('cross-entropy', 0))[0]).toBeLessThan(0);
      expect(pre.some((row) => row[0]! > 0)).toBe(true);
      const { low } = heatmap('probability', 0);
      expect(low.indexOf(1)).toBe(4);
      expect(Math.max(...resizeBilinear(low, CELLS, SIZE))).toBeLessThan(0.9);
      // With this head, the loss's guided dy at the layer is -1/p_k times Grad-CAM's weight.
      for (const k of classes) {
        const loss = channelGradient(upstream('cross-entropy', k));
        const weights = channelGradient(upstream('probability', k));
        expect(loss).toEqual(
          close(
            weights.map((w) => -w / p[k]!),
            12,
          ),
        );
      }
      // Target 2 has no positive evidence at all.
      expect(heatmap('probability', 2).peak).toBe(0);
    });

    it("matches the article's recipe by hand: cross-entropy guided backprop x renormalised bilinear Grad-CAM", async () => {
      const result = await explain([0, 1], { objective: 'cross-entropy' });
      for (const attribution of result.attributions) {
        const k = attribution.target.index;
        expect(attribution.map.shape).toEqual([SIZE, SIZE, 3]);
        expect(attribution.signed).toBe(true);
        expect(Array.from(attribution.map.data)).toEqual(close(guidedGradCamByHand(k)));
        expect(attribution.extras.layer).toBe('features');
        expect(attribution.extras.objective).toBe('cross-entropy');
        expect(attribution.extras.lowRes.shape).toEqual([CELLS, CELLS]);
        expect(Array.from(attribution.extras.lowRes.data)).toEqual(
          close(heatmap('probability', k).low, 6),
        );
        expect(attribution.extras.maxActivation).toBeCloseTo(heatmap('probability', k).peak, 6);
      }
      const centre = result.attributions.find((a) => a.target.index === 0)!.map.data;
      expect(maxDifference(centre, guidedGradCamByHand(0, { renormalise: false }))).toBeGreaterThan(
        1e-6,
      );
      expect(maxDifference(centre, guidedGradCamByHand(0, { rule: 'plain' }))).toBeGreaterThan(
        1e-6,
      );
    });

    it("defaults to the paper's objective: guided backprop of the class score (probability, like the Grad-CAM part)", async () => {
      const result = await explain([0, 1]);
      for (const attribution of result.attributions) {
        expect(attribution.extras.objective).toBe('score');
        const expected = guidedGradCamByHand(attribution.target.index, { score: 'probability', objective: 'probability' });
        expect(Array.from(attribution.map.data)).toEqual(close(expected, 7));
      }
    });

    it('follows the score when asked: logit Grad-CAM weights W2[c,k]/9 and logit guided backprop', async () => {
      const result = await explain([0, 1], { score: 'logit', objective: 'score' });
      for (const attribution of result.attributions) {
        const k = attribution.target.index;
        const expected = guidedGradCamByHand(k, { score: 'logit', objective: 'logit' });
        expect(Array.from(attribution.map.data)).toEqual(close(expected, 7));
        expect(attribution.extras.objective).toBe('score');
      }
    });

    it('is exactly guided backprop times the upsampled, renormalised CAM', async () => {
      const targets = [0, 1];
      const result = await explain(targets, { objective: 'cross-entropy' });
      const guided = tf.tidy(() => {
        const images = tf.tile(tf.expandDims(image(), 0), [targets.length, 1, 1, 1]) as tf.Tensor4D;
        return targetGradients(model, images, targets, {
          relu: 'guided',
          objective: 'cross-entropy',
        }).gradients.dataSync();
      });
      result.attributions.forEach((attribution, n) => {
        const up = tf.tidy(() =>
          tf.image
            .resizeBilinear(
              tf.tensor3d(attribution.extras.lowRes.data, [CELLS, CELLS, 1]),
              [SIZE, SIZE],
              false,
              true,
            )
            .dataSync(),
        );
        const top = Math.max(...up);
        const expected = Array.from(attribution.map.data, (_, f) => {
          const gradcam = Math.fround((up[Math.floor(f / 3)] as number) / top);
          return Math.fround((guided[n * SIZE * SIZE * 3 + f] as number) * gradcam);
        });
        expect(Array.from(attribution.map.data)).toEqual(expected);
      });
    });

    it('gives an all-zero map, not NaN, when Grad-CAM finds no positive evidence', async () => {
      const warnings: string[] = [];
      const log = { ...silentLogger, warn: (message: string) => void warnings.push(message) };
      const [attribution] = (await explain([2], {}, log)).attributions;
      expect(attribution!.extras.maxActivation).toBe(0);
      expect(Array.from(attribution!.extras.lowRes.data).every((v) => v === 0)).toBe(true);
      expect(Array.from(attribution!.map.data).every((v) => v === 0)).toBe(true);
      expect(warnings.join('\n')).toMatch(/no positive evidence for 'c'/);
    });

    it("renders with the article's normalisation on request (mean 0, std 0.25, +0.5, clip)", async () => {
      const [signed] = (await explain([0], { objective: 'cross-entropy' })).attributions;
      const [article] = (await explain([0], { rendering: 'article', objective: 'cross-entropy' })).attributions;
      expect(article!.signed).toBe(false);
      expect(Array.from(article!.map.data)).toEqual(Array.from(articleNormalize(signed!.map.data)));
      const values = guidedGradCamByHand(0);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
      const byHand = values.map((v) =>
        Math.min(1, Math.max(0, ((v - mean) / (std + 1e-7)) * 0.25 + 0.5)),
      );
      expect(Array.from(article!.map.data)).toEqual(close(byHand, 4));
      expect(byHand.some((v) => v === 0 || v === 1)).toBe(true);
    });

    it('fails fast naming the layer when it is unknown or not spatial', async () => {
      const unknown = await explain([0], { layer: 'featurs' }).catch((e: unknown) => e);
      expect(isLumenError(unknown, 'LAYER_NOT_FOUND')).toBe(true);
      expect((unknown as Error).message).toMatch(/did you mean 'features'/i);
      const flat = await explain([0], { layer: 'predictions' }).catch((e: unknown) => e);
      expect(isLumenError(flat, 'INVALID_PARAMS')).toBe(true);
    });
  },
);

describe('guided grad-cam on a small CNN (wasm)', () => {
  let root: string;
  let model: ClassifierModel;
  let image: tf.Tensor3D;

  beforeAll(async () => {
    await initBackend({ prefer: 'wasm', env: {} });
    root = await makeTempDir();
    model = await loadModel(
      await writeLayersModel(tinyCnn({ size: 16, classes: 3, seed: 5 }), path.join(root, 'cnn'), {
        input: { preprocess: { mode: 'tf' } },
      }),
    );
    image = tf.tidy(
      () => tf.mul(tf.randomUniform([16, 16, 3], 0, 1, 'float32', 3), 255) as tf.Tensor3D,
    );
  });
  afterAll(async () => {
    image.dispose();
    model.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('is deterministic, whatever the seed and batch size', async () => {
    const first = await runExplainer(guidedGradCam, {
      model,
      image,
      targets: [0, 1, 2],
      seed: 1,
      batchSize: 3,
    });
    const second = await runExplainer(guidedGradCam, {
      model,
      image,
      targets: [0, 1, 2],
      seed: 99,
      batchSize: 1,
    });
    expect(second.attributions.map((a) => Array.from(a.map.data))).toEqual(
      first.attributions.map((a) => Array.from(a.map.data)),
    );
    expect(first.attributions.some((a) => a.map.data.some((v) => v !== 0))).toBe(true);
  });

  it('leaks no tensors over 50 explanations', async () => {
    await runExplainer(guidedGradCam, { model, image, targets: 'top2' });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++)
      await runExplainer(guidedGradCam, { model, image, targets: 'top2', batchSize: 1 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
