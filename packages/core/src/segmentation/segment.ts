import { LumenError } from '../errors.ts';
import type { Random } from '../random/random.ts';
import { gridSegments, type GridOptions } from './grid.ts';
import { assertSegmentationImage, type SegmentationImage } from './input.ts';
import { quickshift, type QuickshiftOptions } from './quickshift.ts';
import { slic, type SlicOptions } from './slic.ts';

/** Which superpixel algorithm to run, with its options. */
export type SegmentationSpec =
  | ({ algorithm: 'quickshift' } & Omit<QuickshiftOptions, 'random' | 'seed'>)
  | ({ algorithm: 'slic' } & Omit<SlicOptions, 'startLabel'>)
  | ({ algorithm: 'grid' } & GridOptions);

export const SEGMENTATION_ALGORITHMS = ['quickshift', 'slic', 'grid'] as const;

/**
 * Superpixels of an RGB image (values 0..255): one label per pixel, row-major, numbered
 * 0..n-1 without gaps. `random` feeds quickshift's tie-breaking noise.
 */
export function segmentImage(
  image: SegmentationImage,
  spec: SegmentationSpec,
  random?: Random,
): Int32Array {
  assertSegmentationImage(image);
  switch (spec.algorithm) {
    case 'quickshift': {
      const { algorithm: _, ...options } = spec;
      return quickshift(image, random ? { ...options, random } : options);
    }
    case 'slic': {
      const { algorithm: _, ...options } = spec;
      return slic(image, { ...options, startLabel: 0 });
    }
    case 'grid': {
      const { algorithm: _, ...options } = spec;
      return gridSegments(image.width, image.height, options);
    }
    default:
      throw new LumenError(
        'INVALID_PARAMS',
        `unknown segmentation algorithm ${JSON.stringify((spec as { algorithm?: unknown }).algorithm)}; use one of ${SEGMENTATION_ALGORITHMS.join(', ')}.`,
      );
  }
}
