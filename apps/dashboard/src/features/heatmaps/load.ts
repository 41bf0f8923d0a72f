import { blobUrl } from '../../lib/blob-url.ts';
import { toMap2D, type Map2D } from '../../lib/maps.ts';
import { asFloat32, parseNpy, type NpyArray } from '../../lib/npy.ts';

/**
 * Fetches through the blob proxy, with an in-memory cache so re-renders (a new colormap, a
 * moved slider) never download a map twice. Failed loads are forgotten so they can be retried.
 */
const MAX_ENTRIES = 400;
const cache = new Map<string, Promise<unknown>>();

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  const promise = load();
  cache.set(key, promise);
  promise.catch(() => cache.delete(key));
  if (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return promise;
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(blobUrl(url));
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      errors?: { message: string }[];
      error?: { message: string };
    } | null;
    throw new Error(
      body?.errors?.[0]?.message ??
        body?.error?.message ??
        `download failed (HTTP ${response.status})`,
    );
  }
  return response.arrayBuffer();
}

export function loadNpy(url: string): Promise<NpyArray> {
  return cached(`npy:${url}`, async () => parseNpy(await fetchBytes(url)));
}

/** An attribution map as one value per pixel. */
export function loadAttribution(npyUrl: string, signed: boolean): Promise<Map2D> {
  return cached(`map:${signed}:${npyUrl}`, async () => {
    const array = await loadNpy(npyUrl);
    return toMap2D(asFloat32(array), array.shape, signed);
  });
}

/** A decoded image (same-origin through the proxy, so canvases that draw it stay readable). */
export function loadImage(url: string): Promise<HTMLImageElement> {
  return cached(`img:${url}`, async () => {
    const image = new Image();
    image.decoding = 'async';
    image.src = blobUrl(url);
    try {
      await image.decode();
    } catch {
      throw new Error('the image could not be downloaded or decoded');
    }
    return image;
  });
}
