import { gaussianBlur, tf, type Random } from '@lumen/core';

/** 'black' (all zeros), 'blurred' (the image, Gaussian-blurred), 'uniform' (seeded noise 0..255), or one constant value. */
export type BaselineSpec = 'black' | 'blurred' | 'uniform' | number;

export type BaselineKind = 'black' | 'blurred' | 'uniform' | 'constant';

export function baselineKind(spec: BaselineSpec): BaselineKind {
  return typeof spec === 'number' ? 'constant' : spec;
}

/** The baseline in image space, shaped like `image`. The caller disposes it. */
export function makeBaseline(
  image: tf.Tensor3D,
  spec: BaselineSpec,
  blurSigma: number,
  random: Random,
): tf.Tensor3D {
  if (typeof spec === 'number') return tf.fill(image.shape, spec) as tf.Tensor3D;
  switch (spec) {
    case 'black':
      return tf.zerosLike(image);
    case 'blurred':
      return gaussianBlur(image, blurSigma);
    case 'uniform':
      return tf.tensor3d(random.uniformArray(image.size, 0, 255), image.shape);
  }
}
