import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isLumenError } from '../errors.ts';
import { defineExplainer, validateExplainer } from './define-explainer.ts';
import { paramsJsonSchema, validateParams } from './params.ts';

const valid = {
  name: 'my-method',
  version: '1.2.3',
  title: 'My method',
  description: 'Does a thing.',
  params: z.object({ samples: z.number().int().min(1).default(10), mode: z.enum(['a', 'b']).default('a') }),
  output: { kind: 'spatial' as const, signed: false },
  explain: async () => ({ attributions: [] }),
};

describe('defineExplainer', () => {
  it('returns a frozen object with its id and filled-in requirements', () => {
    const explainer = defineExplainer(valid);
    expect(explainer.id).toBe('my-method@1.2.3');
    expect(explainer.requires).toEqual({ gradients: false, spatialLayer: false, background: false, guidedRelu: false });
    expect(Object.isFrozen(explainer)).toBe(true);
    expect(validateExplainer(explainer)).toBe(explainer);
  });

  it.each([
    ['a bad name', { name: 'My Method' }, /name must be lower-case kebab-case/],
    ['a non-semver version', { version: 'v1' }, /version must be a semantic version/],
    ['no explain function', { explain: 'nope' }, /explain/],
    ['a non-zod params schema', { params: { samples: 10 } }, /params must be a zod object schema/],
    ['a param without default', { params: z.object({ layer: z.string() }) }, /no default for: layer/],
    ['an unknown requirement', { requires: { gpu: true } }, /requires/],
    ['a bad output kind', { output: { kind: 'volume', signed: false } }, /output\.kind/],
    ['an empty title', { title: '' }, /title must not be empty/],
  ])('rejects %s with PLUGIN_INVALID naming the plugin', (_, patch, message) => {
    try {
      validateExplainer({ ...valid, ...patch }, 'some-package');
      throw new Error('accepted');
    } catch (error) {
      expect(isLumenError(error, 'PLUGIN_INVALID'), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/from some-package/);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('rejects things that are not objects', () => {
    for (const candidate of [null, 42, 'grad-cam']) {
      expect(() => validateExplainer(candidate)).toThrow(/expected an object made by defineExplainer/);
    }
  });
});

describe('validateParams', () => {
  it('fills in defaults', () => {
    expect(validateParams('m@1.0.0', valid.params, undefined)).toEqual({ samples: 10, mode: 'a' });
    expect(validateParams('m@1.0.0', valid.params, { samples: 3 })).toEqual({ samples: 3, mode: 'a' });
  });

  it('refuses unknown keys with a suggestion, and bad values with their path', () => {
    try {
      validateParams('m@1.0.0', valid.params, { sample: 3, mode: 'c' });
      throw new Error('accepted');
    } catch (error) {
      expect(isLumenError(error, 'INVALID_PARAMS')).toBe(true);
      const issues = (error as { details: { issues: { path: string; message: string }[] } }).details.issues;
      expect(issues.map((i) => i.path).sort()).toEqual(['mode', 'sample']);
      expect(issues.find((i) => i.path === 'sample')?.message).toMatch(/did you mean 'samples'/);
    }
    expect(() => validateParams('m@1.0.0', valid.params, [1])).toThrow(/must be an object/);
    expect(() => validateParams('m@1.0.0', valid.params, { samples: 0 })).toThrow(/samples/);
  });

  it('exports params as a closed JSON Schema with defaults', () => {
    const schema = paramsJsonSchema(valid.params) as { properties: Record<string, { default?: unknown }>; additionalProperties: boolean };
    expect(schema.properties['samples']?.default).toBe(10);
    expect(schema.properties['mode']).toMatchObject({ enum: ['a', 'b'], default: 'a' });
    expect(schema.additionalProperties).toBe(false);
  });
});
