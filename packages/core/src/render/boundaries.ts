import { LumenError } from '../errors.ts';
import { assertRgb, assertRgbImage, type Rgb, type RgbImage } from '../image/types.ts';
import { assertSegments } from './maps.ts';

/**
 * Which pixels count as boundary, as in scikit-image's find_boundaries (connectivity 1):
 * - `thick`: any pixel with a 4-neighbour of another label (2-pixel-wide lines);
 * - `inner`: those pixels, except the ones labelled `background`.
 */
export type BoundaryMode = 'inner' | 'thick';

export interface BoundaryOptions {
  /** Default yellow [255, 255, 0], as mark_boundaries. */
  color?: Rgb;
  /** Default 'thick'. */
  mode?: BoundaryMode;
  /** The label 'inner' leaves untouched; default 0, as mark_boundaries' background_label. */
  background?: number;
}

/** 1 where a pixel is a boundary pixel, else 0 (row-major, one per pixel). */
export function findBoundaries(
  labels: ArrayLike<number>,
  width: number,
  height: number,
  mode: BoundaryMode = 'thick',
  background = 0,
): Uint8Array {
  if (mode !== 'inner' && mode !== 'thick') {
    throw new LumenError(
      'INVALID_PARAMS',
      `mode must be 'inner' or 'thick', got ${JSON.stringify(mode)}.`,
    );
  }
  assertSegments(labels, width, height, 'labels');
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const label = labels[p];
      if (mode === 'inner' && label === background) continue;
      if (
        (x > 0 && labels[p - 1] !== label) ||
        (x < width - 1 && labels[p + 1] !== label) ||
        (y > 0 && labels[p - width] !== label) ||
        (y < height - 1 && labels[p + width] !== label)
      ) {
        out[p] = 1;
      }
    }
  }
  return out;
}

/** Like skimage's mark_boundaries: a copy of the image with boundary pixels painted `color`. */
export function drawBoundaries(
  image: RgbImage,
  segments: ArrayLike<number>,
  options: BoundaryOptions = {},
): RgbImage {
  assertRgbImage(image, 'image');
  const color = options.color ?? [255, 255, 0];
  assertRgb(color, 'color');
  const boundaries = findBoundaries(
    segments,
    image.width,
    image.height,
    options.mode ?? 'thick',
    options.background ?? 0,
  );
  const data = image.data.slice();
  const [r, g, b] = color.map((c) => Math.round(c)) as [number, number, number];
  for (let p = 0; p < boundaries.length; p++) {
    if (boundaries[p] === 1) {
      data[3 * p] = r;
      data[3 * p + 1] = g;
      data[3 * p + 2] = b;
    }
  }
  return { width: image.width, height: image.height, data };
}
