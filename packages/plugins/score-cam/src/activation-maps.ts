import { tf, type ClassifierModel } from '@lumen/core';

/** A layer's activations for one image, channel by channel. */
export interface ActivationMaps {
  /** [channels, height, width], row-major: channel k's map starts at k * height * width. */
  data: Float32Array;
  channels: number;
  height: number;
  width: number;
}

export function readActivationMaps(
  model: ClassifierModel,
  image: tf.Tensor3D,
  layer: string,
): ActivationMaps {
  const maps = tf.tidy(() => {
    const captured = model.run(tf.expandDims(image, 0) as tf.Tensor4D, { capture: [layer] })
      .captured[layer] as tf.Tensor4D;
    return tf.transpose(tf.squeeze(captured, [0]), [2, 0, 1]) as tf.Tensor3D;
  });
  const [channels, height, width] = maps.shape;
  try {
    return { data: Float32Array.from(maps.dataSync()), channels, height, width };
  } finally {
    maps.dispose();
  }
}

function mapOf(maps: ActivationMaps, k: number): Float32Array {
  const size = maps.height * maps.width;
  return maps.data.subarray(k * size, (k + 1) * size);
}

function standardDeviation(values: Float32Array): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
}

/** Whether channel k's map is the same value everywhere (its mask would be empty). */
export function isConstant(maps: ActivationMaps, k: number): boolean {
  const size = maps.height * maps.width;
  const first = maps.data[k * size] as number;
  for (let i = 1; i < size; i++) if (maps.data[k * size + i] !== first) return false;
  return true;
}

/**
 * The channels to score, ascending: all of them, or the `limit` whose maps vary most (the
 * Faster Score-CAM selection), ties broken by index.
 */
export function selectChannels(maps: ActivationMaps, limit: number): number[] {
  const all = Array.from({ length: maps.channels }, (_, k) => k);
  if (limit <= 0 || limit >= maps.channels) return all;
  const spread = all.map((k) => standardDeviation(mapOf(maps, k)));
  return all
    .sort((a, b) => (spread[b] as number) - (spread[a] as number) || a - b)
    .slice(0, limit)
    .sort((a, b) => a - b);
}

/** The maps of `channels`, packed one after the other. */
export function packMaps(maps: ActivationMaps, channels: readonly number[]): Float32Array {
  const size = maps.height * maps.width;
  const packed = new Float32Array(channels.length * size);
  channels.forEach((k, i) => packed.set(maps.data.subarray(k * size, (k + 1) * size), i * size));
  return packed;
}
