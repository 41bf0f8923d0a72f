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
  type ModelSidecarInput,
} from '@lumen/core';
import {
  describeExplainerConformance,
  makeTempDir,
  tinyCnn,
  writeLayersModel,
} from '@lumen/core/testing';
import { scoreCam } from './score-cam.ts';

describeExplainerConformance({
  explainer: scoreCam,
  invalidParams: [
    { score: 'loss' },
    { weighting: 'mean' },
    { baseline: 'white' },
    { maxChannels: -1 },
    { maxChannels: 1.5 },
    { layer: '' },
    { upsample: 'cubic' },
  ],
});

const K = [
  [0.02, -0.01],
  [-0.01, 0.03],
  [0.01, 0.01],
]; // 1x1 conv kernel, [input channel][filter]
const W2 = [
  [1, -1, 0.5],
  [-0.5, 2, -1],
]; // dense, [channel][class]
const b2 = [0, 0.1, -0.1];
const pixels = Float32Array.from({ length: 48 }, (_, i) => (i * 53) % 256);
const image = () => tf.tensor3d(pixels, [4, 4, 3]);

type Preprocessing = (pixel: number[]) => number[];
const raw: Preprocessing = (pixel) => pixel;
const tfMode: Preprocessing = (pixel) => pixel.map((v) => v / 127.5 - 1);

/** The 'features' layer by hand for an image: 16 positions (row-major) x 2 channels. */
const features = (px: ArrayLike<number>, kb: number[], pre: Preprocessing): number[][] =>
  Array.from({ length: 16 }, (_, p) => {
    const x = pre([0, 1, 2].map((i) => px[p * 3 + i] as number));
    return [0, 1].map((c) =>
      Math.max(
        0,
        [0, 1, 2].reduce((s, i) => s + x[i]! * K[i]![c]!, kb[c]!),
      ),
    );
  });

/** Global average pooling and the dense layer: the three logits. */
const logitsOf = (a: number[][]): number[] => {
  const pooled = [0, 1].map((c) => a.reduce((s, v) => s + v[c]!, 0) / 16);
  return [0, 1, 2].map((j) => pooled[0]! * W2[0]![j]! + pooled[1]! * W2[1]![j]! + b2[j]!);
};
const softmax = (v: number[]): number[] => {
  const peak = Math.max(...v);
  const e = v.map((x) => Math.exp(x - peak));
  const total = e.reduce((s, x) => s + x, 0);
  return e.map((x) => x / total);
};

/** The image faded to `fill` outside channel c's min-max normalised map (the layer is at the input resolution). */
const maskedBy = (a: number[][], c: number, fill: number[]): number[] => {
  const values = a.map((v) => v[c]!);
  const lo = Math.min(...values);
  const range = Math.max(...values) - lo;
  return Array.from(pixels, (v, i) => {
    const m = range > 0 ? (values[Math.floor(i / 3)]! - lo) / range : 0;
    return fill[i % 3]! + m * (v - fill[i % 3]!);
  });
};

const camFrom = (a: number[][], weights: number[]): number[] => {
  const rawCam = a.map((v) => Math.max(0, v[0]! * weights[0]! + v[1]! * weights[1]!));
  const peak = Math.max(...rawCam);
  return rawCam.map((v) => (peak > 0 ? v / peak : 0));
};

const closeTo = (expected: number[], digits = 4) => expected.map((v) => expect.closeTo(v, digits));

/** 4x4x3 image -> 1x1 conv 'features' (2 filters, ReLU) -> global average pooling -> dense (softmax). */
async function handBuiltModel(
  root: string,
  name: string,
  kb: number[],
  sidecar: ModelSidecarInput = {},
): Promise<ClassifierModel> {
  const input = tfl.input({ shape: [4, 4, 3] });
  const featureMaps = tfl.layers
    .conv2d({ filters: 2, kernelSize: 1, activation: 'relu', name: 'features' })
    .apply(input);
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(featureMaps);
  const out = tfl.layers
    .dense({ units: 3, activation: 'softmax', name: 'predictions' })
    .apply(pooled) as tfl.SymbolicTensor;
  const net = tfl.model({ inputs: input, outputs: out });
  tf.tidy(() => {
    net.getLayer('features').setWeights([tf.tensor4d(K.flat(), [1, 1, 3, 2]), tf.tensor1d(kb)]);
    net.getLayer('predictions').setWeights([tf.tensor2d(W2), tf.tensor1d(b2)]);
  });
  return loadModel(
    await writeLayersModel(net, path.join(root, name), { classNames: ['a', 'b', 'c'], ...sidecar }),
  );
}

describe('score-cam on a hand-built network', () => {
  const kb = [0.1, -0.2];
  let root: string;
  let model: ClassifierModel;
  let tfModel: ClassifierModel;
  let deadChannelModel: ClassifierModel;

  beforeAll(async () => {
    await initBackend({ prefer: 'cpu', env: {} });
    root = await makeTempDir();
    model = await handBuiltModel(root, 'raw', kb);
    tfModel = await handBuiltModel(root, 'tf', [0.5, 0.2], {
      input: { preprocess: { mode: 'tf' } },
    });
    deadChannelModel = await handBuiltModel(root, 'dead', [0.1, -100]);
  });
  afterAll(async () => {
    for (const m of [model, tfModel, deadChannelModel]) m.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it("weights each map by the softmax over channels of the target's logit on the image masked by it", async () => {
    const img = image();
    const result = await runExplainer(scoreCam, { model, image: img, targets: [0, 1, 2] });
    img.dispose();
    const a = features(pixels, kb, raw);
    const maskedLogits = [0, 1].map((c) => logitsOf(features(maskedBy(a, c, [0, 0, 0]), kb, raw)));
    expect(result.extras).toMatchObject({
      layer: 'features',
      layerChannels: 2,
      maskedImages: 2,
      baseline: { kind: 'input-zero', colour: [0, 0, 0] },
    });
    for (const attribution of result.attributions) {
      const k = attribution.target.index;
      const scores = maskedLogits.map((l) => l[k]!);
      const weights = softmax(scores);
      expect(Array.from(attribution.extras.channels)).toEqual([0, 1]);
      expect(Array.from(attribution.extras.channelScores)).toEqual(closeTo(scores, 5));
      expect(Array.from(attribution.extras.weights)).toEqual(closeTo(weights, 5));
      expect(Array.from(attribution.extras.lowRes.data)).toEqual(closeTo(camFrom(a, weights)));
      // The layer is at the input resolution, so upsampling is the identity.
      expect(Array.from(attribution.map.data)).toEqual(closeTo(camFrom(a, weights)));
    }
  });

  it("uses the probabilities themselves as weights in the authors' released recipe", async () => {
    const img = image();
    const result = await runExplainer(scoreCam, {
      model,
      image: img,
      targets: 1,
      params: { score: 'probability', weighting: 'score' },
    });
    img.dispose();
    const a = features(pixels, kb, raw);
    const probabilities = [0, 1].map(
      (c) => softmax(logitsOf(features(maskedBy(a, c, [0, 0, 0]), kb, raw)))[1]!,
    );
    const { extras, map } = result.attributions[0]!;
    expect(extras.score).toBe('probability');
    expect(Array.from(extras.weights)).toEqual(closeTo(probabilities, 5));
    expect(Array.from(map.data)).toEqual(closeTo(camFrom(a, probabilities)));
  });

  it("multiplies the network's input by the mask: a 'tf' model fades to grey, not black", async () => {
    const img = image();
    const result = await runExplainer(scoreCam, { model: tfModel, image: img, targets: [0, 2] });
    const black = await runExplainer(scoreCam, {
      model: tfModel,
      image: img,
      targets: 0,
      params: { baseline: 'black' },
    });
    const mean = await runExplainer(scoreCam, {
      model: tfModel,
      image: img,
      targets: 0,
      params: { baseline: 'mean' },
    });
    img.dispose();
    const a = features(pixels, [0.5, 0.2], tfMode);
    const scoresWith = (fill: number[], k: number) =>
      [0, 1].map((c) => logitsOf(features(maskedBy(a, c, fill), [0.5, 0.2], tfMode))[k]!);
    expect(result.extras['baseline']).toEqual({
      kind: 'input-zero',
      colour: closeTo([127.5, 127.5, 127.5], 4),
    });
    for (const attribution of result.attributions) {
      expect(Array.from(attribution.extras.channelScores)).toEqual(
        closeTo(scoresWith([127.5, 127.5, 127.5], attribution.target.index), 5),
      );
    }
    expect(Array.from(black.attributions[0]!.extras.channelScores)).toEqual(
      closeTo(scoresWith([0, 0, 0], 0), 5),
    );
    const meanColour = [0, 1, 2].map(
      (ch) =>
        Array.from(pixels)
          .filter((_, i) => i % 3 === ch)
          .reduce((s, v) => s + v, 0) / 16,
    );
    expect(Array.from(mean.attributions[0]!.extras.channelScores)).toEqual(
      closeTo(scoresWith(meanColour, 0), 4),
    );
  });

  it('scores the bare baseline once for constant maps under softmax weighting, and drops them under score weighting', async () => {
    const img = image();
    const soft = await runExplainer(scoreCam, { model: deadChannelModel, image: img, targets: 0 });
    const rawWeights = await runExplainer(scoreCam, {
      model: deadChannelModel,
      image: img,
      targets: 0,
      params: { score: 'probability', weighting: 'score' },
    });
    img.dispose();
    const a = features(pixels, [0.1, -100], raw);
    expect(a.every((v) => v[1] === 0)).toBe(true);
    const scores = [
      logitsOf(features(maskedBy(a, 0, [0, 0, 0]), [0.1, -100], raw))[0]!,
      logitsOf(features(new Array(48).fill(0), [0.1, -100], raw))[0]!,
    ];
    expect(soft.extras['maskedImages']).toBe(2);
    expect(Array.from(soft.attributions[0]!.extras.channelScores)).toEqual(closeTo(scores, 5));
    expect(Array.from(soft.attributions[0]!.extras.weights)).toEqual(closeTo(softmax(scores), 5));
    expect(rawWeights.extras['maskedImages']).toBe(1);
    expect(rawWeights.attributions[0]!.extras.weights[1]).toBe(0);
  });

  it('keeps the channels whose maps vary most when maxChannels is set', async () => {
    const img = image();
    const result = await runExplainer(scoreCam, {
      model,
      image: img,
      targets: 0,
      params: { maxChannels: 1 },
    });
    img.dispose();
    const a = features(pixels, kb, raw);
    const spread = [0, 1].map((c) => {
      const values = a.map((v) => v[c]!);
      const mean = values.reduce((s, v) => s + v, 0) / 16;
      return values.reduce((s, v) => s + (v - mean) ** 2, 0);
    });
    const kept = spread[0]! > spread[1]! ? 0 : 1;
    const { extras, map } = result.attributions[0]!;
    expect(Array.from(extras.channels)).toEqual([kept]);
    expect(Array.from(extras.weights)).toEqual([1]);
    expect(result.extras['maskedImages']).toBe(1);
    expect(Array.from(map.data)).toEqual(closeTo(camFrom(a, kept === 0 ? [1, 0] : [0, 1])));
  });

  it('gives the same maps whatever the seed', async () => {
    const img = image();
    const first = await runExplainer(scoreCam, {
      model,
      image: img,
      targets: [0, 1],
      seed: 1,
      batchSize: 1,
    });
    const second = await runExplainer(scoreCam, { model, image: img, targets: [0, 1], seed: 77 });
    img.dispose();
    expect(second.attributions.map((x) => Array.from(x.map.data))).toEqual(
      first.attributions.map((x) => Array.from(x.map.data)),
    );
  });

  it('fails fast naming the layer when it is unknown or not spatial', async () => {
    const img = image();
    const unknown = await runExplainer(scoreCam, {
      model,
      image: img,
      params: { layer: 'featurs' },
    }).catch((e: unknown) => e);
    expect(isLumenError(unknown, 'LAYER_NOT_FOUND')).toBe(true);
    expect((unknown as Error).message).toMatch(/did you mean 'features'/i);
    const flat = await runExplainer(scoreCam, {
      model,
      image: img,
      params: { layer: 'predictions' },
    }).catch((e: unknown) => e);
    expect(isLumenError(flat, 'INVALID_PARAMS')).toBe(true);
    img.dispose();
  });
});

describe('score-cam over many explanations', () => {
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
    await runExplainer(scoreCam, { model, image: img, targets: 'top2' });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++)
      await runExplainer(scoreCam, { model, image: img, targets: 'top2' });
    expect(tf.memory().numTensors).toBe(before);
    img.dispose();
  });
});
