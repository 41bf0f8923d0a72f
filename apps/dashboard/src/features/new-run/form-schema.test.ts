import { describe, expect, it } from 'vitest';
import { labelOf, toFormSchema, uiSchemaFor } from './form-schema.ts';

describe('toFormSchema', () => {
  it('drops the 2020-12 $schema and keeps defaults, bounds and descriptions', () => {
    const schema = toFormSchema({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        numSamples: {
          type: 'integer',
          default: 1000,
          minimum: 2,
          description: 'Perturbed images.',
        },
      },
      additionalProperties: false,
    });
    expect(schema).toEqual({
      type: 'object',
      properties: {
        numSamples: {
          type: 'integer',
          default: 1000,
          minimum: 2,
          description: 'Perturbed images.',
        },
      },
      additionalProperties: false,
    });
  });

  it('turns tuples into draft-07 item lists and titles the choices', () => {
    const schema = toFormSchema({
      type: 'object',
      properties: {
        hideColor: {
          anyOf: [
            { type: 'string', const: 'mean' },
            { type: 'number', minimum: 0, maximum: 255 },
            {
              type: 'array',
              minItems: 3,
              maxItems: 3,
              prefixItems: [{ type: 'number' }, { type: 'number' }, { type: 'number' }],
              items: false,
            },
          ],
          default: 127.5,
        },
      },
    });
    const options = (schema['properties'] as { hideColor: { anyOf: Record<string, unknown>[] } })
      .hideColor.anyOf;
    expect(options.map((o) => o['title'])).toEqual(['mean', 'number', 'list of 3 values']);
    expect(options[2]).toEqual({
      type: 'array',
      minItems: 3,
      maxItems: 3,
      items: [{ type: 'number' }, { type: 'number' }, { type: 'number' }],
      additionalItems: false,
      title: 'list of 3 values',
    });
  });

  it('titles object choices by their constant discriminator and rewrites $defs references', () => {
    const schema = toFormSchema({
      $defs: { size: { type: 'integer' } },
      oneOf: [
        {
          type: 'object',
          properties: {
            algorithm: { type: 'string', const: 'slic' },
            nSegments: { $ref: '#/$defs/size' },
          },
        },
        { type: 'object', title: 'Custom', properties: {} },
      ],
    });
    expect(schema['definitions']).toEqual({ size: { type: 'integer' } });
    const options = schema['oneOf'] as Record<string, Record<string, unknown>>[];
    expect(options[0]?.['title']).toBe('slic');
    expect(options[1]?.['title']).toBe('Custom');
    expect((options[0]?.['properties'] as Record<string, unknown>)['nSegments']).toEqual({
      $ref: '#/definitions/size',
    });
  });

  it('gives an empty object form for a missing schema', () => {
    expect(toFormSchema(null)).toEqual({ type: 'object', properties: {} });
  });
});

describe('uiSchemaFor', () => {
  it('labels fields from their names, hides constants and keeps required text as typed', () => {
    expect(labelOf('numSamples')).toBe('Num samples');
    expect(labelOf('kernel_width')).toBe('Kernel width');
    const ui = uiSchemaFor({
      type: 'object',
      properties: {
        batchSize: { type: 'integer' },
        layer: { type: 'string', minLength: 1 },
        algorithm: { type: 'string', const: 'slic' },
        nested: { type: 'object', properties: { maxDist: { type: 'number' } } },
      },
    });
    expect(ui).toEqual({
      batchSize: { 'ui:title': 'Batch size' },
      layer: { 'ui:title': 'Layer', 'ui:emptyValue': '' },
      algorithm: { 'ui:title': 'Algorithm', 'ui:widget': 'hidden' },
      nested: { 'ui:title': 'Nested', maxDist: { 'ui:title': 'Max dist' } },
    });
  });
});
