import type { AttributionMap, Map2D } from '../contract/attribution.ts';
import { LumenError } from '../errors.ts';

function isPositiveInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0;
}

/** Throws SHAPE_MISMATCH unless `map` is a well-formed Map2D. */
export function assertMap2D(map: Map2D, what = 'map'): void {
  if (!isPositiveInt(map.width) || !isPositiveInt(map.height)) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `${what} has width ${String(map.width)} and height ${String(map.height)}; both must be positive integers.`,
    );
  }
  if (!(map.data instanceof Float32Array) || map.data.length !== map.width * map.height) {
    const got = map.data instanceof Float32Array ? `${map.data.length} values` : 'no Float32Array';
    throw new LumenError(
      'SHAPE_MISMATCH',
      `${what} is ${map.width}x${map.height}, so its data must be a Float32Array of ${map.width * map.height} values (row-major), but it has ${got}.`,
      { details: { width: map.width, height: map.height } },
    );
  }
}

/** Throws SHAPE_MISMATCH unless `map` is a well-formed AttributionMap; returns [h, w, c]. */
export function attributionDims(map: AttributionMap, what = 'map'): [number, number, number] {
  const [h, w, c = 1] = map.shape;
  if (
    !isPositiveInt(h) ||
    !isPositiveInt(w) ||
    !isPositiveInt(c) ||
    (map.shape.length !== 2 && map.shape.length !== 3)
  ) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `${what}.shape must be [height, width] or [height, width, channels], got [${map.shape.join(', ')}].`,
    );
  }
  if (!(map.data instanceof Float32Array) || map.data.length !== h * w * c) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `${what} has shape [${map.shape.join(', ')}], so its data must be a Float32Array of ${h * w * c} values, ` +
        `but it has ${map.data instanceof Float32Array ? map.data.length : 'no Float32Array'}.`,
      { details: { shape: map.shape } },
    );
  }
  return [h, w, c];
}

/** Per-pixel segment labels must cover the image exactly. */
export function assertSegments(
  segments: ArrayLike<number>,
  width: number,
  height: number,
  what = 'segments',
): void {
  if (segments.length !== width * height) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `${what} must hold one label per pixel of the ${width}x${height} image (${width * height}), but it has ${segments.length}; ` +
        `segment the image at its own size, or resize the labels with nearest-neighbour.`,
      { details: { width, height, length: segments.length } },
    );
  }
}
