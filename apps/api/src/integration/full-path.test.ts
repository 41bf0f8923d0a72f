import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeImage, decodeNpy, loadModel, prepareImage, runExplainer } from '@lumen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLRequestError, type ApiClient, type UploadedFile } from '../testing/api-client.ts';
import { maskPng, patternImages, patternPng, tinyModelFiles } from '../testing/fixtures.ts';
import { startTestStack, type TestStack, type TestTeam } from '../testing/harness.ts';
import {
  PLUGINS,
  RUN_PROGRESS,
  addImages,
  createRun,
  isFinal,
  registerModel,
  runExplanations,
  setImageMask,
  waitForRun,
  type ExplanationView,
  type ImageView,
  type ModelVersionView,
  type PluginView,
  type RunProgressEvent,
  type RunView,
} from '../testing/operations.ts';
import { settlement } from '../testing/settlement.ts';

const SIZE = 16;
const CLASSES = 3;
const METHODS = [{ name: 'grad-cam', params: { layer: 'last_conv' } }, { name: 'saliency' }];

let stack: TestStack;
let team: TestTeam;
let client: ApiClient;
let modelFiles: UploadedFile[];
let version: ModelVersionView;
let images: ImageView[];
let run: RunView;
let explanations: ExplanationView[];
let plugins: PluginView[];

/** The .npy header as NumPy reads it: magic, version, then a Python dict literal. */
function npyHeader(bytes: Uint8Array): string {
  expect([...bytes.subarray(0, 6)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);
  const length = bytes[8]! | (bytes[9]! << 8);
  return new TextDecoder().decode(bytes.subarray(10, 10 + length));
}

beforeAll(async () => {
  stack = await startTestStack({ label: 'full-path', workers: 2 });
  team = await stack.createTeam('Alpha');
  client = team.client;
  modelFiles = await tinyModelFiles({ size: SIZE, classes: CLASSES, seed: 7 });
  version = (await registerModel(client, 'tiny-cnn', modelFiles)).version;
  const squares = await patternImages(3, { size: SIZE });
  const wide: UploadedFile = { name: 'wide.png', bytes: await patternPng(99, 24, 20) };
  images = await addImages(client, [...squares, wide], 'full-path');
  await setImageMask(
    client,
    images[0]!.id,
    'object',
    await maskPng(SIZE, SIZE, (x) => x < SIZE / 2),
  );
  plugins = (await client.data<{ plugins: PluginView[] }>(PLUGINS)).plugins;

  const created = await createRun(client, {
    modelVersionId: version.id,
    imageIds: images.map((i) => i.id),
    methods: METHODS,
    targets: 'top2',
    seed: 3,
  });
  expect(created.error).toBeNull();
  run = await waitForRun(client, created.run!.id, isFinal, 90_000);
  explanations = (await runExplanations(client, run.id)).explanations;
});

afterAll(async () => {
  await stack?.close();
});

describe('from upload to results', () => {
  it('reads the uploaded model: classes from the sidecar, layers, last conv layer, input size', () => {
    expect(version.classNames).toEqual(['class-0', 'class-1', 'class-2']);
    expect(version.lastConvLayer).toBe('last_conv');
    expect(version.layers.map((l) => l.name)).toEqual(
      expect.arrayContaining(['conv1', 'pool1', 'last_conv', 'gap', 'predictions']),
    );
    expect(version.layers.find((l) => l.name === 'last_conv')?.spatial).toBe(true);
    expect(version.inputSpec).toEqual({ height: SIZE, width: SIZE });
  });

  it('stores images with their header facts and deduplicates a re-upload by content', async () => {
    expect(images.map((i) => [i.format, i.width, i.height])).toEqual([
      ['png', SIZE, SIZE],
      ['png', SIZE, SIZE],
      ['png', SIZE, SIZE],
      ['png', 24, 20],
    ]);
    const again = await addImages(client, [
      { name: 'same-bytes-other-name.png', bytes: await patternPng(99, 24, 20) },
    ]);
    expect(again.map((i) => i.id)).toEqual([images[3]!.id]);
    const original = await client.get(images[3]!.url);
    expect(original.status).toBe(200);
    expect(Buffer.from(original.bytes).equals(Buffer.from(await patternPng(99, 24, 20)))).toBe(
      true,
    );
  });

  it('runs both methods to SUCCEEDED, one explanation per image x method x target', () => {
    expect(run.status).toBe('SUCCEEDED');
    expect(run.failure).toBeNull();
    expect(run.progress).toEqual({
      done: images.length * METHODS.length,
      total: images.length * METHODS.length,
      fraction: 1,
    });
    expect(run.methods.map((m) => m.name)).toEqual(['grad-cam', 'saliency']);
    expect(run.methods[0]!.params).toMatchObject({
      layer: 'last_conv',
      relu: true,
      normalize: true,
    });
    expect(explanations).toHaveLength(images.length * METHODS.length * 2);
    const keys = new Set(
      explanations.map((e) => `${e.image.id}/${e.method.name}/${e.target.index}`),
    );
    expect(keys.size).toBe(explanations.length);
    for (const image of images) {
      for (const method of METHODS) {
        const mine = explanations
          .filter((e) => e.image.id === image.id && e.method.name === method.name)
          .sort((a, b) => a.target.rank - b.target.rank);
        expect(mine.map((e) => e.target.rank)).toEqual([1, 2]);
        expect(mine[0]!.target.probability).toBeGreaterThanOrEqual(mine[1]!.target.probability);
        expect(mine.map((e) => e.target.label)).toEqual(mine.map((e) => `class-${e.target.index}`));
      }
    }
  });

  it("gives every map the model's input size, in the shape its plugin declares", () => {
    for (const e of explanations) {
      const plugin = plugins.find((p) => p.name === e.method.name);
      expect(plugin).toBeDefined();
      expect(e.attribution.dtype).toBe('float32');
      expect(e.attribution.shape).toEqual(
        plugin!.output.kind === 'spatial' ? [SIZE, SIZE] : [SIZE, SIZE, 3],
      );
      expect(e.attribution.signed).toBe(plugin!.output.signed);
      expect(e.attribution.max).toBeGreaterThanOrEqual(e.attribution.min);
      expect(e.durationMs).toBeGreaterThanOrEqual(0);
      expect(e.backend).toMatch(/wasm|cpu|tensorflow/);
    }
  });

  it('serves overlays at the image size and heatmaps at the map size, as PNGs that decode', async () => {
    for (const e of explanations) {
      const image = images.find((i) => i.id === e.image.id)!;
      const overlay = await client.get(e.overlayUrl);
      expect(overlay.status).toBe(200);
      expect(overlay.contentType).toBe('image/png');
      const decoded = await decodeImage(overlay.bytes);
      expect([decoded.width, decoded.height]).toEqual([image.width, image.height]);
      const heatmap = await decodeImage((await client.get(e.heatmapUrl)).bytes);
      expect([heatmap.width, heatmap.height]).toEqual([
        e.attribution.shape[1],
        e.attribution.shape[0],
      ]);
    }
  });

  it('serves each attribution as a .npy of the stated shape whose values span the stated range', async () => {
    for (const e of explanations) {
      const response = await client.get(e.attribution.npyUrl);
      expect(response.status).toBe(200);
      const header = npyHeader(response.bytes);
      expect(header).toContain("'descr': '<f4'");
      expect(header).toContain(`'shape': (${e.attribution.shape.join(', ')}), `);
      const npy = decodeNpy(response.bytes);
      expect(npy.shape).toEqual(e.attribution.shape);
      expect(npy.data).toBeInstanceOf(Float32Array);
      const values = [...(npy.data as Float32Array)];
      expect(values.every(Number.isFinite)).toBe(true);
      expect(Math.min(...values)).toBeCloseTo(e.attribution.min, 6);
      expect(Math.max(...values)).toBeCloseTo(e.attribution.max, 6);
      if (e.method.name === 'grad-cam') {
        expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...values)).toBeLessThanOrEqual(1 + 1e-6);
      }
    }
  });

  it('stores the same grad-cam maps and predictions the library computes on the same model and image', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lumen-parity-'));
    try {
      for (const file of modelFiles) await fs.writeFile(path.join(dir, file.name), file.bytes);
      const model = await loadModel(dir);
      const explainer = stack.app.registry.get('grad-cam');
      for (const image of images) {
        const prepared = await prepareImage(
          model.inputSpec,
          await decodeImage((await client.get(image.url)).bytes),
        );
        const stored = explanations.filter(
          (e) => e.image.id === image.id && e.method.name === 'grad-cam',
        );
        const local = await runExplainer(explainer, {
          model,
          image: prepared.tensor,
          targets: stored.map((e) => e.target.index),
          params: { layer: 'last_conv' },
          seed: 3,
        });
        for (const e of stored) {
          const expected = local.attributions.find((a) => a.target.index === e.target.index)!;
          expect(e.target.probability).toBeCloseTo(expected.target.probability, 4);
          const npy = decodeNpy((await client.get(e.attribution.npyUrl)).bytes)
            .data as Float32Array;
          let worst = 0;
          for (let i = 0; i < npy.length; i++)
            worst = Math.max(worst, Math.abs(npy[i]! - expected.map.data[i]!));
          expect(worst).toBeLessThan(1e-3);
        }
        prepared.tensor.dispose();
      }
      model.dispose();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('records metrics; with an object mask, the localisation metrics agree with the stored map', async () => {
    for (const e of explanations) expect(typeof e.metrics['sparseness']).toBe('number');
    const masked = explanations.filter((e) => e.image.id === images[0]!.id);
    const unmasked = explanations.filter((e) => e.image.id !== images[0]!.id);
    for (const e of unmasked) expect(e.metrics).not.toHaveProperty('energyOnObject');
    for (const e of masked) {
      const map = decodeNpy((await client.get(e.attribution.npyUrl)).bytes).data as Float32Array;
      let inside = 0;
      let total = 0;
      let peak = 0;
      for (let i = 0; i < map.length; i++) {
        if (map[i]! > map[peak]!) peak = i;
        if (map[i]! <= 0) continue;
        total += map[i]!;
        if (i % SIZE < SIZE / 2) inside += map[i]!;
      }
      expect(e.metrics['energyOnObject']).toBeCloseTo(total > 0 ? inside / total : 0, 5);
      expect(e.metrics['pointingGame']).toBe(peak % SIZE < SIZE / 2 ? 1 : 0);
      expect(e.metrics['iouTop20']).toBeGreaterThanOrEqual(0);
    }
  });

  it("serves a method's array extras as .npy (grad-cam's map at the layer's resolution)", async () => {
    const e = explanations.find((x) => x.method.name === 'grad-cam')!;
    expect(e.extras['layer']).toBe('last_conv');
    const lowRes = e.extras['lowRes'] as { shape: number[]; url: string };
    expect(lowRes.shape).toEqual([SIZE / 2, SIZE / 2]);
    const npy = decodeNpy((await client.get(lowRes.url)).bytes);
    expect(npy.shape).toEqual([SIZE / 2, SIZE / 2]);
  });
});

describe('idempotency', () => {
  const input = () => ({
    modelVersionId: version.id,
    imageIds: [images[1]!.id],
    methods: [{ name: 'saliency' }],
  });
  const jobsOf = async (runId: string) =>
    Number(
      (
        await stack.app.db.$queryRawUnsafe<{ count: bigint }[]>(
          `SELECT count(*)::bigint AS count FROM pgboss.job WHERE data->>'runId' = $1`,
          runId,
        )
      )[0]?.count,
    );

  it('gives back the same run for the same key, with created false, and queues one job', async () => {
    const first = await createRun(client, { ...input(), idempotencyKey: 'nightly-2026-11-26' });
    const second = await createRun(client, { ...input(), idempotencyKey: 'nightly-2026-11-26' });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.error).toBeNull();
    expect(second.run?.id).toBe(first.run?.id);
    expect(
      await stack.app.db.run.count({
        where: { teamId: team.id, idempotencyKey: 'nightly-2026-11-26' },
      }),
    ).toBe(1);
    expect(await jobsOf(first.run!.id)).toBe(1);
    const other = await createRun(client, { ...input(), idempotencyKey: 'nightly-2026-11-27' });
    expect(other.created).toBe(true);
    expect(other.run?.id).not.toBe(first.run?.id);
  });

  it('creates one run and one job when the same key arrives twice at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        createRun(client, { ...input(), idempotencyKey: 'raced-key' }),
      ),
    );
    expect(results.map((r) => r.error)).toEqual([null, null, null, null]);
    expect(new Set(results.map((r) => r.run?.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await jobsOf(results[0]!.run!.id)).toBe(1);
  });
});

describe('live progress', () => {
  const LIVE_ITEMS = 12;

  it('streams runProgress over graphql-ws until the run reaches its final status', async () => {
    const live = await addImages(
      client,
      await patternImages(LIVE_ITEMS, { offset: 100, size: SIZE }),
    );
    const created = await createRun(client, {
      modelVersionId: version.id,
      imageIds: live.map((i) => i.id),
      methods: [{ name: 'grad-cam' }],
    });
    const events = await client.collect<RunProgressEvent>(
      RUN_PROGRESS,
      { id: created.run!.id },
      { timeoutMs: 60_000 },
    );
    const progress = events.map((e) => e.runProgress);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.every((p) => p.run.id === created.run!.id && p.total === LIVE_ITEMS)).toBe(
      true,
    );
    const finals = progress.filter((p) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(p.status));
    expect(finals).toHaveLength(1);
    expect(progress.at(-1)).toMatchObject({ status: 'SUCCEEDED', done: LIVE_ITEMS });
    expect(progress.some((p) => p.status === 'RUNNING' && p.done > 0 && p.done < LIVE_ITEMS)).toBe(
      true,
    );
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
  });

  it("refuses a subscription to another team's run", async () => {
    const other = await stack.createTeam('Beta');
    const refused = await other.client
      .collect(RUN_PROGRESS, { id: run.id }, { timeoutMs: 10_000 })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GraphQLRequestError);
    expect((refused as GraphQLRequestError).errors[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses a subscription without an API key', async () => {
    await expect(
      stack.anonymous.collect(RUN_PROGRESS, { id: run.id }, { timeoutMs: 10_000 }),
    ).rejects.toThrow();
  });
});

describe('settlement', () => {
  it('ends every accepted run in exactly one final state, with no job left open', async () => {
    const deadline = Date.now() + 60_000;
    let state = await settlement(stack.app.db);
    while ((state.unfinished.length || state.openJobs) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      state = await settlement(stack.app.db);
    }
    expect(state.unfinished).toEqual([]);
    expect(state.inconsistent).toEqual([]);
    expect(state.openJobs).toBe(0);
    expect(state.byStatus).toEqual({ SUCCEEDED: state.runs });
  });
});
