/**
 * The API returns absolute URLs of its binary resources (`<api>/v1/...`), which need the API
 * key. The browser fetches them through the dashboard's proxy instead: `/api/blob/...`.
 */
export const BLOB_PROXY = '/api/blob';

export function blobUrl(apiUrl: string): string {
  let url: URL;
  try {
    url = new URL(apiUrl, 'http://relative.invalid');
  } catch {
    throw new Error(`not a URL: ${apiUrl}`);
  }
  const match = /^(?:.*?)\/v1\/(.+)$/.exec(url.pathname);
  if (!match?.[1]) throw new Error(`not an API resource URL (expected .../v1/...): ${apiUrl}`);
  return `${BLOB_PROXY}/${match[1]}${url.search}`;
}

/** The API path (`v1/...`) a proxy request stands for; null when it could escape /v1. */
export function upstreamPath(segments: readonly string[]): string | null {
  if (segments.length === 0) return null;
  if (
    segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('/') || s.includes('\\'))
  )
    return null;
  return `v1/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
}
