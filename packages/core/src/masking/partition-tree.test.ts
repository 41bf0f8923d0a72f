import { describe, expect, it } from 'vitest';
import {
  addToRegion,
  fillRegion,
  regionKey,
  regionSize,
  rootRegion,
  splitRegion,
  type ImageRegion,
  type ImageShape,
} from './partition-tree.ts';

function leaves(region: ImageRegion): ImageRegion[] {
  const halves = splitRegion(region);
  return halves ? [...leaves(halves[0]), ...leaves(halves[1])] : [region];
}

function allNodes(region: ImageRegion): ImageRegion[] {
  const halves = splitRegion(region);
  return halves ? [region, ...allNodes(halves[0]), ...allNodes(halves[1])] : [region];
}

describe("SHAP's image partition tree", () => {
  it('halves rows first when the block is at least as tall as wide, the first part getting ceil(n/2)', () => {
    const [top, bottom] = splitRegion(rootRegion({ height: 5, width: 5, channels: 3 }))!;
    expect(top).toEqual({ y0: 0, y1: 3, x0: 0, x1: 5, c0: 0, c1: 3 });
    expect(bottom).toEqual({ y0: 3, y1: 5, x0: 0, x1: 5, c0: 0, c1: 3 });
    const [left, right] = splitRegion(bottom)!;
    expect(left).toEqual({ y0: 3, y1: 5, x0: 0, x1: 3, c0: 0, c1: 3 });
    expect(right).toEqual({ y0: 3, y1: 5, x0: 3, x1: 5, c0: 0, c1: 3 });
  });

  it('halves columns of a wide block and splits channels only within a pixel: {R, G} | {B}, then {R} | {G}', () => {
    const [left] = splitRegion(rootRegion({ height: 4, width: 7, channels: 3 }))!;
    expect(left).toEqual({ y0: 0, y1: 4, x0: 0, x1: 4, c0: 0, c1: 3 });
    const pixel = { y0: 2, y1: 3, x0: 1, x1: 2, c0: 0, c1: 3 };
    const [first, last] = splitRegion(pixel)!;
    expect(first).toEqual({ ...pixel, c1: 2 });
    expect(last).toEqual({ ...pixel, c0: 2 });
    expect(splitRegion(first)).toEqual([
      { ...pixel, c0: 0, c1: 1 },
      { ...pixel, c0: 1, c1: 2 },
    ]);
    expect(splitRegion(last)).toBeUndefined();
  });

  it('has one leaf per pixel and channel, M - 1 internal nodes and distinct keys', () => {
    const shape: ImageShape = { height: 5, width: 3, channels: 3 };
    const nodes = allNodes(rootRegion(shape));
    const leafList = leaves(rootRegion(shape));
    expect(leafList).toHaveLength(45);
    expect(leafList.every((leaf) => regionSize(leaf) === 1)).toBe(true);
    expect(nodes).toHaveLength(2 * 45 - 1);
    expect(new Set(nodes.map((n) => regionKey(n, shape))).size).toBe(nodes.length);
    const covered = new Float64Array(45);
    for (const leaf of leafList) addToRegion(covered, leaf, shape, 1);
    expect(Array.from(covered)).toEqual(Array(45).fill(1));
  });

  it('fills and adds over a block in row-major [h, w, c] order', () => {
    const shape: ImageShape = { height: 2, width: 3, channels: 2 };
    const mask = new Uint8Array(12);
    fillRegion(mask, { y0: 1, y1: 2, x0: 1, x1: 3, c0: 1, c1: 2 }, shape, 1);
    expect(Array.from(mask)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1]);
    const sums = new Float64Array(12);
    addToRegion(sums, { y0: 0, y1: 1, x0: 0, x1: 1, c0: 0, c1: 2 }, shape, 0.5);
    expect(Array.from(sums.slice(0, 3))).toEqual([0.5, 0.5, 0]);
  });
});
