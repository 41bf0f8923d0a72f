import { cancelRun, createRun, FINAL_STATUSES, retryRun, runWhere } from '../../services/runs.ts';
import type { GraphQLContext } from '../context.ts';
import { asPayload, notFound } from '../errors.ts';
import type { Resolvers, RunProgressEvent } from '../generated/resolvers-types.ts';
import type { ExplanationParent, ImageParent } from '../mappers.ts';
import { NEWEST_FIRST, afterCursor, clampFirst, connection } from '../pagination.ts';

const explanationSelect = {
  id: true, runId: true, runMethodId: true, imageId: true, targetIndex: true, targetLabel: true, targetProbability: true, targetRank: true,
  predictions: true, shape: true, dtype: true, signed: true, attributionMin: true, attributionMax: true, extras: true, metrics: true,
  durationMs: true, backend: true, device: true, workerId: true, attempt: true, createdAt: true,
} as const;

export const runResolvers: Resolvers = {
  Query: {
    runs: async (_p, { filter, first, after }, ctx) => {
      const take = clampFirst(first);
      const where = runWhere(ctx.teamId, filter);
      const [rows, total] = await Promise.all([
        ctx.app.db.run.findMany({ where: { ...where, ...afterCursor(after) }, orderBy: NEWEST_FIRST, take: take + 1 }),
        ctx.app.db.run.count({ where }),
      ]);
      return connection(rows, take, total);
    },
    run: (_p, { id }, ctx) => ctx.loaders.run.load(id),
    explanation: (_p, { id }, ctx) =>
      ctx.app.db.explanation.findFirst({ where: { id, run: { teamId: ctx.teamId } }, select: explanationSelect }),
  },
  Mutation: {
    createRun: (_p, { input }, ctx) =>
      asPayload(async () => {
        const { run, created } = await createRun(ctx.app, ctx.teamId, input);
        return { run, created, error: null };
      }).then((payload) => ('run' in payload ? payload : { ...payload, run: null, created: false })),
    cancelRun: (_p, { id }, ctx) => asPayload(async () => ({ run: await cancelRun(ctx.app, ctx.teamId, id), error: null })),
    retryRun: (_p, { id }, ctx) => asPayload(async () => ({ run: await retryRun(ctx.app, ctx.teamId, id), error: null })),
  },
  Subscription: {
    runProgress: {
      subscribe: async function* (_p: unknown, { id }: { id: string }, ctx: GraphQLContext) {
        const hub = ctx.app.events;
        if (!hub) throw new Error('live progress is not available in this process');
        const controller = new AbortController();
        const read = async () => {
          const run = await ctx.app.db.run.findFirst({ where: { id, teamId: ctx.teamId } });
          if (!run) throw notFound('run', id);
          return run;
        };
        try {
          let run = await read();
          yield { runProgress: { run, status: run.status, done: run.progressDone, total: run.progressTotal } };
          if (FINAL_STATUSES.includes(run.status)) return;
          for await (const _ of hub.changes(id, controller.signal)) {
            run = await read();
            yield { runProgress: { run, status: run.status, done: run.progressDone, total: run.progressTotal } };
            if (FINAL_STATUSES.includes(run.status)) return;
          }
        } finally {
          controller.abort();
        }
      } as never,
    },
  },
  RunProgressEvent: {
    run: (event) => event.run,
  } as Resolvers['RunProgressEvent'],
  Run: {
    modelVersion: async (run, _a, ctx) => {
      const version = await ctx.loaders.modelVersion.load(run.modelVersionId);
      if (!version) throw notFound('model version', run.modelVersionId);
      return version;
    },
    methods: (run, _a, ctx) => ctx.loaders.methodsOfRun.load(run.id),
    images: async (run, _a, ctx) => {
      const ids = await ctx.loaders.imageIdsOfRun.load(run.id);
      const images = await ctx.loaders.image.loadMany(ids);
      return images.filter((image): image is ImageParent => !!image && !(image instanceof Error));
    },
    imageCount: (run, _a, ctx) => ctx.loaders.imageCountOfRun.load(run.id),
    targets: (run) => run.targets,
    background: (run, _a, ctx) => (run.backgroundDatasetId ? ctx.loaders.dataset.load(run.backgroundDatasetId) : null),
    progress: (run) => ({ done: run.progressDone, total: run.progressTotal, fraction: run.progressTotal ? run.progressDone / run.progressTotal : 0 }),
    worker: (run, _a, ctx) => (run.workerId ? ctx.loaders.worker.load(run.workerId) : null),
    failure: (run) => (run.failureCode ? { code: run.failureCode, message: run.failureMessage ?? '' } : null),
    durationMs: (run) => (run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null),
    explanations: async (run, { imageId, methodId, first, after }, ctx) => {
      const take = clampFirst(first, 1000);
      const where = { runId: run.id, ...(imageId ? { imageId } : {}), ...(methodId ? { runMethodId: methodId } : {}) };
      const [rows, total] = await Promise.all([
        ctx.app.db.explanation.findMany({ where: { ...where, ...afterCursor(after) }, orderBy: NEWEST_FIRST, take: take + 1, select: explanationSelect }),
        ctx.app.db.explanation.count({ where }),
      ]);
      return connection(rows, take, total);
    },
  },
  RunMethod: {
    name: (method) => method.pluginName,
    version: (method) => method.pluginVersion,
    params: (method) => method.params,
    plugin: (method, _a, ctx) => ctx.loaders.plugin.load(`${method.pluginName}@${method.pluginVersion}`),
  },
  Explanation: {
    run: async (explanation, _a, ctx) => {
      const run = await ctx.loaders.run.load(explanation.runId);
      if (!run) throw notFound('run', explanation.runId);
      return run;
    },
    image: async (explanation, _a, ctx) => {
      const image = await ctx.loaders.image.load(explanation.imageId);
      if (!image) throw notFound('image', explanation.imageId);
      return image;
    },
    method: async (explanation, _a, ctx) => {
      const method = await ctx.loaders.runMethod.load(explanation.runMethodId);
      if (!method) throw notFound('method', explanation.runMethodId);
      return method;
    },
    target: (e) => ({ index: e.targetIndex, label: e.targetLabel, probability: e.targetProbability, rank: e.targetRank }),
    predictions: (e) => e.predictions as never,
    attribution: (e, _a, ctx) => ({
      shape: e.shape,
      dtype: e.dtype,
      signed: e.signed,
      min: e.attributionMin,
      max: e.attributionMax,
      npyUrl: `${ctx.baseUrl}/v1/explanations/${e.id}/attribution.npy`,
    }),
    overlayUrl: (e, _a, ctx) => `${ctx.baseUrl}/v1/explanations/${e.id}/overlay.png`,
    heatmapUrl: (e, _a, ctx) => `${ctx.baseUrl}/v1/explanations/${e.id}/heatmap.png`,
    extras: (e, _a, ctx) => withArrayUrls(e, ctx.baseUrl),
    metrics: (e) => e.metrics,
  },
};

/** Extras that point at a stored array get the URL to download it as .npy. */
function withArrayUrls(e: ExplanationParent, baseUrl: string): unknown {
  const extras = e.extras as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(extras).map(([key, value]) => {
      const ref = value as { array?: string } | null;
      return ref && typeof ref === 'object' && typeof ref.array === 'string'
        ? [key, { ...ref, url: `${baseUrl}/v1/explanations/${e.id}/arrays/${ref.array}.npy` }]
        : [key, value];
    }),
  );
}

export type { RunProgressEvent };
