import { LumenError } from '../errors.ts';
import { tf } from '../tf.ts';

/**
 * Index of a padded position in an axis of length n, reflecting without repeating the edge
 * (OpenCV's BORDER_REFLECT_101: ... 2 1 | 0 1 2 ... n-1 | n-2 ...), for any pad size.
 */
function reflect101(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const m = ((i % period) + period) % period;
  return m < n ? m : period - m;
}

function padIndices(n: number, before: number, after: number): tf.Tensor1D {
  return tf.tensor1d(
    Array.from({ length: n + before + after }, (_, i) => reflect101(i - before, n)),
    'int32',
  );
}

function asBatch(images: tf.Tensor3D | tf.Tensor4D): tf.Tensor4D {
  if (images.rank !== 3 && images.rank !== 4) {
    throw new LumenError('SHAPE_MISMATCH', `blur takes [h, w, c] or [n, h, w, c] images, got [${images.shape.join(', ')}]`);
  }
  return (images.rank === 3 ? tf.expandDims(images, 0) : images) as tf.Tensor4D;
}

/**
 * Box blur with a kx x ky window (OpenCV's `cv2.blur((kx, ky))`, as SHAP's "blur(k,k)"
 * masker): each pixel becomes the mean of the window anchored at its centre (for even sizes,
 * the extra row/column is below/right), borders reflected (BORDER_REFLECT_101).
 * Summed-area tables make the cost independent of the window size.
 */
export function boxBlur<T extends tf.Tensor3D | tf.Tensor4D>(images: T, kx: number, ky: number = kx): T {
  if (!Number.isInteger(kx) || !Number.isInteger(ky) || kx < 1 || ky < 1) {
    throw new LumenError('INVALID_PARAMS', `box blur sizes must be positive integers, got ${kx}x${ky}`);
  }
  return tf.tidy(() => {
    const batch = asBatch(images);
    const [, h, w] = batch.shape;
    const windowSum = (x: tf.Tensor4D, axis: 1 | 2, n: number, k: number): tf.Tensor4D => {
      const before = Math.floor(k / 2);
      const padded = tf.gather(x, padIndices(n, before + 1, k - 1 - before), axis);
      // With one extra leading element, sum(window) = cumsum[i + k] - cumsum[i].
      const cumulative = tf.cumsum(padded, axis);
      const upper = tf.slice(cumulative, axis === 1 ? [0, k, 0, 0] : [0, 0, k, 0], axis === 1 ? [-1, n, -1, -1] : [-1, -1, n, -1]);
      const lower = tf.slice(cumulative, [0, 0, 0, 0], axis === 1 ? [-1, n, -1, -1] : [-1, -1, n, -1]);
      return tf.sub(upper, lower);
    };
    const rows = windowSum(tf.cast(batch, 'float32') as tf.Tensor4D, 1, h, ky);
    const both = windowSum(rows, 2, w, kx);
    const out = tf.div(both, kx * ky);
    return (images.rank === 3 ? tf.squeeze(out, [0]) : out) as T;
  });
}

/** Gaussian blur with standard deviation `sigma` (pixels), kernel 2*ceil(3 sigma)+1, borders reflected. */
export function gaussianBlur<T extends tf.Tensor3D | tf.Tensor4D>(images: T, sigma: number): T {
  if (!(sigma > 0)) throw new LumenError('INVALID_PARAMS', `gaussian blur sigma must be > 0, got ${sigma}`);
  return tf.tidy(() => {
    const batch = tf.cast(asBatch(images), 'float32') as tf.Tensor4D;
    const [, h, w, c] = batch.shape;
    const radius = Math.max(1, Math.ceil(3 * sigma));
    const weights = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
    const total = weights.reduce((s, v) => s + v, 0);
    const kernel = tf.tensor1d(weights.map((v) => v / total));
    const vertical = tf.tile(tf.reshape(kernel, [2 * radius + 1, 1, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
    const horizontal = tf.tile(tf.reshape(kernel, [1, 2 * radius + 1, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
    const paddedRows = tf.gather(batch, padIndices(h, radius, radius), 1) as tf.Tensor4D;
    const blurredRows = tf.depthwiseConv2d(paddedRows, vertical, 1, 'valid');
    const paddedCols = tf.gather(blurredRows, padIndices(w, radius, radius), 2) as tf.Tensor4D;
    const out = tf.depthwiseConv2d(paddedCols, horizontal, 1, 'valid');
    return (images.rank === 3 ? tf.squeeze(out, [0]) : out) as T;
  });
}
