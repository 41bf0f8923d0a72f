import { ApiConfigError, apiConfig, type ApiConfig } from './api-config.ts';

/** A GraphQL-shaped error body, so the browser's client reports proxy failures like API errors. */
export function errorResponse(status: number, code: string, message: string): Response {
  return Response.json(
    { errors: [{ message, extensions: { code } }] },
    { status, headers: { 'cache-control': 'no-store' } },
  );
}

/** Calls the API with the server's key; a missing key or an unreachable API becomes a clear 5xx. */
export async function callApi(
  path: string,
  init: RequestInit & { duplex?: 'half' } = {},
): Promise<Response> {
  let config: ApiConfig;
  try {
    config = await apiConfig();
  } catch (error) {
    if (error instanceof ApiConfigError)
      return errorResponse(500, 'DASHBOARD_NOT_CONFIGURED', error.message);
    throw error;
  }
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${config.key}`);
  try {
    return await fetch(`${config.url}/${path}`, {
      ...init,
      headers,
      cache: 'no-store',
      redirect: 'manual',
    });
  } catch (error) {
    const reason =
      error instanceof Error
        ? ((error.cause as Error | undefined)?.message ?? error.message)
        : String(error);
    return errorResponse(
      502,
      'API_UNREACHABLE',
      `the Lumen API at ${config.url} is unreachable (${reason}); is it running?`,
    );
  }
}

const PASSED_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'cache-control',
  'etag',
  'last-modified',
];

/** The API's response as the browser gets it: body streamed, only content headers kept. */
export function relay(response: Response): Response {
  const headers = new Headers();
  for (const name of PASSED_HEADERS) {
    const value = response.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(response.body, { status: response.status, headers });
}
