import { inputZeroColour, tf, type ClassifierModel } from '@lumen/core';

export type BaselineKind = 'input-zero' | 'black' | 'mean';

/**
 * The image-space colour that masked-out pixels fade to: the masked image is
 * baseline + mask * (image - baseline).
 */
export function baselineColour(
  model: ClassifierModel,
  image: tf.Tensor3D,
  kind: BaselineKind,
): [number, number, number] {
  switch (kind) {
    case 'black':
      return [0, 0, 0];
    case 'mean':
      return tf.tidy(
        () => Array.from(tf.mean(image, [0, 1]).dataSync()) as [number, number, number],
      );
    case 'input-zero':
      return inputZeroColour(model);
  }
}
