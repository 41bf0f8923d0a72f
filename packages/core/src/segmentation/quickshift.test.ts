import { describe, expect, it } from 'vitest';
import { isLumenError } from '../errors.ts';
import { createRandom } from '../random/random.ts';
import { quickshift } from './quickshift.ts';
import { isContiguous, paint, texturedImage } from './test-images.ts';

// LIME's default segmenter: SegmentationAlgorithm('quickshift', kernel_size=4, max_dist=200, ratio=0.2).
const LIME = { kernelSize: 4, maxDist: 200, ratio: 0.2 };
const RED = [220, 30, 30] as const;
const BLUE = [30, 40, 200] as const;
const GREEN = [40, 190, 60] as const;

describe('quickshift', () => {
  it('gives one tree per flat region: two halves, two segments split at the boundary', () => {
    const image = paint(32, 32, (x) => (x < 16 ? RED : BLUE));
    const labels = quickshift(image, LIME);
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) expect(labels[y * 32 + x]).toBe(x < 16 ? 0 : 1);
    }
  });

  it('gives three segments for three flat stripes whose density peaks are farther apart than the window', () => {
    // Peaks at x = 6.5, 20.5, 34.5: 14 pixels apart, beyond the kernel's reach of 12.
    const colours = [RED, GREEN, BLUE];
    const image = paint(42, 20, (x) => colours[Math.floor(x / 14)] as (typeof colours)[number]);
    const labels = quickshift(image, LIME);
    // Labels follow the raster order of the trees' roots, so compare the partitions.
    const stripeLabels = [labels[0], labels[14], labels[28]];
    expect(new Set(stripeLabels).size).toBe(3);
    for (let y = 0; y < 20; y++) {
      for (let x = 0; x < 42; x++)
        expect(labels[y * 42 + x]).toBe(stripeLabels[Math.floor(x / 14)]);
    }
  });

  it('links a flat region to a neighbour of equal density within reach: max_dist 200 cuts nothing', () => {
    // Stripes 8 wide: peaks 8 pixels apart, so a peak finds a (noise-)higher pixel in the next stripe.
    const colours = [RED, GREEN, BLUE];
    const image = paint(24, 24, (x) => colours[Math.floor(x / 8)] as (typeof colours)[number]);
    expect(new Set(quickshift(image, LIME)).size).toBeLessThan(3);
    expect(new Set(quickshift(image, { ...LIME, maxDist: 10 })).size).toBe(3);
  });

  it('cuts every link when maxDist is below one pixel step: each pixel is its own segment', () => {
    const labels = quickshift(texturedImage(12, 10, 1), { ...LIME, maxDist: 0.5 });
    expect(Array.from(labels)).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });

  it('ignores colour when ratio is 0: a textured image segments like a flat one', () => {
    const textured = quickshift(texturedImage(40, 30, 2), { ...LIME, ratio: 0, seed: 5 });
    const flat = quickshift(
      paint(40, 30, () => [90, 90, 90]),
      { ...LIME, ratio: 0, seed: 5 },
    );
    expect(Array.from(textured)).toEqual(Array.from(flat));
  });

  it('numbers segments 0..n-1 without gaps, and repeats itself for the same seed or stream', () => {
    const image = texturedImage(64, 64, 3);
    const a = quickshift(image, { ...LIME, seed: 11 });
    expect(isContiguous(a)).toBe(true);
    expect(new Set(a).size).toBeGreaterThan(4);
    expect(Array.from(quickshift(image, { ...LIME, seed: 11 }))).toEqual(Array.from(a));
    const b = quickshift(image, { ...LIME, random: createRandom(4) });
    expect(Array.from(quickshift(image, { ...LIME, random: createRandom(4) }))).toEqual(
      Array.from(b),
    );
  });

  it('makes fewer segments for a larger kernel', () => {
    const image = texturedImage(48, 48, 4);
    const small = new Set(quickshift(image, { kernelSize: 2, maxDist: 200, ratio: 0.2 })).size;
    const large = new Set(quickshift(image, { kernelSize: 5, maxDist: 200, ratio: 0.2 })).size;
    expect(large).toBeLessThan(small);
  });

  it('is fast enough for LIME: 64x64 in well under a second, 224x224 in a few seconds', () => {
    const small = texturedImage(64, 64, 5);
    let started = performance.now();
    quickshift(small, LIME);
    const smallMs = performance.now() - started;
    const large = texturedImage(224, 224, 6);
    started = performance.now();
    const labels = quickshift(large, LIME);
    const largeMs = performance.now() - started;
    console.info(
      `quickshift (kernel 4): 64x64 ${smallMs.toFixed(0)} ms, 224x224 ${largeMs.toFixed(0)} ms, ${new Set(labels).size} segments`,
    );
    expect(smallMs).toBeLessThan(500);
    expect(largeMs).toBeLessThan(4000);
  });

  it('refuses a kernel below 1 and a malformed image', () => {
    const error = (() => {
      try {
        quickshift(texturedImage(4, 4, 1), { kernelSize: 0.5 });
      } catch (e) {
        return e;
      }
    })();
    expect(isLumenError(error) && error.code).toBe('INVALID_PARAMS');
    expect(() => quickshift({ width: 4, height: 4, data: new Float32Array(10) })).toThrow(
      /48 interleaved RGB values/,
    );
  });
});
