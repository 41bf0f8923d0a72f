import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/**
 * Refuses operations whose estimated cost is above `max` (each field costs 1; lists multiply
 * by their `first` argument), before anything resolves.
 */
export function complexityLimit(schema: GraphQLSchema, max: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const complexity = getComplexity({
            schema,
            operationName: request.operationName ?? undefined,
            query: document,
            variables: request.variables ?? {},
            estimators: [
              fieldExtensionsEstimator(),
              ({ args, childComplexity }) => {
                const first = typeof args['first'] === 'number' ? args['first'] : undefined;
                return first === undefined ? undefined : 1 + childComplexity * first;
              },
              simpleEstimator({ defaultComplexity: 1 }),
            ],
          });
          if (complexity > max) {
            throw new GraphQLError(`query is too complex: ${complexity} > ${max}; ask for fewer fields or smaller pages`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', complexity, max, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
