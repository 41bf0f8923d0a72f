import { compareVersions } from '../../services/compare.ts';
import { notFound } from '../errors.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';

export const compareResolvers: Resolvers = {
  Query: {
    compare: (_p, args, ctx) => compareVersions(ctx.app, ctx.teamId, args),
  },
  Comparison: {
    modelVersionA: async (c, _a, ctx) => (await ctx.loaders.modelVersion.load(c.modelVersionAId)) ?? Promise.reject(notFound('model version', c.modelVersionAId)),
    modelVersionB: async (c, _a, ctx) => (await ctx.loaders.modelVersion.load(c.modelVersionBId)) ?? Promise.reject(notFound('model version', c.modelVersionBId)),
  },
  ComparisonPair: {
    metricDeltas: (pair) => pair.metricDeltas,
  },
};
