import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown> & { code?: string };
}

export interface GraphQLResult<T> {
  /** HTTP status of the answer. */
  status: number;
  data: T | null;
  errors: GraphQLErrorBody[];
  /** The body as received, to check what it does not contain. */
  text: string;
}

/** An expected failure returned as data by a mutation. */
export interface UserErrorBody {
  code: string;
  message: string;
  path?: string[] | null;
  details?: unknown;
}

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export interface UploadResult {
  status: number;
  uploadId?: string;
  files?: { name: string; size: number; sha256: string }[];
  error?: { code: string; message: string };
}

export class GraphQLRequestError extends Error {
  override readonly name = 'GraphQLRequestError';
  readonly errors: GraphQLErrorBody[];
  constructor(errors: GraphQLErrorBody[], status: number) {
    super(
      `GraphQL request failed (HTTP ${status}): ${errors.map((e) => `${e.extensions?.code ?? '?'}: ${e.message}`).join('; ') || 'no data'}`,
    );
    this.errors = errors;
  }
}

/**
 * A small client for Lumen's API as a team's tooling sees it: GraphQL over HTTP, the upload
 * endpoint, the blob URLs, and subscriptions over graphql-ws. `key` undefined sends no key.
 */
export class ApiClient {
  readonly baseUrl: string;
  readonly key: string | undefined;

  constructor(baseUrl: string, key?: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.key = key;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...extra, ...(this.key ? { authorization: `Bearer ${this.key}` } : {}) };
  }

  async request<T>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResult<T>> {
    const response = await fetch(`${this.baseUrl}/graphql`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: { data?: T | null; errors?: GraphQLErrorBody[] } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = {};
    }
    return { status: response.status, data: body.data ?? null, errors: body.errors ?? [], text };
  }

  /** The data of a request that must not fail at the GraphQL level. */
  async data<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await this.request<T>(query, variables);
    if (result.errors.length || result.data === null)
      throw new GraphQLRequestError(result.errors, result.status);
    return result.data;
  }

  async upload(files: UploadedFile[]): Promise<UploadResult> {
    const form = new FormData();
    for (const file of files)
      form.append('file', new Blob([file.bytes as Uint8Array<ArrayBuffer>]), file.name);
    const response = await fetch(`${this.baseUrl}/v1/uploads`, {
      method: 'POST',
      headers: this.headers(),
      body: form,
    });
    const body = (await response.json().catch(() => ({}))) as Omit<UploadResult, 'status'>;
    return { status: response.status, ...body };
  }

  /** GET a URL the API handed out (or a path under it), with this client's key. */
  async get(
    urlOrPath: string,
  ): Promise<{ status: number; bytes: Uint8Array; contentType: string | null }> {
    const url = urlOrPath.startsWith('http') ? urlOrPath : `${this.baseUrl}${urlOrPath}`;
    const response = await fetch(url, { headers: this.headers() });
    return {
      status: response.status,
      bytes: new Uint8Array(await response.arrayBuffer()),
      contentType: response.headers.get('content-type'),
    };
  }

  /** A graphql-ws client authenticated with this client's key. */
  websocket(): Client {
    return createClient({
      url: `${this.baseUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: this.key ? { apiKey: this.key } : {},
      retryAttempts: 0,
      lazy: true,
    });
  }

  /**
   * Every event of a subscription until the server completes it (or `timeoutMs` passes, which
   * rejects). Errors from the server reject with their payload.
   */
  async collect<T>(
    query: string,
    variables: Record<string, unknown>,
    options: { timeoutMs: number; onEvent?: (event: T) => void },
  ): Promise<T[]> {
    const client = this.websocket();
    const events: T[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `subscription did not complete within ${options.timeoutMs} ms (${events.length} events)`,
              ),
            ),
          options.timeoutMs,
        );
        const stop = client.subscribe<T>(
          { query, variables },
          {
            next: (message) => {
              if (message.errors?.length) {
                clearTimeout(timer);
                stop();
                reject(new GraphQLRequestError(message.errors as GraphQLErrorBody[], 200));
                return;
              }
              if (message.data) {
                events.push(message.data as T);
                options.onEvent?.(message.data as T);
              }
            },
            error: (error) => {
              clearTimeout(timer);
              reject(
                Array.isArray(error)
                  ? new GraphQLRequestError(error as GraphQLErrorBody[], 200)
                  : error instanceof Error
                    ? error
                    : new Error(`subscription failed: ${JSON.stringify(error)}`),
              );
            },
            complete: () => {
              clearTimeout(timer);
              resolve();
            },
          },
        );
      });
      return events;
    } finally {
      await client.dispose();
    }
  }
}
