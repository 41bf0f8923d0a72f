import path from 'node:path';
import { promises as fs, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, loadModel, runExplainer, tf, tfl, type ClassifierModel } from '@lumen/core';
import { makeTempDir, writeLayersModel } from '@lumen/core/testing';
import { shapPartition } from './shap-partition.ts';

interface ShapCase {
  maskValue: string | number;
  maxEvals: number;
  batchSize: number;
  fixedContext: 0 | 1 | null;
  outputs: number[];
  evaluations: number;
  baseValue: number[];
  fullValue: number[];
  values: number[][];
}

// shap's own PartitionExplainer.owen and Image masker on a small network (fixtures/make-shap-fixture.py).
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/shap-partition.json', import.meta.url), 'utf8'),
) as {
  shape: [number, number, number];
  image: number[];
  weights: { w1: number[]; b1: number[]; w2: number[]; b2: number[] };
  cases: ShapCase[];
};

function params(c: ShapCase): Record<string, unknown> {
  const fixedContext = c.fixedContext ?? 'none';
  if (typeof c.maskValue === 'number')
    return { masker: 'constant', maskValue: c.maskValue, maxEvals: c.maxEvals, fixedContext };
  const [kx, ky] = /^blur\((\d+),(\d+)\)$/.exec(c.maskValue)!.slice(1).map(Number);
  return { masker: 'blur', blurKernel: [kx, ky], maxEvals: c.maxEvals, fixedContext };
}

describe('parity with shap (PartitionExplainer + maskers.Image), on a 7x6 image', () => {
  const [height, width, channels] = fixture.shape;
  let root: string;
  let model: ClassifierModel;
  let image: tf.Tensor3D;

  beforeAll(async () => {
    await initBackend({ prefer: 'wasm', env: {} });
    root = await makeTempDir('lumen-shap-parity-');
    const net = tfl.sequential();
    net.add(tfl.layers.flatten({ inputShape: [height, width, channels] }));
    net.add(tfl.layers.dense({ units: 12, activation: 'relu', name: 'hidden' }));
    net.add(tfl.layers.dense({ units: 4, activation: 'softmax', name: 'predictions' }));
    const { w1, b1, w2, b2 } = fixture.weights;
    tf.tidy(() => {
      net
        .getLayer('hidden')
        .setWeights([tf.tensor2d(w1, [height * width * channels, 12]), tf.tensor1d(b1)]);
      net.getLayer('predictions').setWeights([tf.tensor2d(w2, [12, 4]), tf.tensor1d(b2)]);
    });
    model = await loadModel(await writeLayersModel(net, path.join(root, 'net')));
    image = tf.tensor3d(fixture.image, fixture.shape);
  });
  afterAll(async () => {
    image.dispose();
    model.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it.each(
    fixture.cases.map(
      (c) =>
        [
          `mask ${String(c.maskValue)}, max_evals ${c.maxEvals}, batch_size ${c.batchSize}, fixed_context ${String(c.fixedContext)}`,
          c,
        ] as const,
    ),
  )('%s', async (_label, c) => {
    const result = await runExplainer(shapPartition, {
      model,
      image,
      targets: c.outputs,
      batchSize: c.batchSize,
      params: params(c),
    });
    expect(result.extras['evaluations']).toBe(c.evaluations);
    result.attributions.forEach(({ target, map, extras }, t) => {
      expect(target.index).toBe(c.outputs[t]);
      expect(extras.baseValue).toBeCloseTo(c.baseValue[t]!, 5);
      expect(extras.fullValue).toBeCloseTo(c.fullValue[t]!, 5);
      expect(Array.from(map.data)).toEqual(c.values[t]!.map((v) => expect.closeTo(v, 6)));
    });
  });
});
