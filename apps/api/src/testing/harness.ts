import { fork, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { startApiServer, type ApiServer } from '../http/server.ts';
import type { AppContext } from '../services/app-context.ts';
import { createTeamWithKey } from '../services/teams.ts';
import { ApiClient } from './api-client.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

const WORKER_MAIN = new URL('../worker/main.ts', import.meta.url);
/** pg-boss's minimum: a killed worker's job is retried once it has been silent this long. */
export const TEST_HEARTBEAT_SECONDS = 10;

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** The worker's row id (Worker.id, Run.workerId). */
  id: string;
  /** What the process printed so far. */
  output(): string;
  /** Sends `signal` and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface TestTeam {
  id: string;
  slug: string;
  key: string;
  client: ApiClient;
}

export interface TestStackOptions {
  /** Names the database (lumen_test_<label>_...). */
  label: string;
  /** Worker processes to start with the API. */
  workers?: number;
  /** Configuration for the API and the workers (see config.ts), on top of the test defaults. */
  env?: Record<string, string>;
}

export interface TestStack {
  database: TestDatabase;
  config: Config;
  app: AppContext & { close(): Promise<void> };
  server: ApiServer;
  /** http://127.0.0.1:<port> */
  url: string;
  workers: WorkerProcess[];
  /** The API's log lines (internal errors are logged here with their details). */
  logs: string[];
  /** A client that sends no API key. */
  anonymous: ApiClient;
  createTeam(name: string): Promise<TestTeam>;
  startWorker(): Promise<WorkerProcess>;
  close(): Promise<void>;
}

const verbose = () => process.env['LUMEN_TEST_LOGS'] === '1';

async function waitUntil<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The whole product on one machine, as the tests and the load check use it: a fresh database
 * (migrated with the committed migrations), the API in this process on a free port, and
 * worker processes forked from src/worker/main.ts against the same database.
 * LUMEN_TEST_LOGS=1 echoes the API's and the workers' logs to stderr.
 */
export async function startTestStack(options: TestStackOptions): Promise<TestStack> {
  const database = await createTestDatabase(options.label);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lumen-test-data-'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    LUMEN_DATA_DIR: dataDir,
    LUMEN_WORKER_HEARTBEAT_SECONDS: String(TEST_HEARTBEAT_SECONDS),
    ...options.env,
    DATABASE_URL: database.url,
    HOST: '127.0.0.1',
    PORT: '0',
  };
  const logs: string[] = [];
  const log = (line: string) => {
    logs.push(line);
    if (verbose()) process.stderr.write(`[api] ${line}\n`);
  };
  const cleanups: (() => Promise<void>)[] = [
    async () => {
      await database.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  ];
  const cleanup = async () => {
    for (const step of cleanups.reverse())
      await step().catch((error: Error) =>
        process.stderr.write(`test stack cleanup: ${error.message}\n`),
      );
  };

  try {
    await migrate(database.url, log);
    const config = loadConfig(env);
    const app = await createApp(config, database.url, log);
    cleanups.push(() => app.close());
    const server = await startApiServer(app, { host: config.HOST, port: config.PORT });
    cleanups.push(() => server.close());
    const workers: WorkerProcess[] = [];
    cleanups.push(async () => {
      await Promise.all(workers.map((w) => stopWorker(w)));
    });

    const startWorker = async (): Promise<WorkerProcess> => {
      const child = fork(WORKER_MAIN, [], {
        env,
        execArgv: [],
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      let output = '';
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        if (verbose()) process.stderr.write(chunk);
      };
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const pid = child.pid;
      if (pid === undefined) throw new Error('the worker process did not start');
      const row = await waitUntil(`worker ${pid} to register`, 90_000, async () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`worker ${pid} exited before registering:\n${output}`);
        return (
          (await app.db.worker.findFirst({
            where: { pid, stoppedAt: null },
            orderBy: { startedAt: 'desc' },
          })) ?? undefined
        );
      });
      await waitUntil(`worker ${pid} to be ready`, 30_000, async () =>
        output.includes('ready:') ? true : undefined,
      );
      const worker: WorkerProcess = {
        child,
        pid,
        id: row.id,
        output: () => output,
        async kill(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      };
      workers.push(worker);
      return worker;
    };

    await Promise.all(Array.from({ length: options.workers ?? 0 }, () => startWorker()));
    const url = server.url;
    return {
      database,
      config,
      app,
      server,
      url,
      workers,
      logs,
      anonymous: new ApiClient(url),
      startWorker,
      async createTeam(name) {
        const { team, key } = await createTeamWithKey(app.db, name);
        return { id: team.id, slug: team.slug, key: key.key, client: new ApiClient(url, key.key) };
      },
      close: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** SIGTERM (the worker hands its run back), then SIGKILL if it lingers. */
async function stopWorker(worker: WorkerProcess): Promise<void> {
  const { child } = worker;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await worker.kill('SIGTERM');
  clearTimeout(timer);
}
