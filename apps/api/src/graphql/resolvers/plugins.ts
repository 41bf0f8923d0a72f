import type { Resolvers } from '../generated/resolvers-types.ts';

export const pluginResolvers: Resolvers = {
  Query: {
    plugins: (_p, _a, ctx) => {
      const registered = ctx.app.registry.list().map((p) => ({ name: p.name, version: p.version }));
      return ctx.app.db.plugin.findMany({ where: { OR: registered }, orderBy: { name: 'asc' } });
    },
    plugin: async (_p, { name }, ctx) => {
      if (!ctx.app.registry.has(name)) return null;
      const explainer = ctx.app.registry.get(name);
      return ctx.loaders.plugin.load(explainer.id);
    },
  },
  Plugin: {
    id: (plugin) => `${plugin.name}@${plugin.version}`,
    reference: (plugin) => (plugin.reference as { title: string; url: string } | null) ?? null,
    paramsSchema: (plugin) => plugin.paramsSchema,
    requires: (plugin) => plugin.requires as never,
    output: (plugin) => plugin.output as never,
  },
};
