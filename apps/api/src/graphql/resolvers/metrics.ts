import { AGREEMENT_METRICS, METRICS } from '@lumen/core';
import type { Resolvers } from '../generated/resolvers-types.ts';

export const metricResolvers: Resolvers = {
  Query: {
    metricCatalog: () => [...METRICS.map((m) => ({ ...m, pairwise: false })), ...AGREEMENT_METRICS.map((m) => ({ ...m, pairwise: true }))],
    metricAggregates: async (_p, { modelVersionId, method, datasetId }, ctx) => {
      const rows = await ctx.app.db.$queryRawUnsafe<{ key: string; mean: number | null; min: number | null; max: number | null; count: bigint }[]>(
        `SELECT m.key, avg(m.value::float8) AS mean, min(m.value::float8) AS min, max(m.value::float8) AS max, count(*)::bigint AS count
           FROM "Explanation" e
           JOIN "Run" r ON r.id = e."runId"
           JOIN "RunMethod" rm ON rm.id = e."runMethodId"
           CROSS JOIN LATERAL jsonb_each_text(e.metrics) AS m(key, value)
          WHERE r."teamId" = $1::uuid AND r."modelVersionId" = $2::uuid AND rm."pluginName" = $3
            AND ($4::uuid IS NULL OR e."imageId" IN (SELECT "imageId" FROM "DatasetImage" WHERE "datasetId" = $4::uuid))
            AND m.value ~ '^-?[0-9.eE+-]+$'
          GROUP BY m.key`,
        ctx.teamId,
        modelVersionId,
        method,
        datasetId ?? null,
      );
      return METRICS.flatMap((info) => {
        const row = rows.find((r) => r.key === info.name);
        return row
          ? [{ name: info.name, description: info.description, higherIsBetter: info.higherIsBetter, mean: row.mean, min: row.min, max: row.max, count: Number(row.count) }]
          : [];
      });
    },
  },
};
