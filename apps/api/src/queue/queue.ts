import { PgBoss } from 'pg-boss';
import type { DeviceClass } from '../generated/prisma/enums.ts';

/**
 * The job queue (pg-boss, in the same Postgres). The run row is the source of truth: a job
 * carries only the run id. One queue per device class; a worker takes jobs from its own
 * class's queue and from the ANY queue.
 */
export const QUEUES: Record<DeviceClass, string> = {
  CPU: 'lumen-explain-cpu',
  GPU: 'lumen-explain-gpu',
  ANY: 'lumen-explain-any',
};
export const DEAD_LETTER_QUEUE = 'lumen-explain-dead';

export interface RunJob {
  runId: string;
}

export interface QueueOptions {
  /** A dead worker's job is retried once no heartbeat came for this long (pg-boss minimum 10). */
  heartbeatSeconds: number;
  /** How often pg-boss's monitor looks for stale heartbeats. */
  monitorIntervalSeconds?: number;
  /** Retries after a crash or an unexpected error, with exponential backoff. */
  retryLimit?: number;
}

export async function startQueue(url: string, options: QueueOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    max: 4,
    monitorIntervalSeconds: options.monitorIntervalSeconds ?? Math.max(1, Math.min(10, options.heartbeatSeconds)),
    superviseIntervalSeconds: options.monitorIntervalSeconds ?? Math.max(1, Math.min(10, options.heartbeatSeconds)),
  });
  boss.on('error', (error) => process.stderr.write(`[queue] ${error.message}\n`));
  await boss.start();
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  if (!existing.has(DEAD_LETTER_QUEUE)) await boss.createQueue(DEAD_LETTER_QUEUE);
  for (const name of Object.values(QUEUES)) {
    const settings = {
      retryLimit: options.retryLimit ?? 3,
      retryDelay: 2,
      retryBackoff: true,
      retryDelayMax: 60,
      heartbeatSeconds: options.heartbeatSeconds,
      expireInSeconds: 6 * 60 * 60,
      deadLetter: DEAD_LETTER_QUEUE,
    };
    if (existing.has(name)) await boss.updateQueue(name, settings);
    else await boss.createQueue(name, settings);
  }
  return boss;
}

/** Lets pg-boss run its SQL inside a Prisma interactive transaction. */
export function prismaTransactionDb(tx: { $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T> }) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...values);
      return { rows: Array.isArray(rows) ? rows : [] };
    },
  };
}
