import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '@lumen/core';
import { maskedImages, planMasking } from './masks.ts';

/** Bilinear resize with half-pixel centres (TF's resize_bilinear, half_pixel_centers=True), by hand. */
function resizeBilinear(
  map: number[],
  [h, w]: [number, number],
  [outH, outW]: [number, number],
): number[] {
  const sample = (outIndex: number, outSize: number, inSize: number) => {
    const at = Math.max(0, ((outIndex + 0.5) * inSize) / outSize - 0.5);
    const low = Math.floor(at);
    return { low, high: Math.min(low + 1, inSize - 1), t: at - low };
  };
  const out: number[] = [];
  for (let y = 0; y < outH; y++) {
    const r = sample(y, outH, h);
    for (let x = 0; x < outW; x++) {
      const c = sample(x, outW, w);
      const at = (row: number, col: number) => map[row * w + col]!;
      const top = at(r.low, c.low) + (at(r.low, c.high) - at(r.low, c.low)) * c.t;
      const bottom = at(r.high, c.low) + (at(r.high, c.high) - at(r.high, c.low)) * c.t;
      out.push(top + (bottom - top) * r.t);
    }
  }
  return out;
}

describe('maskedImages', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm', env: {} });
  });

  const maps = [
    [0, 1, 4, 2, 3, 0.5],
    [7, 7, 7, 7, 7, 7],
    [-2, 0, 2, 1, -1, 0],
  ];
  const picture = Array.from({ length: 4 * 6 * 3 }, (_, i) => (i * 37) % 256);
  const fill = [127.5, 20, 200] as const;

  it('fades the image to the baseline outside each upsampled, min-max normalised map', () => {
    const before = tf.memory().numTensors;
    const image = tf.tensor3d(picture, [4, 6, 3]);
    const batch = maskedImages(
      planMasking(image, fill, Float32Array.from(maps.flat()), [2, 3]),
      0,
      3,
    );
    expect(batch.shape).toEqual([3, 4, 6, 3]);
    const got = Array.from(batch.dataSync());
    tf.dispose([image, batch]);
    expect(tf.memory().numTensors).toBe(before);

    maps.forEach((map, k) => {
      const up = resizeBilinear(map, [2, 3], [4, 6]);
      const lo = Math.min(...up);
      const range = Math.max(...up) - lo;
      const expected = picture.map((v, i) => {
        const m = range > 0 ? (up[Math.floor(i / 3)]! - lo) / range : 0;
        return fill[i % 3]! + m * (v - fill[i % 3]!);
      });
      expect(got.slice(k * 72, (k + 1) * 72)).toEqual(expected.map((v) => expect.closeTo(v, 3)));
    });
  });

  it('keeps the image whole where the mask is 1 and gives the bare baseline for a constant map', () => {
    const image = tf.tensor3d(picture, [4, 6, 3]);
    const batch = maskedImages(
      planMasking(image, fill, Float32Array.from(maps.flat()), [2, 3]),
      0,
      2,
    );
    const got = Array.from(batch.dataSync());
    tf.dispose([image, batch]);
    const whole = got.slice(0, 72).filter((v, i) => Math.abs(v - picture[i]!) < 1e-3).length;
    expect(whole).toBeGreaterThan(0);
    expect(got.slice(72)).toEqual(picture.map((_, i) => fill[i % 3]));
  });

  it('makes any slice of the maps the same as the whole batch would', () => {
    const image = tf.tensor3d(picture, [4, 6, 3]);
    const plan = planMasking(image, fill, Float32Array.from(maps.flat()), [2, 3]);
    const whole = maskedImages(plan, 0, 3);
    const tail = maskedImages(plan, 1, 3);
    expect(tail.shape).toEqual([2, 4, 6, 3]);
    expect(Array.from(tail.dataSync())).toEqual(Array.from(whole.dataSync()).slice(72));
    tf.dispose([image, whole, tail]);
  });
});
