/** A minimal client for the Lumen API, used by the end-to-end setup and assertions. */
export interface ApiClient {
  url: string;
  key: string;
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  upload(files: { name: string; bytes: Uint8Array }[]): Promise<string>;
}

export function apiClient(url: string, key: string): ApiClient {
  const auth = { authorization: `Bearer ${key}` };
  return {
    url,
    key,
    async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
      if (body.errors?.length || !body.data)
        throw new Error(
          `GraphQL error: ${body.errors?.map((e) => e.message).join('; ') ?? response.status}`,
        );
      return body.data;
    },
    async upload(files) {
      const form = new FormData();
      for (const file of files)
        form.append('file', new Blob([file.bytes as Uint8Array<ArrayBuffer>]), file.name);
      const response = await fetch(`${url}/v1/uploads`, {
        method: 'POST',
        headers: auth,
        body: form,
      });
      const body = (await response.json()) as { uploadId?: string; error?: { message: string } };
      if (!response.ok || !body.uploadId)
        throw new Error(
          `upload failed (${response.status}): ${body.error?.message ?? 'no upload id'}`,
        );
      return body.uploadId;
    },
  };
}

/** The payload's `error`, thrown; otherwise the payload. */
export function orThrow<T extends { error?: { code: string; message: string } | null }>(
  payload: T,
  what: string,
): T {
  if (payload.error) throw new Error(`${what}: ${payload.error.code}: ${payload.error.message}`);
  return payload;
}
