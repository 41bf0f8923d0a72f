import { describe, expect, it } from 'vitest';
import { blobUrl, upstreamPath } from './blob-url.ts';

describe('blobUrl', () => {
  it('maps API resource URLs onto the proxy, whatever the API host', () => {
    expect(blobUrl('http://127.0.0.1:4000/v1/explanations/abc/attribution.npy')).toBe(
      '/api/blob/explanations/abc/attribution.npy',
    );
    expect(blobUrl('https://lumen.example/base/v1/images/i1/masks/object')).toBe(
      '/api/blob/images/i1/masks/object',
    );
    expect(blobUrl('/v1/images/i1?size=small')).toBe('/api/blob/images/i1?size=small');
  });

  it('refuses URLs that are not API resources', () => {
    expect(() => blobUrl('http://127.0.0.1:4000/graphql')).toThrow(/v1/);
  });
});

describe('upstreamPath', () => {
  it('rebuilds the API path from route segments', () => {
    expect(upstreamPath(['explanations', 'abc', 'arrays', 'segments.npy'])).toBe(
      'v1/explanations/abc/arrays/segments.npy',
    );
    expect(upstreamPath(['images', 'a b'])).toBe('v1/images/a%20b');
  });

  it('refuses segments that could leave /v1', () => {
    expect(upstreamPath([])).toBeNull();
    expect(upstreamPath(['..', 'graphql'])).toBeNull();
    expect(upstreamPath(['images', 'x/../../health'])).toBeNull();
    expect(upstreamPath(['images', ''])).toBeNull();
  });
});
