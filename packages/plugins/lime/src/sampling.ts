import type { Random } from '@lumen/core';

/** What replaces a switched-off superpixel: a grey level, an RGB colour, or each superpixel's mean colour. */
export type HideColor = number | readonly [number, number, number] | 'mean';

/**
 * lime's `fudged_image`: the image every switched-off superpixel is copied from. A number or
 * colour fills everything (lime's `fudged_image[:] = hide_color`); 'mean' paints each
 * superpixel in its mean colour (lime's `hide_color=None`).
 */
export function hiddenImage(
  pixels: Float32Array,
  segments: Int32Array,
  numSegments: number,
  hideColor: HideColor,
): Float32Array {
  const out = new Float32Array(pixels.length);
  if (hideColor !== 'mean') {
    const colour = typeof hideColor === 'number' ? [hideColor, hideColor, hideColor] : hideColor;
    for (let p = 0; p < segments.length; p++) out.set(colour, 3 * p);
    return out;
  }
  const sums = new Float64Array(numSegments * 3);
  const counts = new Float64Array(numSegments);
  for (let p = 0; p < segments.length; p++) {
    const s = segments[p] as number;
    counts[s] = (counts[s] as number) + 1;
    for (let c = 0; c < 3; c++)
      sums[3 * s + c] = (sums[3 * s + c] as number) + (pixels[3 * p + c] as number);
  }
  for (let p = 0; p < segments.length; p++) {
    const s = segments[p] as number;
    for (let c = 0; c < 3; c++)
      out[3 * p + c] = (sums[3 * s + c] as number) / (counts[s] as number);
  }
  return out;
}

/** lime's `data`: row 0 keeps every superpixel (the original), the other rows switch each on with probability 1/2. */
export function drawSamples(count: number, numSegments: number, random: Random): Uint8Array {
  const samples = new Uint8Array(count * numSegments);
  samples.fill(1, 0, numSegments);
  for (let i = numSegments; i < samples.length; i++) samples[i] = random.next() < 0.5 ? 0 : 1;
  return samples;
}

/** The perturbed images of samples [start, end), concatenated: [end - start, height, width, 3]. */
export function perturbedImages(
  pixels: Float32Array,
  hidden: Float32Array,
  segments: Int32Array,
  samples: Uint8Array,
  numSegments: number,
  start: number,
  end: number,
): Float32Array {
  const size = segments.length;
  const out = new Float32Array((end - start) * size * 3);
  for (let row = start; row < end; row++) {
    const base = (row - start) * size * 3;
    const keep = samples.subarray(row * numSegments, (row + 1) * numSegments);
    for (let p = 0; p < size; p++) {
      const source = keep[segments[p] as number] ? pixels : hidden;
      const o = base + 3 * p;
      out[o] = source[3 * p] as number;
      out[o + 1] = source[3 * p + 1] as number;
      out[o + 2] = source[3 * p + 2] as number;
    }
  }
  return out;
}
