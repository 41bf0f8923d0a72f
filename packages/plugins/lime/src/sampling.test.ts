import { createRandom } from '@lumen/core';
import { describe, expect, it } from 'vitest';
import { drawSamples, hiddenImage, perturbedImages } from './sampling.ts';

// A 2x2 image: segment 0 on the left column, segment 1 on the right.
const pixels = Float32Array.from([10, 20, 30, 100, 110, 120, 30, 40, 50, 200, 210, 220]);
const segments = Int32Array.from([0, 1, 0, 1]);

describe('hiddenImage', () => {
  it("paints each superpixel its mean colour for 'mean' (lime's hide_color=None)", () => {
    expect(Array.from(hiddenImage(pixels, segments, 2, 'mean'))).toEqual([
      20, 30, 40, 150, 160, 170, 20, 30, 40, 150, 160, 170,
    ]);
  });

  it('fills everything with a grey level or a colour', () => {
    expect(Array.from(hiddenImage(pixels, segments, 2, 0))).toEqual(new Array(12).fill(0));
    expect(Array.from(hiddenImage(pixels, segments, 2, [1, 2, 3]))).toEqual([
      1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3,
    ]);
  });
});

describe('drawSamples', () => {
  it('keeps everything in the first sample and about half of the superpixels elsewhere, reproducibly', () => {
    const samples = drawSamples(500, 10, createRandom(1));
    expect(Array.from(samples.subarray(0, 10))).toEqual(new Array(10).fill(1));
    const kept = samples.subarray(10).reduce((s, v) => s + v, 0) / (samples.length - 10);
    expect(kept).toBeGreaterThan(0.45);
    expect(kept).toBeLessThan(0.55);
    expect(Array.from(drawSamples(500, 10, createRandom(1)))).toEqual(Array.from(samples));
  });
});

describe('perturbedImages', () => {
  it('copies kept superpixels from the image and the others from the hidden image', () => {
    const hidden = hiddenImage(pixels, segments, 2, 0);
    const samples = Uint8Array.from([1, 1, 1, 0, 0, 1]);
    const out = perturbedImages(pixels, hidden, segments, samples, 2, 1, 3);
    expect(Array.from(out.subarray(0, 12))).toEqual([10, 20, 30, 0, 0, 0, 30, 40, 50, 0, 0, 0]);
    expect(Array.from(out.subarray(12))).toEqual([0, 0, 0, 100, 110, 120, 0, 0, 0, 200, 210, 220]);
  });
});
