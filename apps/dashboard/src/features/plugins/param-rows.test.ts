import { describe, expect, it } from 'vitest';
import { paramRows } from './param-rows.ts';

describe('paramRows', () => {
  it('describes each param: type, default, bounds, description', () => {
    const rows = paramRows({
      type: 'object',
      properties: {
        numSamples: {
          type: 'integer',
          default: 1000,
          minimum: 2,
          maximum: 100000,
          description: 'Perturbed images.',
        },
        score: { type: 'string', enum: ['probability', 'logit'], default: 'probability' },
        kernelWidth: { type: 'number', exclusiveMinimum: 0, default: 0.25 },
        numFeatures: { type: 'integer', minimum: 1, maximum: 9007199254740991, default: 100000 },
      },
    });
    expect(rows).toEqual([
      {
        name: 'numSamples',
        type: 'integer',
        defaultValue: '1000',
        constraints: '≥ 2, ≤ 100000',
        description: 'Perturbed images.',
      },
      {
        name: 'score',
        type: '"probability" | "logit"',
        defaultValue: '"probability"',
        constraints: '',
        description: '',
      },
      {
        name: 'kernelWidth',
        type: 'number',
        defaultValue: '0.25',
        constraints: '> 0',
        description: '',
      },
      {
        name: 'numFeatures',
        type: 'integer',
        defaultValue: '100000',
        constraints: '≥ 1',
        description: '',
      },
    ]);
  });

  it('names unions, tuples and tagged objects', () => {
    const rows = paramRows({
      properties: {
        hideColor: {
          anyOf: [
            { type: 'string', const: 'mean' },
            { type: 'number' },
            {
              type: 'array',
              prefixItems: [{ type: 'number' }, { type: 'number' }, { type: 'number' }],
            },
          ],
        },
        segmentation: {
          oneOf: [
            { type: 'object', properties: { algorithm: { const: 'slic' } } },
            { type: 'object', properties: { algorithm: { const: 'quickshift' } } },
          ],
        },
      },
    });
    expect(rows.map((r) => r.type)).toEqual([
      '"mean" | number | [number, number, number]',
      'object (slic) | object (quickshift)',
    ]);
  });

  it('is empty without properties', () => {
    expect(paramRows(null)).toEqual([]);
    expect(paramRows({ type: 'object' })).toEqual([]);
  });
});
