import { z } from 'zod';
import { LumenError } from '../errors.ts';
import { closestNames } from '../model/layer-search.ts';
import type { ParamsSchema } from './explainer.ts';

export interface ParamIssue {
  path: string;
  message: string;
}

/**
 * Validate and default a plugin's params. Unknown keys are refused (a typo such as
 * `numSample` must not silently fall back to a default), with a suggestion.
 */
export function validateParams<S extends ParamsSchema>(
  explainerId: string,
  schema: S,
  raw: unknown,
): z.output<S> {
  const input = raw ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw invalid(explainerId, [{ path: '(root)', message: `params must be an object, got ${Array.isArray(input) ? 'an array' : typeof input}` }]);
  }
  const known = Object.keys(schema.shape);
  const issues: ParamIssue[] = Object.keys(input)
    .filter((key) => !known.includes(key))
    .map((key) => {
      const similar = closestNames(key, known, 1);
      return {
        path: key,
        message: `unknown param${similar.length ? `; did you mean '${similar[0]}'?` : ''} Known params: ${known.join(', ')}`,
      };
    });
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    issues.push(...parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })));
  }
  if (issues.length > 0 || !parsed.success) throw invalid(explainerId, issues);
  return parsed.data as z.output<S>;
}

function invalid(explainerId: string, issues: ParamIssue[]): LumenError {
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new LumenError('INVALID_PARAMS', `invalid params for ${explainerId}: ${summary}`, {
    details: { plugin: explainerId, phase: 'validate', issues },
  });
}

/** The params as JSON Schema (draft 2020-12), for API clients and generated forms. */
export function paramsJsonSchema(schema: ParamsSchema): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...json, additionalProperties: false };
}
