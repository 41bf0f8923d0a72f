import { describe, expect, it } from 'vitest';
import { drawBoundaries, findBoundaries } from './boundaries.ts';

function grid(mask: Uint8Array, width: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < mask.length; i += width)
    rows.push(Array.from(mask.subarray(i, i + width)).join(''));
  return rows;
}

describe('findBoundaries / drawBoundaries', () => {
  // 4x3: two segments, label 0 on the left two columns, label 1 on the right two.
  const twoSegments = Int32Array.from([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]);

  it('thick marks both sides of the border', () => {
    expect(grid(findBoundaries(twoSegments, 4, 3, 'thick'), 4)).toEqual(['0110', '0110', '0110']);
  });

  it('inner marks only the non-background side', () => {
    expect(grid(findBoundaries(twoSegments, 4, 3, 'inner'), 4)).toEqual(['0010', '0010', '0010']);
    expect(grid(findBoundaries(twoSegments, 4, 3, 'inner', 1), 4)).toEqual([
      '0100',
      '0100',
      '0100',
    ]);
  });

  it('outlines a square on a background (4-connectivity; image edges are not borders)', () => {
    const labels = new Int32Array(25);
    for (let y = 1; y <= 3; y++) for (let x = 1; x <= 3; x++) labels[y * 5 + x] = 5;
    expect(grid(findBoundaries(labels, 5, 5, 'thick'), 5)).toEqual([
      '01110',
      '11111',
      '11011',
      '11111',
      '01110',
    ]);
    expect(grid(findBoundaries(labels, 5, 5, 'inner'), 5)).toEqual([
      '00000',
      '01110',
      '01010',
      '01110',
      '00000',
    ]);
  });

  it('paints boundary pixels and leaves the rest and the input alone', () => {
    const image = { width: 4, height: 3, data: new Uint8Array(36).fill(10) };
    const out = drawBoundaries(image, twoSegments, { color: [1, 2, 3], mode: 'inner' });
    expect(Array.from(out.data.subarray(0, 12))).toEqual([
      10, 10, 10, 10, 10, 10, 1, 2, 3, 10, 10, 10,
    ]);
    expect(image.data.every((v) => v === 10)).toBe(true);
    const yellow = drawBoundaries(image, twoSegments);
    expect(Array.from(yellow.data.subarray(3, 6))).toEqual([255, 255, 0]);
  });

  it('refuses labels of the wrong size', () => {
    const image = { width: 4, height: 3, data: new Uint8Array(36) };
    expect(() => drawBoundaries(image, new Int32Array(11))).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
  });
});
