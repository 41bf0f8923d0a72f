import type { TypedDocumentString } from '../generated/graphql/graphql.ts';

export const GRAPHQL_ENDPOINT = '/api/graphql';

export class GraphQLRequestError extends Error {
  override readonly name = 'GraphQLRequestError';
  readonly codes: string[];
  constructor(message: string, codes: string[]) {
    super(message);
    this.codes = codes;
  }
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A typed GraphQL request from the browser, through the dashboard's proxy. */
export async function gqlRequest<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables?: TVariables,
  signal?: AbortSignal,
): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch(GRAPHQL_ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new GraphQLRequestError('the dashboard server cannot be reached; check your connection', [
      'NETWORK',
    ]);
  }
  const body = (await response.json().catch(() => ({}))) as GraphQLBody<TResult>;
  if (body.errors?.length) {
    throw new GraphQLRequestError(
      body.errors.map((e) => e.message).join('; '),
      body.errors.map((e) => e.extensions?.code ?? 'UNKNOWN'),
    );
  }
  if (!response.ok || !body.data)
    throw new GraphQLRequestError(`the API answered HTTP ${response.status}`, ['HTTP']);
  return body.data;
}

/** A payload's user error (`{ error { code message } }`), as an exception. */
export function throwIfUserError(payload: {
  error?: { code: string; message: string } | null;
}): void {
  if (payload.error) throw new GraphQLRequestError(payload.error.message, [payload.error.code]);
}
