import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { LumenError} from '../errors.ts';
import { isLumenError } from '../errors.ts';
import type { ClassifierModel } from '../model/classifier-model.ts';
import { loadModel } from '../model/load-model.ts';
import { makeTempDir, tinyCnn, writeLayersModel } from '../testing/model-fixtures.ts';
import { tf } from '../tf.ts';
import { defineExplainer } from './define-explainer.ts';
import type { ExplainContext, ExplainInput, ExplainerOutput } from './explainer.ts';
import { runExplainer, type ProgressEvent } from './run-explainer.ts';

type Explain = (input: ExplainInput, ctx: ExplainContext<{ samples: number }>) => Promise<ExplainerOutput<Record<string, unknown>>>;

const fake = (explain: Explain) =>
  defineExplainer({
    name: 'fake',
    version: '0.0.1',
    title: 'Fake',
    description: 'A test double.',
    params: z.object({ samples: z.number().int().min(1).default(4) }),
    output: { kind: 'spatial', signed: true },
    explain,
  });

/** Fills each target's map with ctx.random draws, through batched predict calls. */
const noisy = fake(async ({ image, targets }, ctx) => {
  const scores = await ctx.predict(ctx.params.samples, (start, end) =>
    tf.tile(tf.expandDims(image, 0), [end - start, 1, 1, 1]) as tf.Tensor4D,
  );
  const [h, w] = image.shape;
  return {
    attributions: targets.map((target) => ({
      target,
      map: { data: ctx.random.uniformArray(h * w, -1, 1), shape: [h, w] as [number, number] },
      extras: { meanScore: scores[target.index] },
    })),
  };
});

describe('runExplainer', () => {
  let root: string;
  let model: ClassifierModel;
  let image: tf.Tensor3D;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    root = await makeTempDir();
    model = await loadModel(
      await writeLayersModel(tinyCnn({ size: 16, classes: 3 }), path.join(root, 'm'), { name: 'tiny', version: 'v9', classNames: ['a', 'b', 'c'] }),
    );
    image = tf.randomUniform([16, 16, 3], 0, 255, 'float32', 1) as tf.Tensor3D;
  });
  afterAll(async () => {
    image.dispose();
    model.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('stamps the result with name@version, validated params, seed, model and backend', async () => {
    const result = await runExplainer(noisy, { model, image, targets: 'top2', params: { samples: 3 }, seed: 5 });
    expect(result.explainer).toEqual({ id: 'fake@0.0.1', name: 'fake', version: '0.0.1' });
    expect(result.params).toEqual({ samples: 3 });
    expect(result.seed).toBe(5);
    expect(result.model).toMatchObject({ name: 'tiny', version: 'v9', format: 'layers', inputSize: [16, 16] });
    expect(result.backend).toBe('cpu');
    expect(result.attributions.map((a) => a.target.rank)).toEqual([1, 2]);
    expect(result.attributions[0]?.signed).toBe(true);
    expect(result.predictions.map((p) => p.label).sort()).toEqual(['a', 'b', 'c']);
  });

  it('resolves targets by label, index and top-k, and refuses unknown ones', async () => {
    const byLabel = await runExplainer(noisy, { model, image, targets: ['c', 0] });
    expect(byLabel.attributions.map((a) => a.target.label)).toEqual(['c', 'a']);
    const error = await runExplainer(noisy, { model, image, targets: 'dog' }).catch((e: unknown) => e);
    expect(isLumenError(error, 'TARGET_INVALID')).toBe(true);
    expect((error as LumenError).details).toMatchObject({ plugin: 'fake@0.0.1', phase: 'check' });
    await expect(runExplainer(noisy, { model, image, targets: 7 })).rejects.toThrow(/out of range/);
    await expect(runExplainer(noisy, { model, image, targets: 'top4' })).rejects.toThrow(/model has 3/);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const a = await runExplainer(noisy, { model, image, seed: 1 });
    const b = await runExplainer(noisy, { model, image, seed: 1 });
    const c = await runExplainer(noisy, { model, image, seed: 2 });
    expect(Array.from(a.attributions[0]!.map.data)).toEqual(Array.from(b.attributions[0]!.map.data));
    expect(Array.from(a.attributions[0]!.map.data)).not.toEqual(Array.from(c.attributions[0]!.map.data));
  });

  it('reports batched progress with an ETA', async () => {
    const events: ProgressEvent[] = [];
    await runExplainer(noisy, { model, image, params: { samples: 10 }, batchSize: 4, onProgress: (e) => events.push(e) });
    expect(events.map((e) => e.done)).toEqual([4, 8, 10]);
    expect(events.at(-1)?.fraction).toBe(1);
    expect(events[0]?.etaMs).toBeGreaterThanOrEqual(0);
  });

  it('wraps a plugin crash as PLUGIN_ERROR with the plugin, the phase and the cause', async () => {
    const cause = new TypeError('undefined is not a function');
    const error = await runExplainer(fake(async () => Promise.reject(cause)), { model, image }).catch((e: unknown) => e);
    expect(isLumenError(error, 'PLUGIN_ERROR')).toBe(true);
    expect((error as LumenError).details).toEqual({ plugin: 'fake@0.0.1', phase: 'explain' });
    expect((error as Error).cause).toBe(cause);
    expect((error as Error).message).toMatch(/fake@0\.0\.1 failed during explain: undefined is not a function/);
  });

  it('keeps the code of a LumenError thrown by a plugin, adding plugin and phase', async () => {
    const error = await runExplainer(
      fake(async (_input, ctx) => {
        ctx.model.layer('no_such_layer');
        return { attributions: [] };
      }),
      { model, image },
    ).catch((e: unknown) => e);
    expect(isLumenError(error, 'LAYER_NOT_FOUND')).toBe(true);
    expect((error as LumenError).details).toMatchObject({ plugin: 'fake@0.0.1', phase: 'explain', layer: 'no_such_layer' });
  });

  it.each([
    ['a map of the wrong size', () => ({ data: new Float32Array(4), shape: [2, 2] }), /expected \[16, 16\]/],
    ['NaN values', () => ({ data: new Float32Array(256).fill(Number.NaN), shape: [16, 16] }), /NaN/],
    ['a data/shape mismatch', () => ({ data: new Float32Array(10), shape: [16, 16] }), /does not match/],
  ] as const)('refuses %s with PLUGIN_OUTPUT_INVALID', async (_, map, message) => {
    const bad = fake(async ({ targets }) => ({
      attributions: [{ target: targets[0]!, map: map() as { data: Float32Array; shape: [number, number] } }],
    }));
    const error = await runExplainer(bad, { model, image }).catch((e: unknown) => e);
    expect(isLumenError(error, 'PLUGIN_OUTPUT_INVALID'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect((error as LumenError).details['phase']).toBe('output');
  });

  it('refuses an image of the wrong size before the plugin runs', async () => {
    const wrong = tf.zeros([8, 8, 3]) as tf.Tensor3D;
    const error = await runExplainer(noisy, { model, image: wrong }).catch((e: unknown) => e);
    wrong.dispose();
    expect(isLumenError(error, 'SHAPE_MISMATCH')).toBe(true);
    expect((error as Error).message).toMatch(/takes \[16, 16, 3\]/);
  });

  it('refuses a plugin needing a background when none is given', async () => {
    const needy = defineExplainer({ ...noisy, name: 'needy', requires: { background: true } });
    const error = await runExplainer(needy, { model, image }).catch((e: unknown) => e);
    expect(isLumenError(error, 'REQUIREMENT_UNMET')).toBe(true);
  });

  it('disposes tensor maps it was given, even when the output is refused', async () => {
    const before = tf.memory().numTensors;
    const tensorMaps = fake(async ({ targets }) => ({ attributions: targets.map((target) => ({ target, map: tf.ones([16, 16]) })) }));
    await runExplainer(tensorMaps, { model, image, targets: 'top3' });
    const wrong = fake(async ({ targets }) => ({ attributions: targets.map((target) => ({ target, map: tf.ones([4, 4]) })) }));
    await expect(runExplainer(wrong, { model, image })).rejects.toThrow(/expected \[16, 16\]/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
