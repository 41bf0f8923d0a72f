import { QUEUES } from '../../queue/queue.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';

/** A worker is alive when its heartbeat is recent: three missed beats mean it is gone. */
export const ALIVE_WITHIN_MS = 30_000;

export const workerResolvers: Resolvers = {
  Query: {
    workers: (_p, { includeStopped }, ctx) =>
      ctx.app.db.worker.findMany({ where: includeStopped ? {} : { stoppedAt: null }, orderBy: { startedAt: 'desc' } }),
    queue: async (_p, _a, ctx) =>
      Promise.all(
        (Object.entries(QUEUES) as [keyof typeof QUEUES, string][]).map(async ([deviceClass, name]) => {
          const rows = await ctx.app.db.$queryRawUnsafe<{ state: string; count: bigint }[]>(
            `SELECT state::text AS state, count(*)::bigint AS count FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active') GROUP BY state`,
            name,
          );
          const count = (state: string) => Number(rows.find((r) => r.state === state)?.count ?? 0);
          return { deviceClass, queued: count('created') + count('retry'), active: count('active') };
        }),
      ),
  },
  Worker: {
    memoryBytes: (w) => Number(w.memoryBytes),
    capabilities: (w) => w.capabilities,
    alive: (w) => !w.stoppedAt && Date.now() - w.heartbeatAt.getTime() < ALIVE_WITHIN_MS,
    currentRun: (w, _a, ctx) => ctx.app.db.run.findFirst({ where: { workerId: w.id, status: 'RUNNING', teamId: ctx.teamId } }),
  },
};
