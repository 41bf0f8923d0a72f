import { describe, expect, it } from 'vitest';
import { initBackend, tf } from '@lumen/core';
import { bilinearMatrix, shiftedCrops } from './upsample.ts';

describe('bilinearMatrix (half-pixel centres, mirrored borders)', () => {
  it('resizes [0, 1] to 4 samples as scikit-image order 1 / reflect does: 0.25 0.25 0.75 0.75', () => {
    const m = bilinearMatrix(2, 4);
    const out = [0, 1, 2, 3].map((u) => (m[u * 2] as number) * 0 + (m[u * 2 + 1] as number) * 1);
    expect(out).toEqual([0.25, 0.25, 0.75, 0.75].map((v) => expect.closeTo(v, 12)));
  });

  it('has rows of non-negative weights summing to one (so a mask averages to the keep probability)', () => {
    const m = bilinearMatrix(7, 80);
    for (let u = 0; u < 80; u++) {
      const row = Array.from(m.subarray(u * 7, u * 7 + 7));
      expect(row.every((v) => v >= 0)).toBe(true);
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    }
  });

  it("matches TF.js' resizeBilinear (half-pixel centres) wherever no sample leaves the grid", async () => {
    await initBackend({ prefer: 'cpu', env: {} });
    const s = 5;
    const size = 40;
    const grid = Array.from({ length: s }, (_, i) => Math.sin(i * 1.3) + i);
    const reference = tf.tidy(() =>
      tf.image.resizeBilinear(tf.tensor4d(grid, [1, s, 1, 1]), [size, 1], false, true).dataSync(),
    );
    const m = bilinearMatrix(s, size);
    const halfCell = size / s / 2;
    for (let u = 0; u < size; u++) {
      if (u + 0.5 < halfCell || u + 0.5 > size - halfCell) continue;
      const value = grid.reduce((acc, g, j) => acc + g * (m[u * s + j] as number), 0);
      expect(value).toBeCloseTo(reference[u] as number, 5);
    }
  });
});

describe('shiftedCrops', () => {
  it('crop d row r is row d + r of the (s + 1) * cell upsampling', () => {
    const s = 3;
    const cell = 4;
    const length = 10;
    const full = bilinearMatrix(s, (s + 1) * cell);
    const crops = shiftedCrops(s, cell, length);
    expect(crops.length).toBe(cell * length * s);
    for (const [d, r] of [
      [0, 0],
      [3, 9],
      [2, 5],
    ] as const) {
      const got = Array.from(crops.subarray((d * length + r) * s, (d * length + r + 1) * s));
      expect(got).toEqual(
        Array.from(full.subarray((d + r) * s, (d + r + 1) * s)).map((v) => expect.closeTo(v, 6)),
      );
    }
  });
});
