import type { Db } from '../db/client.ts';

/** Postgres channel on which every process announces a run's change (progress, status, cancel). */
export const RUN_EVENTS_CHANNEL = 'lumen_run_events';

export async function notifyRun(db: Pick<Db, '$executeRawUnsafe'>, runId: string): Promise<void> {
  await db.$executeRawUnsafe(`SELECT pg_notify('${RUN_EVENTS_CHANNEL}', $1)`, runId);
}
