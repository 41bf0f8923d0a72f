import { LumenError } from '../errors.ts';
import { tf } from '../tf.ts';
import { assertRgbImage, type RgbImage } from './types.ts';

/**
 * An RGB image as a float32 tensor of shape [height, width, 3], values 0..255
 * ("image space"). The caller owns (and disposes) the tensor.
 */
export function imageToTensor(img: RgbImage): tf.Tensor3D {
  assertRgbImage(img, 'image');
  return tf.tensor3d(Float32Array.from(img.data), [img.height, img.width, 3], 'float32');
}

/**
 * A tensor in image space back to an 8-bit RGB image: values are clipped to 0..255 and
 * rounded half up (NaN becomes 0). Accepts [h, w, 3], [h, w, 1] (grey, replicated) or a
 * batch of one, [1, h, w, c]. The tensor is not disposed.
 */
export async function tensorToImage(t: tf.Tensor): Promise<RgbImage> {
  let shape = t.shape;
  if (shape.length === 4 && shape[0] === 1) shape = shape.slice(1);
  const [height, width, channels] = shape;
  if (
    shape.length !== 3 ||
    height === undefined ||
    width === undefined ||
    (channels !== 3 && channels !== 1) ||
    height < 1 ||
    width < 1
  ) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `tensorToImage needs a tensor of shape [height, width, 3] (or [height, width, 1], or a batch of one), got [${t.shape.join(', ')}].`,
      { details: { shape: t.shape } },
    );
  }
  const values = await t.data();
  const data = new Uint8Array(height * width * 3);
  const n = height * width;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      const v = Number(values[channels === 3 ? 3 * i + c : i]);
      data[3 * i + c] = v > 0 ? (v >= 255 ? 255 : Math.floor(v + 0.5)) : 0;
    }
  }
  return { width, height, data };
}
