import { describe, expect, it } from 'vitest';
import { exponentialKernel, sampleDistances } from './kernel.ts';

// prettier-ignore
const samples = Uint8Array.from([
  1, 1, 1, 1,
  1, 1, 0, 0,
  1, 0, 0, 0,
  0, 0, 0, 0,
]);

describe('sampleDistances', () => {
  it('computes cosine distances to the all-ones original: 1 - sqrt(k/p), 1 for the empty sample', () => {
    const d = sampleDistances(samples, 4, 4, 'cosine');
    expect(d[0]).toBeCloseTo(0, 15);
    expect(d[1]).toBeCloseTo(1 - Math.SQRT1_2, 15);
    expect(d[2]).toBeCloseTo(0.5, 15);
    expect(d[3]).toBe(1);
  });

  it('computes euclidean, manhattan and hamming distances', () => {
    expect(Array.from(sampleDistances(samples, 4, 4, 'euclidean'))).toEqual([
      0,
      Math.SQRT2,
      Math.sqrt(3),
      2,
    ]);
    expect(Array.from(sampleDistances(samples, 4, 4, 'manhattan'))).toEqual([0, 2, 3, 4]);
    expect(Array.from(sampleDistances(samples, 4, 4, 'hamming'))).toEqual([0, 0.5, 0.75, 1]);
  });
});

describe('exponentialKernel', () => {
  it("is lime's sqrt(exp(-d^2 / width^2))", () => {
    const w = exponentialKernel([0, 1 - Math.SQRT1_2, 0.5, 1], 0.25);
    expect(w[0]).toBe(1);
    // (1 - 1/sqrt 2)^2 / 0.0625 = 1.372583; half of that in the exponent.
    expect(w[1]).toBeCloseTo(Math.exp(-0.686291501), 8);
    expect(w[2]).toBeCloseTo(Math.exp(-2), 15);
    expect(w[3]).toBeCloseTo(Math.exp(-8), 15);
  });
});
