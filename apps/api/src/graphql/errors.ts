import { GraphQLError } from 'graphql';
import { isLumenError, messageOf } from '@lumen/core';

/** An expected failure, returned as data (`{ error: { code, message } }`) by mutations. */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
  readonly code: string;
  readonly path: string[] | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: { path?: string[]; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.path = options.path;
    this.details = options.details;
  }
}

export interface UserError {
  code: string;
  message: string;
  path: string[] | null;
  details: unknown;
}

/** Turns an expected failure (ours or core's LumenError) into data; rethrows anything else. */
export function toUserError(error: unknown): UserError {
  if (error instanceof UserFacingError) {
    return { code: error.code, message: error.message, path: error.path ?? null, details: error.details ?? null };
  }
  if (isLumenError(error)) {
    return { code: error.code, message: error.message, path: null, details: error.details };
  }
  throw error;
}

/** Runs a mutation body; expected failures become `{ error }`, others propagate as GraphQLErrors. */
export async function asPayload<T extends object>(work: () => Promise<T>): Promise<T | { error: UserError }> {
  try {
    return await work();
  } catch (error) {
    return { error: toUserError(error) };
  }
}

export const notFound = (what: string, id: string) => new UserFacingError('NOT_FOUND', `${what} '${id}' does not exist (or belongs to another team)`, { details: { id } });

/** Stable extension codes for thrown GraphQL errors. */
export function unauthenticated(): GraphQLError {
  return new GraphQLError('a valid API key is required: send "Authorization: Bearer lmn_..."', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

/** Anything unexpected: logged with its details, returned without them. */
export function maskUnexpected(error: unknown, log: (line: string) => void): GraphQLError {
  log(`internal error: ${messageOf(error)}${error instanceof Error && error.stack ? `\n${error.stack}` : ''}`);
  return new GraphQLError('internal error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}
