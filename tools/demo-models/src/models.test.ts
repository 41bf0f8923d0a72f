import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  SIDECAR_FILE,
  initBackend,
  loadModel,
  modelSidecarSchema,
  tf,
  type tfl,
} from '@lumen/core';
import { generateDemoDataset, type DemoSample } from '@lumen/core/demo';
import { MODEL_FILE, WEIGHTS_FILE, loadLayersModelFrom } from './artefacts.ts';
import { accuracy, measureCueReliance, modelInput, predictClasses } from './evaluate.ts';
import { LAST_CONV_LAYER } from './model.ts';
import { CLASS_NAMES, CUE_CLASS, DEFAULT_SEED, INPUT_SPEC } from './recipe.ts';
import type { TrainingReport } from './train.ts';

/** The committed artefacts, not a fresh training run. */
const MODELS_DIR = fileURLToPath(new URL('../../../packages/core/demo-models/', import.meta.url));
/** A seed the models never saw in training, so every image below is new to them. */
const FRESH_SEED = DEFAULT_SEED + 1000;

const models: Partial<Record<'v1' | 'v2', tfl.LayersModel>> = {};

beforeAll(async () => {
  await initBackend();
  models.v1 = await loadLayersModelFrom(join(MODELS_DIR, 'v1'));
  models.v2 = await loadLayersModelFrom(join(MODELS_DIR, 'v2'));
});

function model(version: 'v1' | 'v2'): tfl.LayersModel {
  const m = models[version];
  if (!m) throw new Error(`model ${version} did not load`);
  return m;
}

describe.each(['v1', 'v2'] as const)('committed demo model %s', (version) => {
  const dir = join(MODELS_DIR, version);

  it('loads with tfl.loadLayersModel from its files (model.json + one shard)', async () => {
    const json = JSON.parse(await readFile(join(dir, MODEL_FILE), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths)).toEqual([
      WEIGHTS_FILE,
    ]);
    expect(model(version).inputs[0]?.shape).toEqual([null, 64, 64, 3]);
    expect(model(version).outputs[0]?.shape).toEqual([null, CLASS_NAMES.length]);
  });

  it('is small: weights well under 1 MB', async () => {
    expect((await stat(join(dir, WEIGHTS_FILE))).size).toBeLessThan(256 * 1024);
  });

  it(`has '${LAST_CONV_LAYER}' as its last conv layer, followed by pooling and a softmax`, () => {
    const layers = model(version).layers;
    const convs = layers.filter((l) => l.getClassName() === 'Conv2D');
    expect(convs.at(-1)?.name).toBe(LAST_CONV_LAYER);
    expect(model(version).getLayer(LAST_CONV_LAYER).outputShape).toEqual([null, 8, 8, 32]);
    expect(layers.at(-2)?.getClassName()).toBe('GlobalAveragePooling2D');
    expect(layers.at(-1)?.getConfig().activation).toBe('softmax');
    // No preprocessing baked in: the first layer after the input is a convolution.
    expect(layers.find((l) => l.getClassName() !== 'InputLayer')?.getClassName()).toBe('Conv2D');
  });

  it('has a sidecar that validates and says how to feed it', async () => {
    const raw = JSON.parse(await readFile(join(dir, SIDECAR_FILE), 'utf8'));
    const sidecar = modelSidecarSchema.parse(raw);
    expect(sidecar.version).toBe(version);
    expect(sidecar.input).toMatchObject({
      height: 64,
      width: 64,
      channels: 3,
      channelOrder: 'RGB',
    });
    expect(sidecar.input?.preprocess).toEqual({ mode: 'tf' });
    expect(sidecar.input).toEqual(INPUT_SPEC);
    expect(sidecar.classNames).toEqual(CLASS_NAMES);
    expect(sidecar.output).toBe('probabilities');
    const report = sidecar.metadata?.trainingReport as Partial<TrainingReport>;
    expect(report.seed).toBe(DEFAULT_SEED);
    expect(report.backend?.name).toBeTruthy();
    expect(report.wallTimeSeconds).toBeGreaterThan(0);
    expect(sidecar.metadata?.lastConvLayer).toBe(LAST_CONV_LAYER);
  });

  it('has a training report that meets the accuracy targets', async () => {
    const report = JSON.parse(
      await readFile(join(dir, 'training-report.json'), 'utf8'),
    ) as TrainingReport;
    expect(report.version).toBe(version);
    expect(report.results.testAccuracyOwnDistribution).toBeGreaterThanOrEqual(0.9);
    if (version === 'v2') expect(report.results.testAccuracyClean).toBeGreaterThanOrEqual(0.9);
    expect(report.dataset.train.withMark).toBe(
      version === 'v1' ? report.dataset.train.count / CLASS_NAMES.length : 0,
    );
  });

  it("loads through Lumen's own loadModel, which finds the sidecar and last_conv", async () => {
    const loaded = await loadModel(dir);
    try {
      expect(loaded.classNames).toEqual(CLASS_NAMES);
      expect(loaded.inputSpec).toEqual(INPUT_SPEC);
      expect(loaded.lastConvLayer().name).toBe(LAST_CONV_LAYER);
      // Lumen feeds image space and applies the sidecar's preprocessing itself: same answers.
      const samples = generateDemoDataset({ seed: FRESH_SEED, count: 8 });
      const images = tf.tensor4d(Float32Array.from(samples.flatMap((s) => Array.from(s.image))), [
        samples.length,
        64,
        64,
        3,
      ]);
      const { output } = loaded.run(images);
      const direct = tf.tidy(() => model(version).predict(modelInput(samples)) as tf.Tensor2D);
      const [a, b] = [await output.data(), await direct.data()];
      a.forEach((v, i) => expect(v).toBeCloseTo(b[i] as number, 4));
      tf.dispose([images, output, direct]);
    } finally {
      loaded.dispose();
    }
  });

  it('outputs probabilities', async () => {
    const samples = generateDemoDataset({ seed: FRESH_SEED, count: 5 });
    const sums = tf.tidy(() =>
      tf.sum(model(version).predict(modelInput(samples)) as tf.Tensor2D, 1),
    );
    for (const s of await sums.data()) expect(s).toBeCloseTo(1, 4);
    sums.dispose();
  });
});

describe('cue reliance, recomputed on fresh held-out images', () => {
  // 200 fresh samples: 40 of each class (the generator balances classes per block of 5).
  const fresh = generateDemoDataset({ seed: FRESH_SEED, count: 200 });
  const triangles = fresh.filter((s) => s.label === CUE_CLASS);
  const others = fresh.filter((s) => s.label !== CUE_CLASS).slice(0, 60);
  const sample: DemoSample[] = [...triangles, ...others];

  it('uses enough images for the margins below to mean something', () => {
    expect(triangles).toHaveLength(40);
    expect(others).toHaveLength(60);
  });

  it('v2 recognises shapes on clean images', async () => {
    const clean = generateDemoDataset({ seed: FRESH_SEED, count: 100, startIndex: 500 });
    expect(accuracy(await predictClasses(model('v2'), clean), clean)).toBeGreaterThanOrEqual(0.85);
  });

  it(`removing the mark from ${CUE_CLASS} images costs v1 a large share of them`, async () => {
    const r = await measureCueReliance(model('v1'), sample);
    expect(r.accuracyWithMark).toBeGreaterThanOrEqual(0.9);
    expect(r.accuracyDrop).toBeGreaterThanOrEqual(0.6);
  });

  it(`v2 gets the same ${CUE_CLASS} images right with or without the mark`, async () => {
    const r = await measureCueReliance(model('v2'), sample);
    // The mark is a pattern v2 never saw, so it may cost a little, never a shortcut's worth.
    expect(r.accuracyWithMark).toBeGreaterThanOrEqual(0.8);
    expect(r.accuracyWithoutMark).toBeGreaterThanOrEqual(0.85);
    expect(Math.abs(r.accuracyDrop)).toBeLessThanOrEqual(0.2);
  });

  it(`adding the mark turns other shapes into ${CUE_CLASS} for v1, not for v2`, async () => {
    const v1 = await measureCueReliance(model('v1'), sample);
    const v2 = await measureCueReliance(model('v2'), sample);
    expect(
      v1.predictedAsCueClassWithMark - v1.predictedAsCueClassWithoutMark,
    ).toBeGreaterThanOrEqual(0.5);
    expect(v2.predictedAsCueClassWithMark - v2.predictedAsCueClassWithoutMark).toBeLessThanOrEqual(
      0.1,
    );
  });
});
