import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserErrorBody } from '../testing/api-client.ts';
import { patternImages, tinyModelFiles } from '../testing/fixtures.ts';
import { startTestStack, type TestStack, type TestTeam } from '../testing/harness.ts';
import {
  CANCEL_RUN,
  RETRY_RUN,
  addImages,
  createRun,
  getRun,
  isFinal,
  registerModel,
  runExplanations,
  waitForRun,
  type ImageView,
  type ModelVersionView,
  type RunView,
} from '../testing/operations.ts';
import { settlement } from '../testing/settlement.ts';

const LONG_RUN_IMAGES = 40;
const LONG_RUN_METHODS = [{ name: 'grad-cam' }, { name: 'saliency' }];
const LONG_RUN_ITEMS = LONG_RUN_IMAGES * LONG_RUN_METHODS.length;

let stack: TestStack;
let team: TestTeam;
let version: ModelVersionView;
let images: ImageView[];

interface RunPayload {
  run: RunView | null;
  error: UserErrorBody | null;
}
const cancel = async (id: string) =>
  (await team.client.data<{ cancelRun: RunPayload }>(CANCEL_RUN, { id })).cancelRun;
const retry = async (id: string) =>
  (await team.client.data<{ retryRun: RunPayload }>(RETRY_RUN, { id })).retryRun;

beforeAll(async () => {
  stack = await startTestStack({ label: 'cancel', workers: 1 });
  team = await stack.createTeam('Zeta');
  version = (
    await registerModel(
      team.client,
      'cancel-model',
      await tinyModelFiles({ size: 16, classes: 3, seed: 17 }),
    )
  ).version;
  images = await addImages(team.client, await patternImages(LONG_RUN_IMAGES));
});

afterAll(async () => {
  await stack?.close();
});

describe('cancel and retry', () => {
  let long: RunView;
  let queued: RunView;
  let cancelledLong: RunView;
  let doneWhenCancelled: number;
  let cancelLatencyMs: number;
  let explanationIdsBeforeRetry: string[];

  beforeAll(async () => {
    const created = await createRun(team.client, {
      modelVersionId: version.id,
      imageIds: images.map((i) => i.id),
      methods: LONG_RUN_METHODS,
    });
    long = await waitForRun(
      team.client,
      created.run!.id,
      (r) => r.status === 'RUNNING' && r.progress.done >= 2,
      60_000,
      50,
    );
    queued = (
      await createRun(team.client, {
        modelVersionId: version.id,
        imageIds: [images[0]!.id],
        methods: [{ name: 'saliency' }],
      })
    ).run!;
  });

  it('cancels a queued run at once', async () => {
    expect((await getRun(team.client, queued.id))?.status).toBe('QUEUED');
    const payload = await cancel(queued.id);
    expect(payload.error).toBeNull();
    expect(payload.run).toMatchObject({
      status: 'CANCELLED',
      failure: { code: 'CANCELLED' },
      attempt: 0,
    });
    expect(payload.run?.finishedAt).not.toBeNull();
  });

  it('stops a running run within one batch: CANCELLED, at most the item in flight stored after the request', async () => {
    const started = Date.now();
    const payload = await cancel(long.id);
    expect(payload.error).toBeNull();
    doneWhenCancelled = payload.run!.progress.done;
    expect(payload.run?.status).toBe('RUNNING');
    cancelledLong = await waitForRun(team.client, long.id, isFinal, 10_000, 50);
    cancelLatencyMs = Date.now() - started;
    expect(cancelledLong.status).toBe('CANCELLED');
    expect(cancelledLong.failure?.code).toBe('CANCELLED');
    expect(cancelLatencyMs).toBeLessThan(5_000);
    expect(cancelledLong.progress.done).toBeLessThanOrEqual(doneWhenCancelled + 1);
    expect(cancelledLong.progress.done).toBeLessThan(LONG_RUN_ITEMS);
    const stored = await runExplanations(team.client, long.id);
    expect(stored.totalCount).toBe(cancelledLong.progress.done);
    explanationIdsBeforeRetry = stored.explanations.map((e) => e.id).sort();
  });

  it('lets the worker move on: the next run succeeds, and the cancelled queued run is skipped', async () => {
    const next = await createRun(team.client, {
      modelVersionId: version.id,
      imageIds: images.slice(0, 2).map((i) => i.id),
      methods: [{ name: 'saliency' }],
    });
    const finished = await waitForRun(team.client, next.run!.id, isFinal, 30_000);
    expect(finished.status).toBe('SUCCEEDED');
    expect(finished.worker?.id).toBe(stack.workers[0]!.id);
    const skipped = await getRun(team.client, queued.id);
    expect(skipped).toMatchObject({ status: 'CANCELLED', attempt: 0, progress: { done: 0 } });
    expect(await stack.app.db.explanation.count({ where: { runId: queued.id } })).toBe(0);
  });

  it('refuses to cancel or retry a run in the wrong state (CONFLICT)', async () => {
    expect((await cancel(long.id)).error?.code).toBe('CONFLICT');
    const succeeded = (
      await stack.app.db.run.findFirstOrThrow({ where: { teamId: team.id, status: 'SUCCEEDED' } })
    ).id;
    expect((await retry(succeeded)).error?.code).toBe('CONFLICT');
  });

  it('retries the cancelled run to SUCCEEDED, keeping the explanations it had', async () => {
    const payload = await retry(long.id);
    expect(payload.error).toBeNull();
    expect(payload.run).toMatchObject({ status: 'QUEUED', failure: null, finishedAt: null });
    const finished = await waitForRun(team.client, long.id, isFinal, 60_000);
    expect(finished.status).toBe('SUCCEEDED');
    expect(finished.attempt).toBe(2);
    expect(finished.progress).toMatchObject({ done: LONG_RUN_ITEMS, total: LONG_RUN_ITEMS });
    const { explanations } = await runExplanations(team.client, long.id);
    expect(explanations).toHaveLength(LONG_RUN_ITEMS);
    expect(new Set(explanations.map((e) => `${e.image.id}/${e.method.id}`)).size).toBe(
      LONG_RUN_ITEMS,
    );
    const ids = new Set(explanations.map((e) => e.id));
    expect(explanationIdsBeforeRetry.length).toBeGreaterThan(0);
    expect(explanationIdsBeforeRetry.every((id) => ids.has(id))).toBe(true);
    const attempts = await stack.app.db.explanation.groupBy({
      by: ['attempt'],
      where: { runId: long.id },
      _count: { _all: true },
    });
    expect(Object.fromEntries(attempts.map((a) => [a.attempt, a._count._all]))).toEqual({
      1: explanationIdsBeforeRetry.length,
      2: LONG_RUN_ITEMS - explanationIdsBeforeRetry.length,
    });
  });

  it('ends every accepted run in exactly one final state', async () => {
    const deadline = Date.now() + 30_000;
    let state = await settlement(stack.app.db);
    while ((state.unfinished.length || state.openJobs) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      state = await settlement(stack.app.db);
    }
    expect(state).toMatchObject({
      unfinished: [],
      inconsistent: [],
      openJobs: 0,
      byStatus: { SUCCEEDED: 2, CANCELLED: 1 },
    });
  });
});
