import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom, initBackend, tf } from '@lumen/core';
import { drawMasks, maskBatch, maskGeometry, orderByColumnShift } from './masks.ts';
import { weightedMaskSum } from './accumulator.ts';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', env: {} });
});

describe('RISE masks', () => {
  it('uses cells of ceil(size / s) pixels and shifts within one cell', () => {
    const geometry = maskGeometry(64, 50, 7);
    expect([geometry.cellHeight, geometry.cellWidth]).toEqual([10, 8]);
    const draws = drawMasks(createRandom(1), geometry, 500, 0.5);
    expect(Math.max(...draws.rowShifts)).toBe(9);
    expect(Math.max(...draws.colShifts)).toBe(7);
    expect(Math.min(...draws.rowShifts, ...draws.colShifts)).toBe(0);
    expect(draws.grids.every((v) => v === 0 || v === 1)).toBe(true);
    const kept = draws.grids.reduce((s, v) => s + v, 0) / draws.grids.length;
    expect(kept).toBeGreaterThan(0.47);
    expect(kept).toBeLessThan(0.53);
  });

  it('is the grid upsampled bilinearly to (s + 1) * cell and cropped at the shift', () => {
    const geometry = maskGeometry(20, 20, 4);
    const draws = drawMasks(createRandom(2), geometry, 6, 0.5);
    const masks = tf.tidy(() => maskBatch(geometry, draws, 0, 6).arraySync());
    expect(new Set(draws.colShifts).size).toBeGreaterThan(1);
    for (let i = 0; i < 6; i++) {
      const grid = tf.tensor4d(draws.grids.subarray(i * 16, i * 16 + 16), [1, 4, 4, 1]);
      const up = tf.image.resizeBilinear(grid, [25, 25], false, true);
      const reference = up.arraySync()[0] as number[][][];
      tf.dispose([grid, up]);
      const dy = draws.rowShifts[i] as number;
      const dx = draws.colShifts[i] as number;
      // TF.js clamps at the border where RISE mirrors; compare away from the upsampled edges.
      for (let y = 0; y < 20; y++) {
        for (let x = 0; x < 20; x++) {
          const [uy, ux] = [y + dy, x + dx];
          if (uy < 3 || ux < 3 || uy > 21 || ux > 21) continue;
          for (const c of [0, 1, 2])
            expect(masks[i]![y]![x]![c]).toBeCloseTo(reference[uy]![ux]![0] as number, 5);
        }
      }
    }
  });

  it('takes values in [0, 1] that average to the keep probability', () => {
    const geometry = maskGeometry(16, 16, 4);
    const draws = drawMasks(createRandom(3), geometry, 2000, 0.3);
    const [min, max, mean] = tf.tidy(() => {
      const m = maskBatch(geometry, draws, 0, 2000);
      return [
        tf.min(m).dataSync()[0],
        tf.max(m).dataSync()[0],
        tf.mean(m).dataSync()[0],
      ] as number[];
    });
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1 + 1e-6);
    expect(mean).toBeCloseTo(0.3, 2);
  });
});

describe('orderByColumnShift', () => {
  it('keeps every mask (grid and both shifts together) and sorts them by horizontal shift', () => {
    const geometry = maskGeometry(30, 30, 5);
    const draws = drawMasks(createRandom(5), geometry, 50, 0.5);
    const ordered = orderByColumnShift(draws);
    const key = (d: typeof draws, i: number) =>
      `${d.rowShifts[i]}/${d.colShifts[i]}/${Array.from(d.grids.subarray(i * 25, i * 25 + 25)).join('')}`;
    const original = Array.from({ length: 50 }, (_, i) => key(draws, i)).sort();
    expect(Array.from({ length: 50 }, (_, i) => key(ordered, i)).sort()).toEqual(original);
    expect(Array.from(ordered.colShifts)).toEqual(
      Array.from(draws.colShifts).sort((a, b) => a - b),
    );
  });
});

describe('weightedMaskSum', () => {
  it('equals sum_i w_i * mask_i computed mask by mask', () => {
    const geometry = maskGeometry(13, 11, 3);
    const count = 40;
    const draws = drawMasks(createRandom(4), geometry, count, 0.5);
    const weights = [
      Float64Array.from({ length: count }, (_, i) => Math.cos(i)),
      Float64Array.from({ length: count }, (_, i) => i / count),
    ];
    const sum = weightedMaskSum(geometry, 2);
    for (let i = 0; i < count; i++) sum.add(draws, i, [weights[0]![i]!, weights[1]![i]!]);
    for (const t of [0, 1]) {
      const expected = tf.tidy(() => {
        const masks = tf.reshape(
          tf.slice(maskBatch(geometry, draws, 0, count), [0, 0, 0, 0], [-1, -1, -1, 1]),
          [count, 13 * 11],
        );
        return tf.matMul(tf.tensor2d(Float32Array.from(weights[t]!), [1, count]), masks).dataSync();
      });
      expect(Array.from(sum.render(t))).toEqual(
        Array.from(expected).map((v) => expect.closeTo(v, 4)),
      );
    }
  });
});
