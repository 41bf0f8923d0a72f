import type { InputSpec } from '../model/input-spec.ts';
import type { tf } from '../tf.ts';
import { imageToTensor } from './convert.ts';
import { resizeImage } from './resize.ts';
import type { RgbImage } from './types.ts';

export interface PreparedImage {
  /** The image the model sees: at its input size, RGB. */
  image: RgbImage;
  /** `image` in image space (float 0..255, [height, width, 3]); the caller disposes it. */
  tensor: tf.Tensor3D;
}

/** Bring a decoded image to a model's input size the way its input spec says. */
export async function prepareImage(spec: Pick<InputSpec, 'height' | 'width' | 'resize'>, source: RgbImage): Promise<PreparedImage> {
  const image = await resizeImage(source, spec.width, spec.height, spec.resize, { kernel: 'linear' });
  return { image, tensor: imageToTensor(image) };
}
