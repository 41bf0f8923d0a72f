/**
 * SHAP's image partition tree (`shap.maskers.Image.clustering`): a fixed binary hierarchy over
 * every feature of an [height, width, channels] image, one leaf per pixel and channel. A block
 * is halved along rows when it is at least as tall as it is wide, otherwise along columns; the
 * channels are split only once a block is a single pixel. The first part (lower indices) gets
 * ceil(n / 2) of the block's n rows, columns or channels: SHAP describes its splits as giving
 * the first half floor(n / 2), but numbers the leaves in reverse of the image's flat order, so
 * on the image its tree is that one mirrored (for 3 channels: {R, G} | {B}, then {R} | {G}).
 */

/** A block of features: rows [y0, y1), columns [x0, x1), channels [c0, c1). */
export interface ImageRegion {
  readonly y0: number;
  readonly y1: number;
  readonly x0: number;
  readonly x1: number;
  readonly c0: number;
  readonly c1: number;
}

export interface ImageShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

export function rootRegion({ height, width, channels }: ImageShape): ImageRegion {
  return { y0: 0, y1: height, x0: 0, x1: width, c0: 0, c1: channels };
}

export function regionSize(region: ImageRegion): number {
  return (region.y1 - region.y0) * (region.x1 - region.x0) * (region.c1 - region.c0);
}

/** The two halves of a block, or undefined for a single feature (a leaf). */
export function splitRegion(region: ImageRegion): [ImageRegion, ImageRegion] | undefined {
  const rows = region.y1 - region.y0;
  const cols = region.x1 - region.x0;
  const chans = region.c1 - region.c0;
  if (rows >= cols && rows > 1) {
    const mid = region.y0 + Math.ceil(rows / 2);
    return [
      { ...region, y1: mid },
      { ...region, y0: mid },
    ];
  }
  if (cols > 1) {
    const mid = region.x0 + Math.ceil(cols / 2);
    return [
      { ...region, x1: mid },
      { ...region, x0: mid },
    ];
  }
  if (chans > 1) {
    const mid = region.c0 + Math.ceil(chans / 2);
    return [
      { ...region, c1: mid },
      { ...region, c0: mid },
    ];
  }
  return undefined;
}

/** A number naming the block uniquely within an image of this shape (exact below 2^53). */
export function regionKey(region: ImageRegion, { height, width, channels }: ImageShape): number {
  const rows = (region.y0 * (height + 1) + region.y1) * (width + 1);
  const cols = (rows + region.x0) * (width + 1) + region.x1;
  return (cols * (channels + 1) + region.c0) * (channels + 1) + region.c1;
}

/**
 * Set `value` on every feature of the block in a row-major [height, width, channels] array
 * (the flat feature order of the image, which is also SHAP's leaf order).
 */
export function fillRegion(
  target: { [index: number]: number; length: number },
  region: ImageRegion,
  { width, channels }: ImageShape,
  value: number,
): void {
  for (let y = region.y0; y < region.y1; y++) {
    for (let x = region.x0; x < region.x1; x++) {
      const base = (y * width + x) * channels;
      for (let c = region.c0; c < region.c1; c++) target[base + c] = value;
    }
  }
}

/** Add `value` to every feature of the block. */
export function addToRegion(
  target: Float64Array | Float32Array,
  region: ImageRegion,
  { width, channels }: ImageShape,
  value: number,
): void {
  for (let y = region.y0; y < region.y1; y++) {
    for (let x = region.x0; x < region.x1; x++) {
      const base = (y * width + x) * channels;
      for (let c = region.c0; c < region.c1; c++)
        target[base + c] = (target[base + c] as number) + value;
    }
  }
}
