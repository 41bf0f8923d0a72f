import { createModel, createModelVersion, listModels } from '../../services/models.ts';
import { asPayload } from '../errors.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';

export const modelResolvers: Resolvers = {
  Query: {
    models: (_p, _a, ctx) => listModels(ctx.app, ctx.teamId),
    model: (_p, { id }, ctx) => ctx.loaders.model.load(id),
    modelVersion: (_p, { id }, ctx) => ctx.loaders.modelVersion.load(id),
  },
  Mutation: {
    createModel: (_p, { input }, ctx) => asPayload(async () => ({ model: await createModel(ctx.app, ctx.teamId, input), error: null })),
    createModelVersion: (_p, { input }, ctx) =>
      asPayload(async () => ({ modelVersion: await createModelVersion(ctx.app, ctx.teamId, input), error: null })),
  },
  Model: {
    versions: (model, _a, ctx) => ctx.loaders.versionsOfModel.load(model.id),
    latestVersion: async (model, _a, ctx) => (await ctx.loaders.versionsOfModel.load(model.id))[0] ?? null,
  },
  ModelVersion: {
    model: async (version, _a, ctx) => (await ctx.loaders.model.load(version.modelId)) as NonNullable<Awaited<ReturnType<typeof ctx.loaders.model.load>>>,
    inputSpec: (version) => version.inputSpec as never,
    layers: (version) => version.layers as never,
    lastConvLayer: (version) => ((version.metadata as Record<string, unknown>)['lastConvLayer'] as string | null) ?? null,
    metadata: (version) => version.metadata,
    accuracy: (version) => {
      const metadata = version.metadata as Record<string, unknown>;
      const value = metadata['accuracy'] ?? (metadata['testAccuracy'] as number | undefined);
      return typeof value === 'number' ? value : null;
    },
  },
};
