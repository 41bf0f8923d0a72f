import type { Db } from '../db/client.ts';
import { QUEUES } from '../queue/queue.ts';

export interface Settlement {
  runs: number;
  byStatus: Record<string, number>;
  /** Runs still QUEUED or RUNNING. */
  unfinished: string[];
  /** Final runs missing their finish time, or unfinished runs carrying one. */
  inconsistent: string[];
  /** Jobs of the explain queues not completed, failed or cancelled. */
  openJobs: number;
}

/** Where every run of the database stands, and whether the queue still holds work for any. */
export async function settlement(db: Db): Promise<Settlement> {
  const runs = await db.run.findMany({ select: { id: true, status: true, finishedAt: true } });
  const byStatus: Record<string, number> = {};
  for (const run of runs) byStatus[run.status] = (byStatus[run.status] ?? 0) + 1;
  const final = (status: string) =>
    status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELLED';
  const jobs = await db.$queryRawUnsafe<{ count: bigint }[]>(
    `SELECT count(*)::bigint AS count FROM pgboss.job WHERE name = ANY($1::text[]) AND state IN ('created', 'retry', 'active')`,
    Object.values(QUEUES),
  );
  return {
    runs: runs.length,
    byStatus,
    unfinished: runs.filter((r) => !final(r.status)).map((r) => r.id),
    inconsistent: runs.filter((r) => final(r.status) !== (r.finishedAt !== null)).map((r) => r.id),
    openJobs: Number(jobs[0]?.count ?? 0),
  };
}
