import { tf } from '@lumen/core';

/**
 * What all the masked images of one explanation share, kept as plain data so that nothing
 * holds a tensor between batches.
 */
export interface MaskingPlan {
  imageSize: [number, number];
  mapSize: [number, number];
  /** The low-resolution maps, [height * width] each, one after the other. */
  maps: Float32Array;
  /** The same maps with every value repeated for the three colour channels. */
  colourMaps: Float32Array;
  /** The baseline colour at every pixel, [imageHeight * imageWidth * 3]. */
  fill: Float32Array;
  /** image - fill. */
  towardsImage: Float32Array;
}

export function planMasking(
  image: tf.Tensor3D,
  baseline: readonly [number, number, number],
  maps: Float32Array,
  [height, width]: readonly [number, number],
): MaskingPlan {
  const [imageHeight, imageWidth] = image.shape;
  const [fill, towardsImage, colourMaps] = tf.tidy(() => {
    const fillImage = tf.add(
      tf.zerosLike(image),
      tf.tensor1d(baseline as [number, number, number]),
    );
    const colours = tf.matMul(tf.tensor2d(maps, [maps.length, 1]), tf.ones([1, 3]));
    return [fillImage, tf.sub(image, fillImage), colours];
  });
  try {
    return {
      imageSize: [imageHeight, imageWidth],
      mapSize: [height, width],
      maps,
      colourMaps: Float32Array.from(colourMaps.dataSync()),
      fill: Float32Array.from(fill.dataSync()),
      towardsImage: Float32Array.from(towardsImage.dataSync()),
    };
  } finally {
    tf.dispose([fill, towardsImage, colourMaps]);
  }
}

/**
 * Score-CAM's masked inputs for maps [start, end): each map is upsampled bilinearly to the image
 * and min-max normalised to 0..1 (a constant map gives an all-zero mask), and the image fades to
 * the baseline where the mask is low: fill + mask * (image - fill).
 */
export function maskedImages(plan: MaskingPlan, start: number, end: number): tf.Tensor4D {
  const count = end - start;
  const [height, width] = plan.mapSize;
  const [imageHeight, imageWidth] = plan.imageSize;
  const mapLength = height * width;
  const imageLength = imageHeight * imageWidth * 3;
  return tf.tidy(() => {
    const lowRes = tf.tensor4d(plan.maps.subarray(start * mapLength, end * mapLength), [
      count,
      height,
      width,
      1,
    ]);
    const upsampled = tf.image.resizeBilinear(lowRes, plan.imageSize, false, true);
    const lowest = tf.min(upsampled, [1, 2, 3]).dataSync();
    const highest = tf.max(upsampled, [1, 2, 3]).dataSync();
    const scale = Float32Array.from(lowest, (low, k) => {
      const range = (highest[k] as number) - low;
      return range > 0 ? 1 / range : 0;
    });
    const shift = Float32Array.from(lowest, (low, k) => -low * (scale[k] as number));
    // Bilinear weights sum to one, so normalising before upsampling gives the same masks while
    // the per-map work stays at the layer's resolution.
    const colourMaps = tf.tensor4d(
      plan.colourMaps.subarray(start * mapLength * 3, end * mapLength * 3),
      [count, height, width, 3],
    );
    const normalised = tf.add(
      tf.mul(colourMaps, tf.tensor4d(scale, [count, 1, 1, 1])),
      tf.tensor4d(shift, [count, 1, 1, 1]),
    ) as tf.Tensor4D;
    const masks = tf.reshape(tf.image.resizeBilinear(normalised, plan.imageSize, false, true), [
      count,
      imageLength,
    ]);
    // Rank-2 operands broadcast along the leading axis only: the wasm backend's fast path.
    const blended = tf.add(
      tf.mul(masks, tf.tensor2d(plan.towardsImage, [1, imageLength])),
      tf.tensor2d(plan.fill, [1, imageLength]),
    );
    return tf.reshape(blended, [count, imageHeight, imageWidth, 3]) as tf.Tensor4D;
  });
}
