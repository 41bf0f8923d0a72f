import { describe, expect, it } from 'vitest';
import { buildSchema, parse, validate } from 'graphql';
import { loadTypeDefs } from '@lumen/api/schema';
import { OPERATIONS } from './operations.ts';

describe('CLI operations', () => {
  const schema = buildSchema(loadTypeDefs().join('\n'));

  it.each(Object.entries(OPERATIONS))('%s is valid against the API schema', (_name, document) => {
    expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
  });
});
