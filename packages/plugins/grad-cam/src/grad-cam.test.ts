import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, isLumenError, loadModel, runExplainer, tf, tfl, type ClassifierModel } from '@lumen/core';
import { describeExplainerConformance, makeTempDir, writeLayersModel } from '@lumen/core/testing';
import { gradCam } from './grad-cam.ts';

describeExplainerConformance({
  explainer: gradCam,
  invalidParams: [{ score: 'loss' }, { upsample: 'cubic' }, { layer: '' }],
});

/**
 * A network small enough to do Grad-CAM by hand: 4x4x3 image -> 1x1 conv with 2 filters
 * (ReLU) named 'features' -> global average pooling -> dense to 3 classes (softmax).
 * d logit_k / d A[h,w,c] = W2[c,k] / 16, so alpha_c = W2[c,k] / 16.
 */
describe('grad-cam on a hand-built network', () => {
  const K = [
    [0.02, -0.01],
    [-0.01, 0.03],
    [0.01, 0.01],
  ]; // [in channel][filter]
  const kb = [0.1, -0.2];
  const W2 = [
    [1, -1, 0.5],
    [-0.5, 2, -1],
  ]; // [channel][class]
  const b2 = [0, 0.1, -0.1];
  const pixels = Float32Array.from({ length: 48 }, (_, i) => (i * 53) % 256);
  let root: string;
  let model: ClassifierModel;

  const activations = (): number[][] =>
    Array.from({ length: 16 }, (_, p) =>
      [0, 1].map((c) => Math.max(0, [0, 1, 2].reduce((s, i) => s + (pixels[p * 3 + i] as number) * K[i]![c]!, kb[c]!))),
    );
  const cam = (alpha: number[]): number[] => {
    const raw = activations().map((a) => Math.max(0, a[0]! * alpha[0]! + a[1]! * alpha[1]!));
    const peak = Math.max(...raw);
    return raw.map((v) => (peak > 0 ? v / peak : 0));
  };

  beforeAll(async () => {
    await initBackend({ prefer: 'cpu', env: {} });
    root = await makeTempDir();
    const input = tfl.input({ shape: [4, 4, 3] });
    const features = tfl.layers.conv2d({ filters: 2, kernelSize: 1, activation: 'relu', name: 'features' }).apply(input);
    const pooled = tfl.layers.globalAveragePooling2d({}).apply(features);
    const out = tfl.layers.dense({ units: 3, activation: 'softmax', name: 'predictions' }).apply(pooled) as tfl.SymbolicTensor;
    const net = tfl.model({ inputs: input, outputs: out });
    tf.tidy(() => {
      net.getLayer('features').setWeights([tf.tensor4d(K.flat(), [1, 1, 3, 2]), tf.tensor1d(kb)]);
      net.getLayer('predictions').setWeights([tf.tensor2d(W2), tf.tensor1d(b2)]);
    });
    model = await loadModel(await writeLayersModel(net, path.join(root, 'hand'), { classNames: ['a', 'b', 'c'] }));
  });
  afterAll(async () => {
    model.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  const image = () => tf.tensor3d(pixels, [4, 4, 3]);

  it('weights channels by W2[c,k]/16 with logit scores', async () => {
    const img = image();
    const result = await runExplainer(gradCam, { model, image: img, targets: [0, 1, 2], params: { score: 'logit' } });
    img.dispose();
    for (const attribution of result.attributions) {
      const k = attribution.target.index;
      const expected = cam([W2[0]![k]! / 16, W2[1]![k]! / 16]);
      expect(Array.from(attribution.map.data)).toEqual(expected.map((v) => expect.closeTo(v, 4)));
      expect(attribution.extras.layer).toBe('features');
    }
  });

  it("uses d p_k / d A for probability scores (the article's recipe)", async () => {
    const img = image();
    const result = await runExplainer(gradCam, { model, image: img, targets: 'b' });
    img.dispose();
    const a = activations();
    const pooled = [0, 1].map((c) => a.reduce((s, v) => s + v[c]!, 0) / 16);
    const logits = [0, 1, 2].map((j) => pooled[0]! * W2[0]![j]! + pooled[1]! * W2[1]![j]! + b2[j]!);
    const m = Math.max(...logits);
    const e = logits.map((z) => Math.exp(z - m));
    const p = e.map((v) => v / e.reduce((s, x) => s + x, 0));
    const k = 1;
    const alpha = [0, 1].map((c) => [0, 1, 2].reduce((s, j) => s + p[k]! * ((j === k ? 1 : 0) - p[j]!) * (W2[c]![j]! / 16), 0));
    expect(result.attributions[0]?.target.label).toBe('b');
    expect(Array.from(result.attributions[0]!.map.data)).toEqual(cam(alpha).map((v) => expect.closeTo(v, 4)));
  });

  it('fails fast naming the layer when it is unknown or not spatial', async () => {
    const img = image();
    const unknown = await runExplainer(gradCam, { model, image: img, params: { layer: 'featurs' } }).catch((e: unknown) => e);
    expect(isLumenError(unknown, 'LAYER_NOT_FOUND')).toBe(true);
    expect((unknown as Error).message).toMatch(/did you mean 'features'/i);
    expect((unknown as { details: Record<string, unknown> }).details).toMatchObject({ plugin: 'grad-cam@1.0.0', phase: 'check' });
    const flat = await runExplainer(gradCam, { model, image: img, params: { layer: 'predictions' } }).catch((e: unknown) => e);
    expect(isLumenError(flat, 'INVALID_PARAMS')).toBe(true);
    img.dispose();
  });
});
