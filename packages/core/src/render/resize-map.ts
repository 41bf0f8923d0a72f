import type { Map2D } from '../contract/attribution.ts';
import { LumenError } from '../errors.ts';
import { tf } from '../tf.ts';
import { assertMap2D } from './maps.ts';

export type MapResizeMethod = 'bilinear' | 'nearest';

/**
 * Resizes a 2-D map with TensorFlow.js, half-pixel centres and alignCorners = false:
 * bilinear matches cv2.resize(INTER_LINEAR) / tf.image.resize(bilinear) (no antialiasing);
 * nearest picks the source pixel whose area contains the output pixel's centre.
 * No tensor outlives the call.
 */
export function resizeMap(
  map: Map2D,
  width: number,
  height: number,
  method: MapResizeMethod = 'bilinear',
): Map2D {
  assertMap2D(map, 'map');
  for (const [n, what] of [
    [width, 'width'],
    [height, 'height'],
  ] as const) {
    if (!Number.isInteger(n) || n <= 0)
      throw new LumenError(
        'INVALID_PARAMS',
        `${what} must be a positive integer, got ${String(n)}.`,
      );
  }
  if (method !== 'bilinear' && method !== 'nearest') {
    throw new LumenError(
      'INVALID_PARAMS',
      `method must be 'bilinear' or 'nearest', got ${JSON.stringify(method)}.`,
    );
  }
  if (map.width === width && map.height === height)
    return { width, height, data: map.data.slice() };
  const resized = tf.tidy(() => {
    const input = tf.tensor3d(map.data, [map.height, map.width, 1], 'float32');
    return method === 'bilinear'
      ? tf.image.resizeBilinear(input, [height, width], false, true)
      : tf.image.resizeNearestNeighbor(input, [height, width], false, true);
  });
  try {
    return { width, height, data: Float32Array.from(resized.dataSync()) };
  } finally {
    resized.dispose();
  }
}
