import {
  GraphQLError,
  defaultFieldResolver,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function holdsIds(type: GraphQLInputType, seen: Set<string>): boolean {
  if (isNonNullType(type) || isListType(type)) return holdsIds(type.ofType, seen);
  if (isInputObjectType(type)) {
    if (seen.has(type.name)) return false;
    seen.add(type.name);
    return Object.values(type.getFields()).some((field) => holdsIds(field.type, seen));
  }
  return type.name === 'ID';
}

/** The first value typed ID that is not a UUID, with where it sits in the arguments. */
function malformedId(
  type: GraphQLInputType,
  value: unknown,
  path: string,
): { path: string; value: unknown } | undefined {
  if (value === null || value === undefined) return undefined;
  if (isNonNullType(type)) return malformedId(type.ofType, value, path);
  if (isListType(type)) {
    const items = Array.isArray(value) ? value : [value];
    for (const [i, item] of items.entries()) {
      const found = malformedId(type.ofType, item, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) {
      const found = malformedId(
        field.type,
        (value as Record<string, unknown>)[field.name],
        `${path}.${field.name}`,
      );
      if (found) return found;
    }
    return undefined;
  }
  if (type.name === 'ID' && !(typeof value === 'string' && UUID.test(value)))
    return { path, value };
  return undefined;
}

/**
 * Every id Lumen hands out is a UUID, and the columns behind them are uuid-typed: an argument
 * of type ID that is not one is refused as BAD_USER_INPUT before any resolver (or query) runs.
 */
export function requireUuidIds(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.some((arg) => holdsIds(arg.type, new Set()))) continue;
      const check = (args: Record<string, unknown>) => {
        for (const arg of field.args) {
          const bad = malformedId(arg.type, args[arg.name], arg.name);
          if (bad)
            throw new GraphQLError(
              `${bad.path}: ${JSON.stringify(bad.value)} is not an id (Lumen ids are UUIDs)`,
              { extensions: { code: 'BAD_USER_INPUT' } },
            );
        }
      };
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        check(args);
        return resolve(source, args, context, info);
      };
      const subscribe = field.subscribe;
      if (subscribe) {
        field.subscribe = (source, args, context, info) => {
          check(args);
          return subscribe(source, args, context, info);
        };
      }
    }
  }
  return schema;
}
