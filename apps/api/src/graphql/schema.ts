import { makeExecutableSchema } from '@graphql-tools/schema';
import { requireUuidIds } from './id-arguments.ts';
import { resolvers } from './resolvers/index.ts';
import { loadTypeDefs } from './type-defs.ts';

export { loadTypeDefs };

export function buildSchema() {
  return requireUuidIds(makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: resolvers as never }));
}
