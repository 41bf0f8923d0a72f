import { describe, expect, it } from 'vitest';
import { gridIndices, regularGrid } from './regular-grid.ts';

describe('regularGrid', () => {
  // The examples in scikit-image's regular_grid documentation.
  it('spreads 8 points over a 20x40 array as slices 5::10, 5::10', () => {
    expect(regularGrid([20, 40], 8)).toEqual([
      { start: 5, step: 10 },
      { start: 5, step: 10 },
    ]);
  });

  it('spreads 8 points over a 3x20x40 volume as slices 1::3, 5::10, 5::10', () => {
    expect(regularGrid([3, 20, 40], 8)).toEqual([
      { start: 1, step: 3 },
      { start: 5, step: 10 },
      { start: 5, step: 10 },
    ]);
  });

  it('takes every index when there are fewer cells than points', () => {
    expect(regularGrid([2, 3], 10)).toEqual([
      { start: 0, step: null },
      { start: 0, step: null },
    ]);
    expect(gridIndices({ start: 0, step: null }, 3)).toEqual([0, 1, 2]);
  });

  it('gives SLIC 2 seeds at x = 16 and 48 on a 1x32x64 image', () => {
    const [, y, x] = regularGrid([1, 32, 64], 2);
    expect(gridIndices(y as never, 32)).toEqual([16]);
    expect(gridIndices(x as never, 64)).toEqual([16, 48]);
  });
});
