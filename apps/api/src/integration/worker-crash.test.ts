import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patternImages, tinyModelFiles } from '../testing/fixtures.ts';
import {
  TEST_HEARTBEAT_SECONDS,
  startTestStack,
  type TestStack,
  type TestTeam,
} from '../testing/harness.ts';
import {
  addImages,
  createRun,
  isFinal,
  registerModel,
  runExplanations,
  waitForRun,
  type RunView,
} from '../testing/operations.ts';
import { settlement } from '../testing/settlement.ts';

const IMAGES = 40;
const METHODS = [{ name: 'grad-cam' }, { name: 'saliency' }];
const ITEMS = IMAGES * METHODS.length;

let stack: TestStack;
let team: TestTeam;

beforeAll(async () => {
  stack = await startTestStack({ label: 'worker-crash', workers: 2 });
  team = await stack.createTeam('Epsilon');
});

afterAll(async () => {
  await stack?.close();
});

describe('a worker killed with SIGKILL in the middle of a run', () => {
  let before: RunView;
  let after: RunView;
  let killedAt: number;
  let victimId: string;

  beforeAll(async () => {
    const { version } = await registerModel(
      team.client,
      'crash-model',
      await tinyModelFiles({ size: 16, classes: 3, seed: 13 }),
    );
    const images = await addImages(team.client, await patternImages(IMAGES));
    const created = await createRun(team.client, {
      modelVersionId: version.id,
      imageIds: images.map((i) => i.id),
      methods: METHODS,
    });
    before = await waitForRun(
      team.client,
      created.run!.id,
      (r) => r.status === 'RUNNING' && r.progress.done >= 4,
      60_000,
      50,
    );
    victimId = before.worker!.id;
    const victim = stack.workers.find((w) => w.id === victimId);
    if (!victim) throw new Error(`run ${before.id} is on an unknown worker ${victimId}`);
    await victim.kill('SIGKILL');
    killedAt = Date.now();
    expect(victim.child.signalCode).toBe('SIGKILL');
    after = await waitForRun(team.client, before.id, isFinal, 90_000);
  });

  it('was killed mid-way', async () => {
    const done =
      (await stack.app.db.explanation.count({ where: { runId: before.id, attempt: 1 } })) /
      METHODS.length;
    expect(before.progress.done).toBeGreaterThan(0);
    expect(done).toBeLessThan(IMAGES);
  });

  it('still ends SUCCEEDED, finished by the other worker in a second attempt', () => {
    expect(after.status).toBe('SUCCEEDED');
    expect(after.failure).toBeNull();
    expect(after.attempt).toBe(2);
    expect(after.worker?.id).not.toBe(victimId);
    expect(stack.workers.map((w) => w.id)).toContain(after.worker?.id);
  });

  it('was taken over once the heartbeat lapsed, and quickly after that', () => {
    const tookOver = new Date(after.finishedAt!).getTime() - killedAt;
    expect(tookOver).toBeGreaterThan((TEST_HEARTBEAT_SECONDS - 2) * 1000);
    expect(tookOver).toBeLessThan(60_000);
  });

  it("kept the first attempt's explanations, redid none, and counted every item once", async () => {
    expect(after.progress).toMatchObject({ done: ITEMS, total: ITEMS });
    const { totalCount, explanations } = await runExplanations(team.client, before.id);
    expect(totalCount).toBe(ITEMS);
    expect(new Set(explanations.map((e) => `${e.image.id}/${e.method.id}`)).size).toBe(ITEMS);
    const byAttempt = await stack.app.db.explanation.groupBy({
      by: ['attempt'],
      where: { runId: before.id },
      _count: { _all: true },
    });
    const counts = Object.fromEntries(byAttempt.map((g) => [g.attempt, g._count._all]));
    expect(counts[1]).toBeGreaterThanOrEqual(before.progress.done);
    expect((counts[1] ?? 0) + (counts[2] ?? 0)).toBe(ITEMS);
  });

  it('leaves no run RUNNING and no job open', async () => {
    const state = await settlement(stack.app.db);
    expect(state.unfinished).toEqual([]);
    expect(state.inconsistent).toEqual([]);
    expect(state.openJobs).toBe(0);
  });
});
