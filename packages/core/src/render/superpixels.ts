import { LumenError } from '../errors.ts';
import { assertRgbImage, type Rgb, type RgbImage } from '../image/types.ts';
import { drawBoundaries, type BoundaryMode } from './boundaries.ts';
import { assertSegments } from './maps.ts';

/** A weight per segment label: a Map, or an array indexed by label. */
export type SegmentWeights = ReadonlyMap<number, number> | ArrayLike<number>;

/** The options of LIME's `ImageExplanation.get_image_and_mask`, with the same defaults. */
export interface SuperpixelSelectOptions {
  /** Only segments with weight > max(0, minWeight). Default true. */
  positiveOnly?: boolean;
  /** Only segments with weight < 0 and |weight| > minWeight. Default false. */
  negativeOnly?: boolean;
  /** How many segments to take, in order of |weight|. Default 5. */
  numFeatures?: number;
  /** Default 0. */
  minWeight?: number;
}

export interface SuperpixelMaskOptions extends SuperpixelSelectOptions {
  /** Black out every pixel outside the chosen segments. Default false. */
  hideRest?: boolean;
  /** Outline of the chosen area (the mask's boundaries); default yellow 'inner'. `false`: none. */
  boundaries?: false | { color?: Rgb; mode?: BoundaryMode };
}

export interface SuperpixelSelection {
  /**
   * Per pixel, as LIME's mask: 1 for chosen segments (in the positive-only and
   * negative-only views), or 1 / -1 for chosen segments of positive / negative weight
   * (in the both-signs view); 0 elsewhere.
   */
  mask: Int8Array;
  /** The chosen segments, by decreasing |weight|. */
  features: { segment: number; weight: number }[];
}

function weightEntries(weights: SegmentWeights): [number, number][] {
  const entries: [number, number][] =
    weights instanceof Map
      ? [...(weights as ReadonlyMap<number, number>).entries()]
      : Array.from({ length: (weights as ArrayLike<number>).length }, (_, i): [number, number] => [
          i,
          (weights as ArrayLike<number>)[i] ?? NaN,
        ]);
  // LIME orders the explanation by |weight|, largest first (a stable sort).
  return entries
    .filter(([, w]) => Number.isFinite(w))
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
}

/** Which segments LIME's get_image_and_mask shows, and its per-pixel mask. */
export function selectSuperpixels(
  segments: ArrayLike<number>,
  weightsBySegment: SegmentWeights,
  options: SuperpixelSelectOptions = {},
): SuperpixelSelection {
  const positiveOnly = options.positiveOnly ?? true;
  const negativeOnly = options.negativeOnly ?? false;
  const numFeatures = options.numFeatures ?? 5;
  const minWeight = options.minWeight ?? 0;
  if (positiveOnly && negativeOnly) {
    throw new LumenError(
      'INVALID_PARAMS',
      'positiveOnly and negativeOnly cannot both be true; set positiveOnly: false to show negative segments.',
    );
  }
  if (!Number.isInteger(numFeatures) || numFeatures < 0) {
    throw new LumenError(
      'INVALID_PARAMS',
      `numFeatures must be a non-negative integer, got ${String(numFeatures)}.`,
    );
  }
  const ranked = weightEntries(weightsBySegment);
  let features: { segment: number; weight: number }[];
  const sign = new Map<number, number>();
  if (positiveOnly || negativeOnly) {
    const chosen = positiveOnly
      ? ranked.filter(([, w]) => w > 0 && w > minWeight)
      : ranked.filter(([, w]) => w < 0 && Math.abs(w) > minWeight);
    features = chosen.slice(0, numFeatures).map(([segment, weight]) => ({ segment, weight }));
    for (const f of features) sign.set(f.segment, 1);
  } else {
    features = ranked
      .slice(0, numFeatures)
      .filter(([, w]) => !(Math.abs(w) < minWeight))
      .map(([segment, weight]) => ({ segment, weight }));
    for (const f of features) sign.set(f.segment, f.weight < 0 ? -1 : 1);
  }
  const mask = new Int8Array(segments.length);
  for (let p = 0; p < segments.length; p++) mask[p] = sign.get(segments[p] ?? NaN) ?? 0;
  return { mask, features };
}

/**
 * LIME's `get_image_and_mask` view as an image, with the chosen area outlined like the
 * usual `mark_boundaries(temp, mask)`:
 * - positive-only / negative-only: the top `numFeatures` segments keep their pixels;
 * - both signs (positiveOnly: false): the top segments by |weight| keep their pixels and get
 *   their green (positive weight) or red (negative weight) channel set to the image's
 *   maximum value, as LIME does;
 * - hideRest: everything else is black.
 */
export function renderSuperpixelMask(
  image: RgbImage,
  segments: ArrayLike<number>,
  weightsBySegment: SegmentWeights,
  options: SuperpixelMaskOptions = {},
): RgbImage {
  assertRgbImage(image, 'image');
  assertSegments(segments, image.width, image.height);
  const { mask } = selectSuperpixels(segments, weightsBySegment, options);
  const bothSigns = !(options.positiveOnly ?? true) && !(options.negativeOnly ?? false);
  let max = 0;
  for (const v of image.data) if (v > max) max = v;
  const data = options.hideRest ? new Uint8Array(image.data.length) : image.data.slice();
  for (let p = 0; p < mask.length; p++) {
    const m = mask[p] ?? 0;
    if (m === 0) continue;
    data[3 * p] = image.data[3 * p] ?? 0;
    data[3 * p + 1] = image.data[3 * p + 1] ?? 0;
    data[3 * p + 2] = image.data[3 * p + 2] ?? 0;
    if (bothSigns) data[3 * p + (m < 0 ? 0 : 1)] = max;
  }
  const out = { width: image.width, height: image.height, data };
  if (options.boundaries === false) return out;
  return drawBoundaries(out, mask, {
    color: options.boundaries?.color ?? [255, 255, 0],
    mode: options.boundaries?.mode ?? 'inner',
    background: 0,
  });
}
