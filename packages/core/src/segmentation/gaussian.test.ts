import { describe, expect, it } from 'vitest';
import { gaussianSmooth } from './gaussian.ts';

describe('gaussianSmooth', () => {
  it('is the identity for sigma 0 and keeps a constant image constant', () => {
    const flat = new Float64Array(5 * 4 * 3).fill(7);
    expect(gaussianSmooth(flat, 5, 4, 3, 0)).toBe(flat);
    for (const v of gaussianSmooth(flat, 5, 4, 3, 1.5)) expect(v).toBeCloseTo(7, 12);
  });

  it('spreads an impulse into a symmetric kernel that sums to 1 away from the borders', () => {
    const size = 21;
    const impulse = new Float64Array(size * size);
    impulse[10 * size + 10] = 1;
    const out = gaussianSmooth(impulse, size, size, 1, 1);
    expect(out.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(out[10 * size + 11]).toBeCloseTo(out[10 * size + 9] as number, 15);
    expect(out[10 * size + 11]).toBeCloseTo(out[11 * size + 10] as number, 15);
    // Separable Gaussian: the ratio of neighbour to centre is exp(-1/2).
    expect((out[10 * size + 11] as number) / (out[10 * size + 10] as number)).toBeCloseTo(
      Math.exp(-0.5),
      10,
    );
  });

  it('reflects at the border (a b c | c b a), so an edge pixel keeps its mass', () => {
    const row = new Float64Array([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const out = gaussianSmooth(row, row.length, 1, 1, 1);
    expect(out.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });
});
