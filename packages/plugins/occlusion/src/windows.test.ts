import { describe, expect, it } from 'vitest';
import {
  averageOverWindows,
  windowBounds,
  windowCount,
  windowGrid,
  windowStarts,
} from './windows.ts';

describe('window layout (Captum Occlusion: ceil((length - window) / stride) + 1 starts, last one clipped)', () => {
  it.each([
    [64, 8, 4, [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56]],
    [6, 3, 2, [0, 2, 4]],
    [10, 4, 3, [0, 3, 6]],
    [11, 4, 3, [0, 3, 6, 9]],
    [5, 5, 2, [0]],
    [4, 1, 1, [0, 1, 2, 3]],
  ])('length %i, window %i, stride %i', (length, window, stride, starts) => {
    expect(windowStarts(length, window, stride)).toEqual(starts);
  });

  it('covers every pixel; windows past the border are clipped to it', () => {
    const grid = windowGrid(11, 6, 4, 3);
    expect(windowCount(grid)).toBe(4 * 2);
    expect(windowBounds(grid, 7)).toEqual({ top: 9, bottom: 11, left: 3, right: 6 });
    expect(windowBounds(grid, 0)).toEqual({ top: 0, bottom: 4, left: 0, right: 4 });
  });

  it('refuses a window larger than the axis', () => {
    expect(() => windowStarts(4, 5, 1)).toThrow(RangeError);
  });
});

describe('averageOverWindows', () => {
  it('gives each pixel the mean value of the windows covering it', () => {
    const grid = windowGrid(7, 9, 3, 2);
    const values = Array.from({ length: windowCount(grid) }, (_, w) => Math.sin(w * 1.7) * 10 + w);
    const sums = new Float64Array(63);
    const counts = new Float64Array(63);
    values.forEach((v, w) => {
      const b = windowBounds(grid, w);
      for (let y = b.top; y < b.bottom; y++) {
        for (let x = b.left; x < b.right; x++) {
          sums[y * 9 + x]! += v;
          counts[y * 9 + x]! += 1;
        }
      }
    });
    expect(counts.every((c) => c > 0)).toBe(true);
    const expected = Array.from(sums, (s, i) => s / (counts[i] as number));
    expect(Array.from(averageOverWindows(grid, values))).toEqual(
      expected.map((v) => expect.closeTo(v, 5)),
    );
  });

  it('averages, not sums: a constant drop gives that constant everywhere', () => {
    const grid = windowGrid(16, 16, 5, 2);
    const map = averageOverWindows(grid, new Array(windowCount(grid)).fill(0.25));
    expect(Array.from(map)).toEqual(new Array(256).fill(expect.closeTo(0.25, 9)));
  });
});
