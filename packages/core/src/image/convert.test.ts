import { describe, expect, it } from 'vitest';
import { isLumenError } from '../errors.ts';
import { tf } from '../tf.ts';
import { imageToTensor, tensorToImage } from './convert.ts';

describe('imageToTensor / tensorToImage', () => {
  it('makes a float32 [h, w, 3] tensor in 0..255 and back, without leaks', async () => {
    const before = tf.memory().numTensors;
    const img = { width: 3, height: 2, data: Uint8Array.from({ length: 18 }, (_, i) => i * 14) };
    const t = imageToTensor(img);
    expect(t.shape).toEqual([2, 3, 3]);
    expect(t.dtype).toBe('float32');
    expect(Array.from(await t.data())).toEqual(Array.from(img.data));
    const back = await tensorToImage(t);
    t.dispose();
    expect(back).toEqual({ width: 3, height: 2, data: img.data });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('clips to 0..255 and rounds half up; NaN becomes 0', async () => {
    const t = tf.tensor3d([-5, 0.5, 1.49, 254.5, 300, NaN], [1, 2, 3]);
    const img = await tensorToImage(t);
    t.dispose();
    expect(Array.from(img.data)).toEqual([0, 1, 1, 255, 255, 0]);
  });

  it('replicates a single channel and accepts a batch of one', async () => {
    const grey = tf.tensor3d([10, 20], [1, 2, 1]);
    expect(Array.from((await tensorToImage(grey)).data)).toEqual([10, 10, 10, 20, 20, 20]);
    const batch = tf.tensor4d([1, 2, 3], [1, 1, 1, 3]);
    expect(await tensorToImage(batch)).toEqual({
      width: 1,
      height: 1,
      data: Uint8Array.from([1, 2, 3]),
    });
    tf.dispose([grey, batch]);
  });

  it('refuses other shapes with SHAPE_MISMATCH', async () => {
    const t = tf.zeros([2, 2, 2]);
    await expect(tensorToImage(t)).rejects.toSatisfy((e) => isLumenError(e, 'SHAPE_MISMATCH'));
    t.dispose();
    expect(() => imageToTensor({ width: 2, height: 2, data: new Uint8Array(11) })).toThrow(
      /needs 12 bytes/,
    );
  });
});
