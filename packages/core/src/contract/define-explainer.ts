import semver from 'semver';
import { z } from 'zod';
import { LumenError, messageOf } from '../errors.ts';
import type {
  AnyExplainer,
  Explainer,
  ExplainerRequirements,
  ExplainerSpec,
  ParamsSchema,
} from './explainer.ts';
import { paramsJsonSchema } from './params.ts';

export const EXPLAINER_NAME_PATTERN = /^(@[a-z0-9][a-z0-9-]*\/)?[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const NO_REQUIREMENTS: ExplainerRequirements = {
  gradients: false,
  spatialLayer: false,
  background: false,
  guidedRelu: false,
};

const specShape = z.object({
  name: z.string().regex(EXPLAINER_NAME_PATTERN, 'must be lower-case kebab-case, optionally scoped (@team/name)'),
  version: z.string().refine((v) => semver.valid(v) !== null, 'must be a semantic version such as 1.0.0'),
  title: z.string().min(1, 'must not be empty'),
  description: z.string().min(1, 'must not be empty'),
  reference: z.object({ title: z.string().min(1), url: z.url() }).optional(),
  params: z.custom<ParamsSchema>(
    (value) => value instanceof z.ZodObject,
    'must be a zod object schema (z.object({...})) from the same zod major as @lumen/core',
  ),
  requires: z
    .object({
      gradients: z.boolean(),
      spatialLayer: z.boolean(),
      background: z.boolean(),
      guidedRelu: z.boolean(),
    })
    .partial()
    .strict()
    .optional(),
  output: z.object({ kind: z.enum(['spatial', 'pixel']), signed: z.boolean() }),
  check: z.function().optional(),
  cost: z.function().optional(),
  explain: z.function(),
});

function describe(candidate: unknown): string {
  if (candidate && typeof candidate === 'object') {
    const { name, version } = candidate as { name?: unknown; version?: unknown };
    if (typeof name === 'string') return typeof version === 'string' ? `${name}@${version}` : name;
  }
  return '(unnamed plugin)';
}

/**
 * Check that `candidate` is a well-formed explainer and return it frozen with its id.
 * `source` (a package name or path) is named in errors.
 */
export function validateExplainer(candidate: unknown, source?: string): AnyExplainer {
  const who = `${describe(candidate)}${source ? ` from ${source}` : ''}`;
  const reject = (why: string, details: Record<string, unknown> = {}): never => {
    throw new LumenError('PLUGIN_INVALID', `plugin ${who} is invalid: ${why}`, {
      details: { plugin: describe(candidate), source, ...details },
    });
  };
  if (!candidate || typeof candidate !== 'object') reject(`expected an object made by defineExplainer, got ${typeof candidate}`);
  const parsed = specShape.safeParse(candidate);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`);
    reject(issues.join('; '), { issues });
  }
  const spec = candidate as ExplainerSpec;
  const defaults = spec.params.safeParse({});
  if (!defaults.success) {
    const missing = defaults.error.issues.map((i) => i.path.join('.')).join(', ');
    reject(`every param needs a default so that a run without params works; no default for: ${missing}`);
  }
  try {
    paramsJsonSchema(spec.params);
  } catch (error) {
    reject(`its params schema cannot be expressed as JSON Schema: ${messageOf(error)}`);
  }
  const id = `${spec.name}@${spec.version}`;
  // Already made by defineExplainer: keep the identity, so registries hand back the same object.
  if (Object.isFrozen(candidate) && (candidate as { id?: unknown }).id === id) return candidate as AnyExplainer;
  return Object.freeze({
    ...spec,
    id,
    requires: Object.freeze({ ...NO_REQUIREMENTS, ...spec.requires }),
  }) as AnyExplainer;
}

/**
 * Make an explainer plugin: a plain, frozen, typed object. Params are validated and
 * defaulted by core before `explain` runs; results are stamped with `name@version`.
 */
export function defineExplainer<S extends ParamsSchema, X = Record<string, unknown>>(
  spec: ExplainerSpec<S, X>,
): Explainer<S, X> {
  return validateExplainer(spec) as unknown as Explainer<S, X>;
}

export function isExplainerLike(value: unknown): boolean {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { explain?: unknown }).explain === 'function'
  );
}
