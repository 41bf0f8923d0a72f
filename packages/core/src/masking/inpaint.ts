import { LumenError } from '../errors.ts';
import { MarchingGrid } from './marching-grid.ts';
import { navierStokesEstimator } from './inpaint-ns.ts';
import { teleaEstimator } from './inpaint-telea.ts';
import type { PixelEstimator } from './estimator.ts';
import type { ImageShape } from './partition-tree.ts';

/** OpenCV's `INPAINT_TELEA` (fast marching, Telea 2004) or `INPAINT_NS` (isophote-weighted). */
export type InpaintMethod = 'telea' | 'ns';

export interface InpaintOptions {
  /** Neighbourhood radius in pixels (OpenCV's inpaintRadius; SHAP passes 3). Rounded, clamped to 1..100. */
  radius?: number;
  /**
   * Compute as OpenCV does on 8-bit images: every filled value is rounded to an integer (half
   * to even) and saturated to 0..255, Telea's after adding 0.5. With integer input, the result
   * then equals cv2.inpaint's bit for bit. Default false: float arithmetic, no rounding.
   */
  eightBit?: boolean;
}

export interface Inpainter {
  readonly shape: ImageShape;
  /**
   * Write `image` ([height, width, channels], row-major) into `out` with the pixels where
   * `holes` ([height, width]) is non-zero filled in. With no known pixel at all, the holes keep
   * their values (as OpenCV does).
   */
  run(image: Float32Array, holes: Uint8Array, out: Float32Array): void;
}

function inpaintRadius(radius: number | undefined): number {
  const r = radius ?? 3;
  if (!Number.isFinite(r))
    throw new LumenError('INVALID_PARAMS', `inpaint radius must be a finite number, got ${r}`);
  return Math.min(100, Math.max(1, Math.round(r)));
}

/**
 * An inpainter for images of one shape; it keeps its scratch buffers between calls, so masking
 * many variants of an image costs no allocation.
 */
export function createInpainter(
  shape: ImageShape,
  method: InpaintMethod,
  options: InpaintOptions = {},
): Inpainter {
  const { height, width, channels } = shape;
  if (!(height > 0 && width > 0 && channels > 0)) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `inpainting needs a non-empty image, got [${height}, ${width}, ${channels}]`,
    );
  }
  const radius = inpaintRadius(options.radius);
  const grid = new MarchingGrid(height, width);
  const pixels = height * width;
  const eightBit = options.eightBit ?? false;
  const estimate: PixelEstimator =
    method === 'telea'
      ? teleaEstimator(grid, channels, radius, eightBit)
      : navierStokesEstimator(grid, channels, radius, eightBit);
  return {
    shape,
    run(image, holes, out) {
      if (
        image.length !== pixels * channels ||
        out.length !== image.length ||
        holes.length !== pixels
      ) {
        throw new LumenError(
          'SHAPE_MISMATCH',
          `inpaint expects an image of ${pixels * channels} values, holes of ${pixels} and an output of the image's size; got ${image.length}, ${holes.length}, ${out.length}`,
        );
      }
      out.set(image);
      grid.reset(holes);
      if (method === 'telea') grid.measureOutside(holes, radius);
      grid.fillHoles((cell) => estimate(cell, out));
    },
  };
}

/** Inpaint one image: a new array with the holes filled (see createInpainter). */
export function inpaint(
  image: Float32Array,
  shape: ImageShape,
  holes: Uint8Array,
  method: InpaintMethod,
  options: InpaintOptions = {},
): Float32Array {
  const out = new Float32Array(image.length);
  createInpainter(shape, method, options).run(image, holes, out);
  return out;
}
