import { tf } from '../tf.ts';
import { LumenError } from '../errors.ts';
import type { DemoSample } from './dataset.ts';

/** Images as one float32 tensor [n, height, width, 3] of raw 0..255 values (image space). */
export function toBatchTensor(samples: readonly DemoSample[]): tf.Tensor4D {
  const first = samples[0];
  if (!first) throw new LumenError('INVALID_PARAMS', 'toBatchTensor needs at least one sample');
  const { width, height } = first;
  const plane = width * height * 3;
  const data = new Float32Array(samples.length * plane);
  samples.forEach((sample, n) => {
    if (sample.width !== width || sample.height !== height) {
      throw new LumenError(
        'SHAPE_MISMATCH',
        `sample ${sample.index} is ${sample.width}x${sample.height}, the batch is ${width}x${height}`,
      );
    }
    data.set(sample.image, n * plane);
  });
  return tf.tensor4d(data, [samples.length, height, width, 3], 'float32');
}

/** One-hot labels [n, classCount] (class count from the samples' options unless given). */
export function toLabelTensor(samples: readonly DemoSample[], classCount?: number): tf.Tensor2D {
  const k = classCount ?? samples[0]?.options.classes.length ?? 0;
  const data = new Float32Array(samples.length * k);
  samples.forEach((sample, n) => {
    if (sample.classIndex >= k) {
      throw new LumenError(
        'SHAPE_MISMATCH',
        `sample ${sample.index} has class ${sample.classIndex} of only ${k}`,
      );
    }
    data[n * k + sample.classIndex] = 1;
  });
  return tf.tensor2d(data, [samples.length, k], 'float32');
}
