import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplainItemResult } from '../compute/protocol.ts';
import { createDb, type Db } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { RunStore, StaleAttemptError } from './run-store.ts';

let database: TestDatabase;
let db: Db;
let runSetup: { versionId: string; teamId: string; imageIds: string[] };

function result(value: number): ExplainItemResult {
  const map = new Float32Array([value, value / 2, 0, 1]);
  return {
    predictions: [{ index: 0, label: 'a', probability: 1 }],
    targets: [
      {
        target: { index: 0, label: 'a', probability: 1, rank: 1 },
        attribution: {
          bytes: new Uint8Array(map.buffer),
          shape: [2, 2],
          dtype: 'float32',
          signed: false,
          min: 0,
          max: 1,
        },
        overlayPng: new Uint8Array([1]),
        heatmapPng: new Uint8Array([2]),
        extras: {},
        arrays: [],
        metrics: {},
      },
    ],
    durationMs: 1,
    backend: 'cpu',
    device: 'cpu',
  };
}

async function worker(): Promise<RunStore> {
  const id = randomUUID();
  await db.worker.create({
    data: {
      id,
      hostname: 'test',
      pid: 1,
      deviceClass: 'CPU',
      backend: 'cpu',
      memoryBytes: BigInt(1),
    },
  });
  return new RunStore(db, id);
}

/** A run of two images and one method, straight in the database. */
async function newRun(): Promise<{ runId: string; methodId: string }> {
  const run = await db.run.create({
    data: {
      teamId: runSetup.teamId,
      modelVersionId: runSetup.versionId,
      targets: 'top1',
      progressTotal: 2,
      methods: {
        create: [{ position: 0, pluginName: 'saliency', pluginVersion: '1.0.0', params: {} }],
      },
      images: { create: runSetup.imageIds.map((imageId, position) => ({ imageId, position })) },
    },
    include: { methods: true },
  });
  return { runId: run.id, methodId: run.methods[0]!.id };
}

beforeAll(async () => {
  database = await createTestDatabase('run-store');
  await migrate(database.url);
  db = createDb(database.url, { max: 4 });
  const team = await db.team.create({ data: { name: 'Fencing', slug: 'fencing' } });
  const model = await db.model.create({ data: { teamId: team.id, name: 'm' } });
  const version = await db.modelVersion.create({
    data: {
      modelId: model.id,
      version: 'v1',
      format: 'LAYERS',
      inputSpec: {},
      classNames: ['a'],
      layers: [],
      sha256: 'x',
      sizeBytes: 0,
    },
  });
  const images = await Promise.all(
    [1, 2].map((n) =>
      db.image.create({
        data: {
          teamId: team.id,
          sha256: `sha-${n}`,
          format: 'png',
          width: 2,
          height: 2,
          bytes: new Uint8Array([n]),
        },
      }),
    ),
  );
  runSetup = { versionId: version.id, teamId: team.id, imageIds: images.map((i) => i.id) };
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('RunStore fencing: a stale attempt cannot overwrite a newer one', () => {
  it('numbers attempts: each claim of an unfinished run is a new attempt', async () => {
    const { runId } = await newRun();
    const first = await (await worker()).claim(runId);
    const second = await (await worker()).claim(runId);
    expect([first?.attempt, second?.attempt]).toEqual([1, 2]);
    expect(first?.run.status).toBe('RUNNING');
  });

  it("refuses the older claim's saveItem and finish once another worker has claimed the run", async () => {
    const { runId, methodId } = await newRun();
    const presumedDead = await worker();
    const successor = await worker();
    const old = (await presumedDead.claim(runId))!;
    const current = (await successor.claim(runId))!;

    await expect(
      presumedDead.saveItem(
        old,
        { imageId: runSetup.imageIds[0]!, runMethodId: methodId },
        result(0.5),
      ),
    ).rejects.toBeInstanceOf(StaleAttemptError);
    expect(await db.explanation.count({ where: { runId } })).toBe(0);
    expect(await presumedDead.finish(old, 'FAILED', { code: 'X', message: 'stale' })).toBe(false);
    expect(await db.run.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({
      status: 'RUNNING',
      attempt: 2,
      progressDone: 0,
      failureCode: null,
    });

    await successor.saveItem(
      current,
      { imageId: runSetup.imageIds[0]!, runMethodId: methodId },
      result(0.25),
    );
    await successor.saveItem(
      current,
      { imageId: runSetup.imageIds[1]!, runMethodId: methodId },
      result(0.75),
    );
    expect(await successor.finish(current, 'SUCCEEDED')).toBe(true);

    const stored = await db.run.findUniqueOrThrow({
      where: { id: runId },
      include: { explanations: true },
    });
    expect(stored).toMatchObject({
      status: 'SUCCEEDED',
      attempt: 2,
      progressDone: 2,
      workerId: expect.any(String),
    });
    expect(stored.explanations.map((e) => e.attempt)).toEqual([2, 2]);
    expect(stored.finishedAt).toBeInstanceOf(Date);
  });

  it('keeps a final state final: no second finish, no late item, no failure, no new claim', async () => {
    const { runId, methodId } = await newRun();
    const store = await worker();
    const claim = (await store.claim(runId))!;
    expect(
      await store.finish(claim, 'CANCELLED', { code: 'CANCELLED', message: 'cancelled' }),
    ).toBe(true);
    const finishedAt = (await db.run.findUniqueOrThrow({ where: { id: runId } })).finishedAt;

    expect(await store.finish(claim, 'SUCCEEDED')).toBe(false);
    await expect(
      store.saveItem(claim, { imageId: runSetup.imageIds[0]!, runMethodId: methodId }, result(1)),
    ).rejects.toBeInstanceOf(StaleAttemptError);
    expect(
      await store.failIfUnfinished(runId, { code: 'RETRIES_EXHAUSTED', message: 'late' }),
    ).toBe(false);
    expect(await (await worker()).claim(runId)).toBeNull();

    const stored = await db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(stored).toMatchObject({
      status: 'CANCELLED',
      failureCode: 'CANCELLED',
      attempt: 1,
      progressDone: 0,
    });
    expect(stored.finishedAt).toEqual(finishedAt);
  });

  it('lets items finished by an earlier attempt be skipped by the next one', async () => {
    const { runId, methodId } = await newRun();
    const first = await worker();
    const claim = (await first.claim(runId))!;
    await first.saveItem(
      claim,
      { imageId: runSetup.imageIds[0]!, runMethodId: methodId },
      result(0.1),
    );
    const next = await worker();
    await next.claim(runId);
    expect(await next.finishedItems(runId)).toEqual(
      new Set([`${runSetup.imageIds[0]}:${methodId}`]),
    );
  });

  it('fails an unfinished run exactly once when its retries are exhausted', async () => {
    const { runId } = await newRun();
    const store = await worker();
    await store.claim(runId);
    expect(
      await store.failIfUnfinished(runId, { code: 'RETRIES_EXHAUSTED', message: 'gave up' }),
    ).toBe(true);
    expect(
      await store.failIfUnfinished(runId, { code: 'RETRIES_EXHAUSTED', message: 'again' }),
    ).toBe(false);
    expect(await db.run.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({
      status: 'FAILED',
      failureMessage: 'gave up',
    });
  });
});
