/**
 * Lumen load check (not a test): the API against a fresh database, worker processes, and N
 * runs of a tiny model submitted across several teams. Reports throughput, latency and that
 * every run ended in exactly one final state. Exits 1 when a run is left unfinished, failed,
 * or when the queue still holds work.
 *   node tools/load-check/src/main.ts [--runs 40] [--teams 4] [--workers 2] [--images 4] [--json]
 */
import { parseArgs } from 'node:util';
import {
  addImages,
  createRun,
  patternImages,
  registerModel,
  settlement,
  startTestStack,
  tinyModelFiles,
  type TestStack,
} from '@lumen/api/testing';
import { distribution, seconds, type Distribution } from './stats.ts';

const METHODS = [{ name: 'grad-cam' }, { name: 'saliency' }];
const IMAGES_PER_TEAM = 12;
const SUBMIT_CONCURRENCY = 8;

interface Options {
  runs: number;
  teams: number;
  workers: number;
  imagesPerRun: number;
  timeoutSeconds: number;
  json: boolean;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '40' },
      teams: { type: 'string', default: '4' },
      workers: { type: 'string', default: '2' },
      images: { type: 'string', default: '4' },
      timeout: { type: 'string', default: '900' },
      json: { type: 'boolean', default: false },
    },
  });
  const whole = (name: string, raw: string | undefined, min: number, max: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${name} takes a whole number from ${min} to ${max}`);
    return n;
  };
  return {
    runs: whole('runs', values.runs, 1, 10_000),
    teams: whole('teams', values.teams, 1, 100),
    workers: whole('workers', values.workers, 1, 16),
    imagesPerRun: whole('images', values.images, 1, IMAGES_PER_TEAM),
    timeoutSeconds: whole('timeout', values.timeout, 10, 86_400),
    json: values.json ?? false,
  };
}

const say = (line: string) => process.stderr.write(`[load-check] ${line}\n`);

async function inParallel<T>(
  count: number,
  limit: number,
  work: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await work(index);
      }
    }),
  );
  return results;
}

interface Report {
  runs: number;
  teams: number;
  workers: number;
  explanationsPerRun: number;
  byStatus: Record<string, number>;
  unfinished: number;
  inconsistent: number;
  openJobs: number;
  wallSeconds: number;
  runsPerMinute: number;
  explanations: number;
  explanationsPerSecond: number;
  latencyMs: Distribution;
  queueWaitMs: Distribution;
  serviceMs: Distribution;
  runsPerWorker: number[];
  attempts: Record<string, number>;
  database: string;
}

async function measure(stack: TestStack, opts: Options, runIds: string[]): Promise<Report> {
  const db = stack.app.db;
  const runs = await db.run.findMany({ where: { id: { in: runIds } } });
  const state = await settlement(db);
  const explanations = await db.explanation.count({ where: { runId: { in: runIds } } });
  const created = Math.min(...runs.map((r) => r.createdAt.getTime()));
  const finished = Math.max(...runs.map((r) => r.finishedAt?.getTime() ?? Number.NaN));
  const wallMs = finished - created;
  const done = runs.filter((r) => r.finishedAt && r.startedAt);
  const perWorker = new Map<string, number>();
  for (const run of runs)
    if (run.workerId) perWorker.set(run.workerId, (perWorker.get(run.workerId) ?? 0) + 1);
  const attempts: Record<string, number> = {};
  for (const run of runs) attempts[run.attempt] = (attempts[run.attempt] ?? 0) + 1;
  return {
    runs: runs.length,
    teams: opts.teams,
    workers: opts.workers,
    explanationsPerRun: opts.imagesPerRun * METHODS.length,
    byStatus: state.byStatus,
    unfinished: state.unfinished.length,
    inconsistent: state.inconsistent.length,
    openJobs: state.openJobs,
    wallSeconds: wallMs / 1000,
    runsPerMinute: runs.length / (wallMs / 60_000),
    explanations,
    explanationsPerSecond: explanations / (wallMs / 1000),
    latencyMs: distribution(
      done.map((r) => (r.finishedAt as Date).getTime() - r.createdAt.getTime()),
    ),
    queueWaitMs: distribution(
      done.map((r) => (r.startedAt as Date).getTime() - r.createdAt.getTime()),
    ),
    serviceMs: distribution(
      done.map((r) => (r.finishedAt as Date).getTime() - (r.startedAt as Date).getTime()),
    ),
    runsPerWorker: stack.workers.map((w) => perWorker.get(w.id) ?? 0),
    attempts,
    database: stack.database.server,
  };
}

function print(report: Report): void {
  const dist = (d: Distribution) =>
    `p50 ${seconds(d.p50)}, p90 ${seconds(d.p90)}, p99 ${seconds(d.p99)}, max ${seconds(d.max)}`;
  const lines = [
    `runs:            ${report.runs} across ${report.teams} teams, ${report.workers} worker processes (${report.explanationsPerRun} explanations each)`,
    `final states:    ${Object.entries(report.byStatus)
      .map(([status, n]) => `${status} ${n}`)
      .join(', ')}`,
    `left over:       ${report.unfinished} QUEUED/RUNNING, ${report.inconsistent} inconsistent, ${report.openJobs} open jobs`,
    `wall time:       ${report.wallSeconds.toFixed(1)} s (first submission to last final state)`,
    `throughput:      ${report.runsPerMinute.toFixed(1)} runs/min, ${report.explanationsPerSecond.toFixed(2)} explanations/s (${report.explanations} explanations)`,
    `latency:         ${dist(report.latencyMs)} (submitted -> final)`,
    `queue wait:      ${dist(report.queueWaitMs)} (submitted -> started)`,
    `service time:    ${dist(report.serviceMs)} (started -> final)`,
    `runs per worker: ${report.runsPerWorker.join(' / ')}`,
    `attempts:        ${Object.entries(report.attempts)
      .map(([attempt, n]) => `${n} run(s) in ${attempt}`)
      .join(', ')}`,
    `database:        ${report.database}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<number> {
  const opts = options(process.argv.slice(2));
  say(`starting the API and ${opts.workers} workers against a fresh database`);
  const stack = await startTestStack({ label: 'load-check', workers: opts.workers });
  try {
    const model = await tinyModelFiles({ size: 16, classes: 3, seed: 1 });
    const teams = await Promise.all(
      Array.from({ length: opts.teams }, async (_, t) => {
        const team = await stack.createTeam(`load-team-${t + 1}`);
        const { version } = await registerModel(team.client, 'tiny-cnn', model);
        const images = await addImages(
          team.client,
          await patternImages(IMAGES_PER_TEAM, { offset: t * 1000 }),
        );
        return { team, versionId: version.id, imageIds: images.map((i) => i.id) };
      }),
    );
    say(
      `submitting ${opts.runs} runs (${opts.imagesPerRun} images x ${METHODS.length} methods each)`,
    );
    const runIds = await inParallel(opts.runs, SUBMIT_CONCURRENCY, async (i) => {
      const { team, versionId, imageIds } = teams[i % teams.length] as (typeof teams)[number];
      const start = (Math.floor(i / teams.length) * opts.imagesPerRun) % IMAGES_PER_TEAM;
      const chosen = Array.from(
        { length: opts.imagesPerRun },
        (_, k) => imageIds[(start + k) % imageIds.length] as string,
      );
      const payload = await createRun(team.client, {
        modelVersionId: versionId,
        imageIds: chosen,
        methods: METHODS,
        idempotencyKey: `load-${i}`,
      });
      if (!payload.run)
        throw new Error(`run ${i} was refused: ${payload.error?.code} ${payload.error?.message}`);
      return payload.run.id;
    });

    const deadline = Date.now() + opts.timeoutSeconds * 1000;
    let last = '';
    for (;;) {
      const pending = await stack.app.db.run.groupBy({
        by: ['status'],
        where: { id: { in: runIds } },
        _count: { _all: true },
      });
      const line = pending.map((p) => `${p.status} ${p._count._all}`).join(', ');
      if (line !== last) say(line);
      last = line;
      if (pending.every((p) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(p.status))) break;
      if (Date.now() > deadline) {
        say(`timed out after ${opts.timeoutSeconds} s`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // Give the workers a moment to acknowledge their last jobs before counting open ones.
    for (let i = 0; i < 20 && (await settlement(stack.app.db)).openJobs > 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 250));

    const report = await measure(stack, opts, runIds);
    if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else print(report);
    const ok =
      report.unfinished === 0 &&
      report.inconsistent === 0 &&
      report.openJobs === 0 &&
      (report.byStatus['SUCCEEDED'] ?? 0) === report.runs;
    say(
      ok
        ? 'every run ended in exactly one final state (SUCCEEDED)'
        : 'FAILED: some runs did not end as they should',
    );
    return ok ? 0 : 1;
  } finally {
    await stack.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`load-check: error: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
