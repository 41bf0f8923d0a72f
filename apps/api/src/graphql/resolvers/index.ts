import { GraphQLScalarType } from 'graphql';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { commonResolvers } from './common.ts';
import { compareResolvers } from './compare.ts';
import { imageResolvers } from './images.ts';
import { metricResolvers } from './metrics.ts';
import { modelResolvers } from './models.ts';
import { pluginResolvers } from './plugins.ts';
import { runResolvers } from './runs.ts';
import { workerResolvers } from './workers.ts';

const domains: Resolvers[] = [commonResolvers, modelResolvers, imageResolvers, pluginResolvers, runResolvers, compareResolvers, workerResolvers, metricResolvers];

/** The domains' resolver maps merged type by type. */
export const resolvers: Resolvers = domains.reduce<Record<string, unknown>>((merged, domain) => {
  for (const [type, fields] of Object.entries(domain)) {
    merged[type] = fields instanceof GraphQLScalarType ? fields : { ...(merged[type] as object), ...(fields as object) };
  }
  return merged;
}, {}) as Resolvers;
