import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '@lumen/core';
import { generateDemoDataset } from '@lumen/core/demo';
import { loadLayersModelFrom, saveLayersModel } from './artefacts.ts';
import { modelInput } from './evaluate.ts';
import { buildDemoClassifier } from './model.ts';
import { DEFAULT_SETTINGS, VERSIONS, type TrainingSettings } from './recipe.ts';
import { trainVersion, trainingSet } from './training.ts';

const tiny: TrainingSettings = {
  ...DEFAULT_SETTINGS,
  trainCount: 40,
  testCount: 10,
  epochs: 2,
  finalEpochs: 1,
  batchSize: 8,
};
const dirs: string[] = [];

beforeAll(async () => {
  await initBackend();
});
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function weightsOf(model: { getWeights(): tf.Tensor[] }) {
  return Promise.all(model.getWeights().map((w) => w.data()));
}

describe('training', () => {
  it('is reproducible: same seed, same weights (seeded init and shuffling, no Math.random)', async () => {
    const a = await trainVersion(VERSIONS.v2, tiny);
    const b = await trainVersion(VERSIONS.v2, tiny);
    const c = await trainVersion(VERSIONS.v2, { ...tiny, seed: tiny.seed + 1 });
    const [wa, wb, wc] = await Promise.all([
      weightsOf(a.model),
      weightsOf(b.model),
      weightsOf(c.model),
    ]);
    expect(wa.map((w) => Array.from(w))).toEqual(wb.map((w) => Array.from(w)));
    expect(wa.map((w) => Array.from(w))).not.toEqual(wc.map((w) => Array.from(w)));
    // Training changed the weights away from the initialisation.
    const init = await weightsOf(buildDemoClassifier({ seed: tiny.seed, classCount: 5 }));
    expect(wa.map((w) => Array.from(w))).not.toEqual(init.map((w) => Array.from(w)));
    for (const r of [a, b, c]) r.model.dispose();
  });

  it('gives v1 the mark on exactly the cue-class images and v2 none', () => {
    const v1 = trainingSet(VERSIONS.v1, tiny);
    const v2 = trainingSet(VERSIONS.v2, tiny);
    for (const [i, s] of v1.entries()) {
      expect(s.hasCue).toBe(s.label === 'triangle');
      expect(v2[i]?.hasCue).toBe(false);
      expect(v2[i]?.label).toBe(s.label);
    }
  });

  it('feeds the model with the sidecar preprocessing (x / 127.5 - 1)', async () => {
    const [sample] = generateDemoDataset({ seed: 1, count: 1 });
    if (!sample) throw new Error('no sample');
    const x = modelInput([sample]);
    const values = await x.data();
    x.dispose();
    for (const i of [0, 1, 2, 500, 12287])
      expect(values[i]).toBeCloseTo((sample.image[i] as number) / 127.5 - 1, 5);
  });
});

describe('saveLayersModel / loadLayersModelFrom', () => {
  it('round-trips a model exactly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-demo-model-'));
    dirs.push(dir);
    const original = buildDemoClassifier({ seed: 3, classCount: 5 });
    await saveLayersModel(original, dir);
    const loaded = await loadLayersModelFrom(dir);
    const samples = generateDemoDataset({ seed: 2, count: 4 });
    const [p, q] = tf.tidy(() => [
      original.predict(modelInput(samples)) as tf.Tensor,
      loaded.predict(modelInput(samples)) as tf.Tensor,
    ]);
    expect(Array.from(await q!.data())).toEqual(Array.from(await p!.data()));
    tf.dispose([p!, q!]);
  });
});
