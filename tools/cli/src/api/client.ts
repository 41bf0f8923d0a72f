import { existsSync, readFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../output.ts';

export interface ApiOptions {
  api?: string;
  apiKey?: string;
}

/** A failure the API reported, as data or as a GraphQL error, with its stable code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

function findKeyFile(): string | undefined {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, '.lumen', 'demo-api-key');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** --api / $LUMEN_API_URL, and --api-key / $LUMEN_API_KEY / $LUMEN_API_KEY_FILE / the embedded default's key file. */
export function resolveApi(options: ApiOptions, env = process.env): { url: string; key: string } {
  const url = (options.api ?? env['LUMEN_API_URL'] ?? 'http://127.0.0.1:4000').replace(/\/+$/, '');
  const keyFile = env['LUMEN_API_KEY_FILE'] ?? findKeyFile();
  const key = options.apiKey ?? env['LUMEN_API_KEY'] ?? (keyFile && existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : undefined);
  if (!key) throw new UsageError('no API key: pass --api-key, or set LUMEN_API_KEY (the embedded default writes one to .lumen/demo-api-key)');
  return { url, key };
}

export class LumenApi {
  readonly url: string;
  private readonly key: string;

  constructor(options: ApiOptions = {}) {
    const { url, key } = resolveApi(options);
    this.url = url;
    this.key = key;
  }

  private async fetch(pathname: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.url}${pathname}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${this.key}` } });
    } catch (error) {
      throw new ApiError('API_UNREACHABLE', `cannot reach the Lumen API at ${this.url} (${(error as Error).cause ?? (error as Error).message}); is it running? (npm start)`);
    }
  }

  async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await this.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    const error = body.errors?.[0];
    if (error) throw new ApiError(error.extensions?.code ?? 'GRAPHQL_ERROR', error.message);
    if (!response.ok || !body.data) throw new ApiError(`HTTP_${response.status}`, `the API answered ${response.status}`);
    return body.data;
  }

  /** Throws the payload's `error` (errors-as-data) if there is one. */
  static unwrap<P extends { error?: { code: string; message: string } | null }>(payload: P): P {
    if (payload.error) throw new ApiError(payload.error.code, payload.error.message);
    return payload;
  }

  /** POST /v1/uploads: files as multipart form data; returns the upload id. */
  async upload(files: { name: string; path: string }[]): Promise<string> {
    const form = new FormData();
    for (const file of files) form.append('file', new Blob([await fs.readFile(file.path)]), file.name);
    const response = await this.fetch('/v1/uploads', { method: 'POST', body: form });
    const body = (await response.json().catch(() => ({}))) as { uploadId?: string; error?: { code: string; message: string } };
    if (!response.ok || !body.uploadId) throw new ApiError(body.error?.code ?? `HTTP_${response.status}`, body.error?.message ?? `upload failed with HTTP ${response.status}`);
    return body.uploadId;
  }
}
