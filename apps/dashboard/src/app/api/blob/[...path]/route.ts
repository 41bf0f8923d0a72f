import { upstreamPath } from '../../../../lib/blob-url.ts';
import { callApi, errorResponse, relay } from '../../../../server/upstream.ts';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ path: string[] }>;
}

/** GET /api/blob/<path>: the API's /v1/<path> (images, masks, overlays, .npy arrays), fetched with the server's key. */
export async function GET(_request: Request, context: Context): Promise<Response> {
  const path = upstreamPath((await context.params).path);
  if (!path) return errorResponse(400, 'BAD_REQUEST', 'not an API resource path');
  return relay(await callApi(path));
}

/** POST /api/blob/uploads: a multipart upload streamed through to the API's POST /v1/uploads. */
export async function POST(request: Request, context: Context): Promise<Response> {
  const segments = (await context.params).path;
  if (segments.length !== 1 || segments[0] !== 'uploads')
    return errorResponse(405, 'BAD_REQUEST', 'only uploads can be posted');
  const headers: Record<string, string> = {
    'content-type': request.headers.get('content-type') ?? 'application/octet-stream',
  };
  const length = request.headers.get('content-length');
  if (length) headers['content-length'] = length;
  return relay(
    await callApi('v1/uploads', { method: 'POST', headers, body: request.body, duplex: 'half' }),
  );
}
