import { tf } from '../tf.ts';
import type { InputSpec } from './input-spec.ts';

const IMAGENET_MEAN_BGR = [103.939, 116.779, 123.68];
const IMAGENET_MEAN_RGB = [0.485, 0.456, 0.406];
const IMAGENET_STD_RGB = [0.229, 0.224, 0.225];
/** ITU-R BT.601 luma weights, as PIL's convert('L'). */
const LUMA = [0.299, 0.587, 0.114];

/** Image space (RGB 0..255) -> model input, following the input spec. Differentiable. */
export function preprocessImages(images: tf.Tensor4D, spec: InputSpec): tf.Tensor4D {
  return tf.tidy(() => {
    let x: tf.Tensor4D = tf.cast(images, 'float32');
    if (spec.channels === 1) {
      x = tf.sum(tf.mul(x, tf.tensor1d(LUMA)), -1, true) as tf.Tensor4D;
    } else if (spec.channelOrder === 'BGR' || spec.preprocess.mode === 'caffe') {
      x = tf.reverse(x, -1);
    }
    const p = spec.preprocess;
    switch (p.mode) {
      case 'none':
        return x;
      case 'tf':
        return tf.sub(tf.div(x, 127.5), 1);
      case 'caffe':
        return tf.sub(x, tf.tensor1d(spec.channels === 1 ? [LUMA.reduce((s, w, i) => s + w * (IMAGENET_MEAN_BGR[2 - i] ?? 0), 0)] : IMAGENET_MEAN_BGR));
      case 'torch': {
        const mean = spec.channels === 1 ? [0.449] : IMAGENET_MEAN_RGB;
        const std = spec.channels === 1 ? [0.226] : IMAGENET_STD_RGB;
        return tf.div(tf.sub(tf.div(x, 255), tf.tensor1d(mean)), tf.tensor1d(std));
      }
      case 'custom':
        return tf.div(tf.sub(tf.mul(x, p.scale), tf.tensor1d(p.mean)), tf.tensor1d(p.std));
    }
  });
}
