import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../tf.ts';
import { boxBlur, gaussianBlur } from './blur.ts';

describe('blur', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('box-blurs a row like cv2.blur with BORDER_REFLECT_101 (odd and even windows)', () => {
    // One row, 5 pixels, 1 channel: x = [0, 10, 20, 30, 40]; reflect-101 pads as ... 10 | 0 .. 40 | 30 ...
    const x = tf.tensor3d([0, 10, 20, 30, 40], [1, 5, 1]);
    const odd = boxBlur(x, 3, 1);
    expect(Array.from(odd.dataSync())).toEqual([(10 + 0 + 10) / 3, 10, 20, 30, (30 + 40 + 30) / 3].map((v) => expect.closeTo(v, 4)));
    // k=4: anchor 2, window [i-2, i+1]
    const even = boxBlur(x, 4, 1);
    expect(Array.from(even.dataSync())).toEqual(
      [(20 + 10 + 0 + 10) / 4, (10 + 0 + 10 + 20) / 4, (0 + 10 + 20 + 30) / 4, (10 + 20 + 30 + 40) / 4, (20 + 30 + 40 + 30) / 4].map((v) => expect.closeTo(v, 4)),
    );
    tf.dispose([x, odd, even]);
  });

  it('handles windows larger than the image by repeated reflection', () => {
    const x = tf.tensor3d([1, 2], [1, 2, 1]);
    const out = boxBlur(x, 5, 1); // reflect-101 of [1,2]: ...1 2 1 2 1 2...
    expect(Array.from(out.dataSync())).toEqual([(1 + 2 + 1 + 2 + 1) / 5, (2 + 1 + 2 + 1 + 2) / 5].map((v) => expect.closeTo(v, 5)));
    tf.dispose([x, out]);
  });

  it('keeps a constant image constant and preserves the mean of a gaussian-blurred one', () => {
    const constant = tf.fill([2, 6, 7, 3], 42) as tf.Tensor4D;
    const box = boxBlur(constant, 3, 5);
    const gauss = gaussianBlur(constant, 1.5);
    expect(Array.from(box.dataSync()).every((v) => Math.abs(v - 42) < 1e-3)).toBe(true);
    expect(Array.from(gauss.dataSync()).every((v) => Math.abs(v - 42) < 1e-3)).toBe(true);
    expect(gauss.shape).toEqual([2, 6, 7, 3]);
    tf.dispose([constant, box, gauss]);
  });

  it('spreads an impulse into a normalised gaussian bump', () => {
    const impulse = tf.buffer([1, 9, 9, 1]);
    impulse.set(1, 0, 4, 4, 0);
    const blurred = gaussianBlur(impulse.toTensor() as tf.Tensor4D, 1);
    const v = blurred.dataSync();
    const sum = Array.from(v).reduce((s, x) => s + x, 0);
    expect(sum).toBeCloseTo(1, 4);
    expect(v[4 * 9 + 4]! / v[4 * 9 + 5]!).toBeCloseTo(Math.exp(0.5), 2);
    blurred.dispose();
  });
});
