import { describe, expect, it } from 'vitest';
import {
  colormapPositions,
  differenceMap,
  differencePositions,
  normaliseMap,
  resizeBilinear,
  toMap2D,
  valueRange,
  type Map2D,
} from './maps.ts';

const map = (width: number, height: number, values: number[]): Map2D => ({
  width,
  height,
  data: Float32Array.from(values),
});

describe('toMap2D', () => {
  it('keeps [H, W] maps and reduces channels like the API renderer', () => {
    const rgb = Float32Array.from([1, -2, 3, -1, -1, -1]); // 1 x 2 pixels x 3 channels
    expect(Array.from(toMap2D(rgb, [1, 2, 3], true).data)).toEqual([2, -3]);
    expect(Array.from(toMap2D(rgb, [1, 2, 3], false).data)).toEqual([6, 3]);
    const flat = toMap2D(Float32Array.from([1, 2]), [1, 2], false);
    expect(flat).toMatchObject({ width: 2, height: 1 });
  });

  it('refuses shapes that do not match the data', () => {
    expect(() => toMap2D(new Float32Array(5), [2, 3], false)).toThrow(/needs 6 values/);
    expect(() => toMap2D(new Float32Array(5), [5], false)).toThrow(/shape/);
  });
});

describe('colormap positions', () => {
  it('stretches unsigned maps from min..max to 0..1', () => {
    expect(Array.from(colormapPositions(map(3, 1, [2, 4, 6]), false))).toEqual([0, 0.5, 1]);
  });

  it('puts zero of a signed map at 0.5 and scales by max |value|', () => {
    expect(Array.from(colormapPositions(map(3, 1, [-2, 0, 1]), true))).toEqual([0, 0.5, 0.75]);
  });

  it('gives flat and non-finite values the neutral position', () => {
    expect(Array.from(colormapPositions(map(2, 1, [3, 3]), false))).toEqual([0, 0]);
    expect(Array.from(colormapPositions(map(2, 1, [0, Number.NaN]), true))).toEqual([0.5, 0.5]);
    expect(valueRange([Number.NaN])).toEqual({ min: 0, max: 0, absMax: 0 });
  });
});

describe('normaliseMap', () => {
  it('is invariant to scaling a map by a positive factor', () => {
    const a = map(4, 1, [-1, 0.5, 2, -4]);
    const scaled = map(4, 1, [-10, 5, 20, -40]);
    expect(Array.from(normaliseMap(a, true).data)).toEqual(
      Array.from(normaliseMap(scaled, true).data),
    );
    expect(Array.from(normaliseMap(a, true).data)).toEqual([-0.25, 0.125, 0.5, -1]);
  });

  it('stretches unsigned maps to 0..1 (invariant to an offset too)', () => {
    expect(Array.from(normaliseMap(map(3, 1, [10, 15, 20]), false).data)).toEqual([0, 0.5, 1]);
    expect(Array.from(normaliseMap(map(3, 1, [0, 5, 10]), false).data)).toEqual([0, 0.5, 1]);
  });

  it('turns a flat map into zeros', () => {
    expect(Array.from(normaliseMap(map(2, 1, [7, 7]), false).data)).toEqual([0, 0]);
    expect(Array.from(normaliseMap(map(2, 1, [0, 0]), true).data)).toEqual([0, 0]);
  });
});

describe('resizeBilinear', () => {
  it('keeps a constant map constant and leaves same-size maps alone', () => {
    const constant = resizeBilinear(map(2, 2, [3, 3, 3, 3]), 5, 3);
    expect(constant.width).toBe(5);
    expect(Array.from(constant.data).every((v) => Math.abs(v - 3) < 1e-6)).toBe(true);
    const same = map(2, 1, [1, 2]);
    expect(resizeBilinear(same, 2, 1)).toBe(same);
  });

  it('interpolates between pixel centres and clamps at the edges', () => {
    // 2 pixels -> 4: centres of the new pixels fall at -0.25, 0.25, 0.75, 1.25 in source coordinates.
    expect(Array.from(resizeBilinear(map(2, 1, [0, 1]), 4, 1).data)).toEqual([0, 0.25, 0.75, 1]);
    // 4 -> 2: each new pixel is the mean of its two source pixels.
    expect(Array.from(resizeBilinear(map(4, 1, [0, 2, 4, 6]), 2, 1).data)).toEqual([1, 5]);
  });
});

describe('differenceMap', () => {
  it('is zero for the same map at any scale, so only where attention moved shows', () => {
    const a = map(2, 2, [0, 1, 2, 3]);
    const b = map(2, 2, [0, 10, 20, 30]);
    const diff = differenceMap({ map: a, signed: false }, { map: b, signed: false });
    expect(Array.from(diff.map.data)).toEqual([0, 0, 0, 0]);
    expect(diff.meanAbs).toBe(0);
    expect(diff.bound).toBe(1);
  });

  it('is positive where B attributes more, negative where A does', () => {
    const a = map(2, 1, [1, 0]); // A looks left
    const b = map(2, 1, [0, 5]); // B looks right
    const diff = differenceMap({ map: a, signed: false }, { map: b, signed: false });
    expect(Array.from(diff.map.data)).toEqual([-1, 1]);
    expect(diff.meanAbs).toBe(1);
    expect(Array.from(differencePositions(diff))).toEqual([0, 1]);
  });

  it("brings B to A's size and widens the scale for signed maps", () => {
    const a = map(2, 1, [-1, 1]);
    const b = map(4, 1, [1, 1, -1, -1]);
    const diff = differenceMap({ map: a, signed: true }, { map: b, signed: true });
    expect(diff.map.width).toBe(2);
    expect(Array.from(diff.map.data)).toEqual([2, -2]);
    expect(diff.bound).toBe(2);
    expect(Array.from(differencePositions(diff))).toEqual([1, 0]);
  });
});
