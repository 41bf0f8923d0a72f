import { describe, expect, it } from 'vitest';
import { gridSegments } from './grid.ts';

describe('gridSegments', () => {
  it('numbers 4x4 blocks of a 16x16 image row by row', () => {
    const labels = gridSegments(16, 16, { rows: 4, cols: 4 });
    for (let y = 0; y < 16; y++) {
      for (let x = 0; x < 16; x++)
        expect(labels[y * 16 + x]).toBe(Math.floor(y / 4) * 4 + Math.floor(x / 4));
    }
  });

  it('splits sizes that do not divide evenly into near-equal bands', () => {
    const labels = gridSegments(7, 10, { rows: 3, cols: 2 });
    const sizes = new Map<number, number>();
    for (const v of labels) sizes.set(v, (sizes.get(v) ?? 0) + 1);
    expect([...sizes.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    // Rows of height 4, 3, 3 (y*3/10) and columns of width 4, 3 (x*2/7).
    expect(sizes.get(0)).toBe(4 * 4);
    expect(sizes.get(1)).toBe(4 * 3);
    expect(sizes.get(5)).toBe(3 * 3);
  });

  it('refuses more rows than pixels', () => {
    expect(() => gridSegments(4, 4, { rows: 5 })).toThrow(/rows must be/);
  });
});
