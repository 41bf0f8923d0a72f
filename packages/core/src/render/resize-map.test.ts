import { describe, expect, it } from 'vitest';
import { tf } from '../tf.ts';
import { resizeMap } from './resize-map.ts';

function values(m: { data: Float32Array }): number[] {
  return Array.from(m.data, (v) => Math.round(v * 1e6) / 1e6);
}

describe('resizeMap', () => {
  it('upsamples bilinearly with half-pixel centres (like cv2.resize)', () => {
    // output x -> source (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25 -> clamped 0, 0.25, 0.75, 1
    expect(
      values(resizeMap({ width: 2, height: 1, data: Float32Array.from([0, 1]) }, 4, 1)),
    ).toEqual([0, 0.25, 0.75, 1]);
    // v = x + 2y is linear, so bilinear reproduces it at the clamped source coordinates
    const out = resizeMap({ width: 2, height: 2, data: Float32Array.from([0, 1, 2, 3]) }, 4, 4);
    const c = [0, 0.25, 0.75, 1];
    const expected = c.flatMap((y) => c.map((x) => x + 2 * y));
    expect(values(out)).toEqual(expected);
    expect([out.width, out.height]).toEqual([4, 4]);
  });

  it('downsamples by sampling at the source coordinates (no antialiasing)', () => {
    // output x -> source (x + 0.5) * 2 - 0.5 = 0.5, 2.5
    expect(
      values(resizeMap({ width: 4, height: 1, data: Float32Array.from([0, 1, 2, 3]) }, 2, 1)),
    ).toEqual([0.5, 2.5]);
  });

  it('nearest picks the source pixel under each output centre', () => {
    expect(
      values(resizeMap({ width: 2, height: 1, data: Float32Array.from([5, 7]) }, 4, 1, 'nearest')),
    ).toEqual([5, 5, 7, 7]);
    // centres 0.5, 1.5 -> source 0.75, 2.25 -> pixels 0 and 2
    expect(
      values(
        resizeMap({ width: 3, height: 1, data: Float32Array.from([1, 2, 3]) }, 2, 1, 'nearest'),
      ),
    ).toEqual([1, 3]);
  });

  it('copies when the size matches and leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const src = { width: 2, height: 1, data: Float32Array.from([1, 2]) };
    const same = resizeMap(src, 2, 1);
    expect(same.data).not.toBe(src.data);
    expect(values(same)).toEqual([1, 2]);
    resizeMap(src, 7, 5);
    resizeMap(src, 7, 5, 'nearest');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses bad sizes', () => {
    expect(() => resizeMap({ width: 1, height: 1, data: new Float32Array(1) }, 0, 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMS' }),
    );
  });
});
