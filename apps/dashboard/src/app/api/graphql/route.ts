import { callApi, errorResponse, relay } from '../../../server/upstream.ts';

export const dynamic = 'force-dynamic';

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Forwards a GraphQL request to the API with the server's key. */
export async function POST(request: Request): Promise<Response> {
  const body = await request.text();
  if (body.length > MAX_BODY_BYTES)
    return errorResponse(413, 'BAD_REQUEST', 'GraphQL request body is too large');
  return relay(
    await callApi('graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    }),
  );
}
