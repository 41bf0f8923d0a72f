import type { TypedDocumentString } from '../generated/graphql/graphql.ts';
import { callApi } from './upstream.ts';

/** A GraphQL request from the dashboard's server (server components), straight to the API. */
export async function serverQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables?: TVariables,
): Promise<TResult> {
  const response = await callApi('graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    data?: TResult;
    errors?: { message: string }[];
  };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  if (!response.ok || !body.data) throw new Error(`the API answered ${response.status}`);
  return body.data;
}
