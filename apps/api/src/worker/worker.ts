import { randomUUID } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { ComputeThread } from '../compute/compute-pool.ts';
import type { Config } from '../config.ts';
import { createDb, type Db } from '../db/client.ts';
import type { DeviceClass } from '../generated/prisma/enums.ts';
import { DEAD_LETTER_QUEUE, QUEUES, startQueue, type RunJob } from '../queue/queue.ts';
import { RUN_EVENTS_CHANNEL } from '../services/run-events.ts';
import { executeRun, WorkerStoppingError } from './execute-run.ts';
import { RunStore } from './run-store.ts';

export interface WorkerHandle {
  id: string;
  deviceClass: DeviceClass;
  backend: string;
  /** Stop taking jobs, hand the current run back to the queue, and exit cleanly. */
  stop(): Promise<void>;
  /** Resolves when the worker has stopped. */
  stopped: Promise<void>;
}

const HEARTBEAT_MS = 5_000;
const IDLE_POLL_MS = 1_000;
const REAPER_MS = 5_000;

/**
 * A worker process: registers itself with its device class and backend, heartbeats, takes one
 * run at a time from its class's queue (then the ANY queue) and executes it on its compute
 * thread, so the event loop stays free for heartbeats and cancellations.
 */
export async function startWorker(config: Config, url: string, log: (line: string) => void): Promise<WorkerHandle> {
  const db: Db = createDb(url, { max: 4 });
  const compute = new ComputeThread({ configPath: config.LUMEN_CONFIG, backend: config.LUMEN_BACKEND, modelCacheSize: config.LUMEN_MODEL_CACHE_SIZE });
  const backend = await compute.init();
  const deviceClass: DeviceClass = config.LUMEN_DEVICE_CLASS === 'auto' ? (backend.device === 'gpu' ? 'GPU' : 'CPU') : config.LUMEN_DEVICE_CLASS;
  const id = randomUUID();
  await db.worker.create({
    data: {
      id,
      hostname: os.hostname(),
      pid: process.pid,
      deviceClass,
      backend: backend.name,
      memoryBytes: BigInt(os.totalmem()),
      capabilities: { backendPackage: backend.package, backendVersion: backend.version, plugins: backend.plugins, cpus: os.cpus().length },
    },
  });
  const boss: PgBoss = await startQueue(url, { heartbeatSeconds: config.LUMEN_WORKER_HEARTBEAT_SECONDS });
  const store = new RunStore(db, id);
  log(`worker ${id.slice(0, 8)} ready: ${deviceClass} on ${backend.name} (${backend.package}), ${backend.plugins.length} plugins`);

  let stopping = false;
  let current: { runId: string; controller: AbortController } | undefined;

  // Cancellation reaches the worker through the same channel as progress.
  const listener = new pg.Client({ connectionString: url });
  listener.on('notification', (message) => {
    if (current && message.payload === current.runId) {
      void store.cancelRequested(current.runId).then((cancel) => {
        if (cancel) current?.controller.abort(new Error('run cancelled'));
      });
    }
  });
  listener.on('error', (error) => log(`worker listener: ${error.message}`));
  await listener.connect();
  await listener.query(`LISTEN ${RUN_EVENTS_CHANNEL}`);

  const heartbeat = setInterval(() => {
    void db.worker.update({ where: { id }, data: { heartbeatAt: new Date() } }).catch((error: Error) => log(`heartbeat failed: ${error.message}`));
  }, HEARTBEAT_MS);

  // A run whose job died for good (retries exhausted, dead-lettered) still needs its final state.
  const reaper = setInterval(() => {
    void (async () => {
      const jobs = await boss.fetch<{ runId?: string; data?: RunJob }>(DEAD_LETTER_QUEUE, { batchSize: 10 });
      for (const job of jobs) {
        const runId = job.data.runId ?? job.data.data?.runId;
        if (runId) await store.failIfUnfinished(runId, { code: 'RETRIES_EXHAUSTED', message: 'the run failed on every attempt (worker crashes or errors); see worker logs' });
        await boss.complete(DEAD_LETTER_QUEUE, job.id);
      }
    })().catch((error: Error) => log(`reaper: ${error.message}`));
  }, REAPER_MS);

  const queues = [QUEUES[deviceClass], QUEUES.ANY];

  async function nextJob() {
    for (const queue of queues) {
      const [job] = await boss.fetch<RunJob>(queue, { includeMetadata: true });
      if (job) return { queue, job };
    }
    return undefined;
  }

  async function processJob(queue: string, job: { id: string; data: RunJob; retryCount: number; retryLimit: number }): Promise<void> {
    const controller = new AbortController();
    current = { runId: job.data.runId, controller };
    const touch = setInterval(() => void boss.touch(queue, job.id).catch(() => undefined), (config.LUMEN_WORKER_HEARTBEAT_SECONDS * 1000) / 3);
    try {
      const outcome = await executeRun(job.data.runId, {
        db,
        store,
        compute,
        app: { db },
        signal: controller.signal,
        stopping: () => stopping,
        log,
      });
      log(`run ${job.data.runId.slice(0, 8)}: ${outcome}`);
      await boss.complete(queue, job.id);
    } catch (error) {
      const message = (error as Error).message;
      if (!(error instanceof WorkerStoppingError) && job.retryCount >= job.retryLimit) {
        await store.failIfUnfinished(job.data.runId, { code: 'RETRIES_EXHAUSTED', message: `failed on every attempt; last error: ${message}` });
      }
      await boss.fail(queue, job.id, { message });
    } finally {
      clearInterval(touch);
      current = undefined;
    }
  }

  const stopped = (async () => {
    while (!stopping) {
      const next = await nextJob().catch((error: Error) => {
        log(`fetch failed: ${error.message}`);
        return undefined;
      });
      if (next) await processJob(next.queue, next.job);
      else await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    }
  })();

  return {
    id,
    deviceClass,
    backend: backend.name,
    stopped,
    async stop() {
      stopping = true;
      current?.controller.abort(new Error('worker stopping'));
      await stopped;
      clearInterval(heartbeat);
      clearInterval(reaper);
      await db.worker.update({ where: { id }, data: { stoppedAt: new Date() } }).catch(() => undefined);
      await listener.end().catch(() => undefined);
      await boss.stop({ graceful: false }).catch(() => undefined);
      await compute.close();
      await db.$disconnect();
    },
  };
}
