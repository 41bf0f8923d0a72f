import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../image/types.ts';
import { renderSuperpixelMask, selectSuperpixels } from './superpixels.ts';

// 4x2 image, four segments of two pixels: row 0 = [0, 0, 1, 1], row 1 = [2, 2, 3, 3].
const segments = Int32Array.from([0, 0, 1, 1, 2, 2, 3, 3]);
const weights = [0.5, -0.9, 0.1, -0.05];

function image(): RgbImage {
  const data = new Uint8Array(24).fill(100);
  data.set([200, 150, 50], 3 * 7); // one brighter pixel: the image max is 200
  return { width: 4, height: 2, data };
}

function px(img: RgbImage, p: number): number[] {
  return Array.from(img.data.subarray(3 * p, 3 * p + 3));
}

describe('selectSuperpixels (LIME get_image_and_mask selection)', () => {
  it('positive only: top positive weights, mask 1', () => {
    const s = selectSuperpixels(segments, weights);
    expect(s.features).toEqual([
      { segment: 0, weight: 0.5 },
      { segment: 2, weight: 0.1 },
    ]);
    expect(Array.from(s.mask)).toEqual([1, 1, 0, 0, 1, 1, 0, 0]);
    expect(selectSuperpixels(segments, weights, { numFeatures: 1 }).features).toEqual([
      { segment: 0, weight: 0.5 },
    ]);
    expect(
      selectSuperpixels(segments, weights, { minWeight: 0.2 }).features.map((f) => f.segment),
    ).toEqual([0]);
  });

  it('both signs: top |weight|, mask 1 / -1', () => {
    const s = selectSuperpixels(segments, weights, { positiveOnly: false, numFeatures: 2 });
    expect(s.features.map((f) => f.segment)).toEqual([1, 0]);
    expect(Array.from(s.mask)).toEqual([1, 1, -1, -1, 0, 0, 0, 0]);
    // minWeight drops small ones, but they still use up a place among the top numFeatures
    const t = selectSuperpixels(segments, weights, {
      positiveOnly: false,
      numFeatures: 3,
      minWeight: 0.2,
    });
    expect(t.features.map((f) => f.segment)).toEqual([1, 0]);
  });

  it('negative only, Map weights, and the positive+negative conflict', () => {
    const s = selectSuperpixels(
      segments,
      new Map([
        [1, -0.9],
        [3, -0.05],
        [0, 0.5],
      ]),
      { positiveOnly: false, negativeOnly: true },
    );
    expect(s.features.map((f) => f.segment)).toEqual([1, 3]);
    expect(Array.from(s.mask)).toEqual([0, 0, 1, 1, 0, 0, 1, 1]);
    expect(() => selectSuperpixels(segments, weights, { negativeOnly: true })).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMS' }),
    );
  });
});

describe('renderSuperpixelMask', () => {
  it('positive only + hideRest keeps chosen pixels and blacks out the rest', () => {
    const out = renderSuperpixelMask(image(), segments, weights, {
      hideRest: true,
      boundaries: false,
    });
    expect([0, 1, 4, 5].map((p) => px(out, p))).toEqual([
      [100, 100, 100],
      [100, 100, 100],
      [100, 100, 100],
      [100, 100, 100],
    ]);
    expect([2, 3, 6, 7].map((p) => px(out, p))).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('both signs: green channel = image max for positive, red for negative', () => {
    const out = renderSuperpixelMask(image(), segments, weights, {
      positiveOnly: false,
      numFeatures: 2,
      boundaries: false,
    });
    expect(px(out, 0)).toEqual([100, 200, 100]); // segment 0, +0.5
    expect(px(out, 2)).toEqual([200, 100, 100]); // segment 1, -0.9
    expect(px(out, 4)).toEqual([100, 100, 100]); // segment 2: not chosen, unchanged
    expect(px(out, 7)).toEqual([200, 150, 50]);
  });

  it('outlines the chosen area inside it', () => {
    // 6x6 in four 3x3 quadrants; only the top-left one (label 0) is positive.
    const labels = new Int32Array(36);
    for (let y = 0; y < 6; y++)
      for (let x = 0; x < 6; x++) labels[y * 6 + x] = (y < 3 ? 0 : 2) + (x < 3 ? 0 : 1);
    const img = { width: 6, height: 6, data: new Uint8Array(108).fill(100) };
    const out = renderSuperpixelMask(img, labels, [1, 0, 0, 0], {
      hideRest: true,
      boundaries: { color: [1, 2, 3] },
    });
    const rows: string[] = [];
    for (let y = 0; y < 6; y++) {
      let row = '';
      for (let x = 0; x < 6; x++) {
        const [r] = px(out, y * 6 + x);
        row += r === 1 ? 'B' : r === 100 ? 'o' : '.';
      }
      rows.push(row);
    }
    expect(rows).toEqual(['ooB...', 'ooB...', 'BBB...', '......', '......', '......']);
  });

  it('refuses segments that do not cover the image', () => {
    expect(() => renderSuperpixelMask(image(), new Int32Array(3), weights)).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
  });
});
