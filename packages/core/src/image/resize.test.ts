import { describe, expect, it } from 'vitest';
import { isLumenError } from '../errors.ts';
import { resizeImage } from './resize.ts';
import type { RgbImage } from './types.ts';

const R = [255, 0, 0];
const G = [0, 255, 0];
const B = [0, 0, 255];

/** 4x2, columns red, green, green, blue. */
function stripes(): RgbImage {
  const row = [...R, ...G, ...G, ...B];
  return { width: 4, height: 2, data: Uint8Array.from([...row, ...row]) };
}

function rows(img: RgbImage): number[][][] {
  const out: number[][][] = [];
  for (let y = 0; y < img.height; y++) {
    const row: number[][] = [];
    for (let x = 0; x < img.width; x++) {
      const i = 3 * (y * img.width + x);
      row.push(Array.from(img.data.subarray(i, i + 3)));
    }
    out.push(row);
  }
  return out;
}

describe('resizeImage', () => {
  it('stretch scales each axis to fill exactly', async () => {
    const wide = await resizeImage(stripes(), 8, 2, 'stretch', { kernel: 'nearest' });
    expect(rows(wide)).toEqual([
      [R, R, G, G, G, G, B, B],
      [R, R, G, G, G, G, B, B],
    ]);
    const tall = await resizeImage(stripes(), 2, 4, 'stretch', { kernel: 'nearest' });
    expect([tall.width, tall.height]).toEqual([2, 4]);
    expect(rows(tall).every((row) => row.length === 2)).toBe(true);
  });

  it('cover keeps the aspect ratio and crops the centre', async () => {
    // scale = max(2/4, 2/2) = 1, so the centre two columns (green, green) remain.
    const img = await resizeImage(stripes(), 2, 2, 'cover');
    expect(rows(img)).toEqual([
      [G, G],
      [G, G],
    ]);
  });

  it('contain keeps the aspect ratio and pads with the background', async () => {
    // scale = min(4/4, 4/2) = 1: the 4x2 image sits between one padding row above and below.
    const img = await resizeImage(stripes(), 4, 4, 'contain', { background: [9, 9, 9] });
    const P = [9, 9, 9];
    expect(rows(img)).toEqual([
      [P, P, P, P],
      [R, G, G, B],
      [R, G, G, B],
      [P, P, P, P],
    ]);
    const black = await resizeImage(stripes(), 4, 4, 'contain');
    expect(rows(black)[0]).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('downsamples smoothly with the default kernel', async () => {
    const data = new Uint8Array(64 * 64 * 3).fill(100);
    const img = await resizeImage({ width: 64, height: 64, data }, 16, 8);
    expect([img.width, img.height, img.data.length]).toEqual([16, 8, 16 * 8 * 3]);
    expect(img.data.every((v) => v === 100)).toBe(true);
  });

  it('returns a copy when the size already matches', async () => {
    const src = stripes();
    const img = await resizeImage(src, 4, 2, 'cover');
    expect(img.data).not.toBe(src.data);
    expect(Array.from(img.data)).toEqual(Array.from(src.data));
  });

  it('refuses bad sizes and malformed images', async () => {
    await expect(resizeImage(stripes(), 0, 2)).rejects.toSatisfy((e) =>
      isLumenError(e, 'INVALID_PARAMS'),
    );
    await expect(resizeImage(stripes(), 2.5, 2)).rejects.toSatisfy((e) =>
      isLumenError(e, 'INVALID_PARAMS'),
    );
    await expect(
      resizeImage({ width: 4, height: 2, data: new Uint8Array(5) }, 2, 2),
    ).rejects.toSatisfy((e) => isLumenError(e, 'SHAPE_MISMATCH'));
  });
});
