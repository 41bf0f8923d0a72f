/**
 * Conv2DBackpropInput on the wasm backend, computed with wasm's own (XNNPACK) Conv2D. wasm ships
 * this kernel, but as plain loops; in a ResNet50 input-gradient pass it took ~60% of the time.
 *
 * For NHWC, stride s and top/left padding (pt, pl):
 *   dx[n, h, w, ci] = Σ_{kh, kw, co} dy[n, oh, ow, co] · W[kh, kw, ci, co]   where oh·s_h − pt + kh = h, ...
 * Insert s−1 zeros after every row/column of dy (dy↑); then
 *   dx[n, h, w, ci] = Σ dy↑[n, h + pt − kh, w + pl − kw, co] · W[kh, kw, ci, co]
 * a stride-1 convolution of dy↑ with W flipped in space and transposed to [KH, KW, Cout, Cin],
 * padded by KH−1−pt on top and KW−1−pl on the left; the bottom/right pads make exactly H×W rows
 * and columns come out.
 */
import { tf } from '../tf.ts';
import { KernelScope } from './kernel-scope.ts';

export interface InputGradPlan {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

/** The plan for the convolution trick, or why it does not apply (the original kernel runs then). */
export function planInputGradient(
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  attrs: Pick<
    tf.Conv2DBackpropInputAttrs,
    'inputShape' | 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'
  >,
): InputGradPlan | string {
  if (attrs.dataFormat === 'NCHW') return 'dataFormat NCHW (the wasm Conv2D is NHWC only)';
  if (dy.dtype !== 'float32' || filter.dtype !== 'float32')
    return `dtypes ${dy.dtype}/${filter.dtype} (float32 only)`;
  if (dy.shape.length !== 4 || filter.shape.length !== 4 || attrs.inputShape.length !== 4)
    return 'rank is not 4';
  if ([...dy.shape, ...filter.shape, ...attrs.inputShape].some((d) => d === 0))
    return 'empty tensor';
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const expected = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  if (expected.some((d, i) => d !== dy.shape[i])) {
    return `dy shape [${dy.shape.join(', ')}] does not match the convolution's output [${expected.join(', ')}]`;
  }
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** Inserts `stride − 1` zeros after every element along axis 1 (rows) or 2 (columns) of a 4-D tensor. */
function insertZeros(
  scope: KernelScope,
  x: tf.TensorInfo,
  axis: 1 | 2,
  stride: number,
): tf.TensorInfo {
  if (stride === 1) return x;
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const split = axis === 1 ? [n, h, 1, w * c] : [n * h, w, 1, c];
  const padded = scope.run(
    'PadV2',
    { x: scope.run('Reshape', { x }, { shape: split }) },
    {
      paddings: [
        [0, 0],
        [0, 0],
        [0, stride - 1],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  const shape = axis === 1 ? [n, h * stride, w, c] : [n, h, w * stride, c];
  return scope.run('Reshape', { x: padded }, { shape });
}

/** Rows [top, top + height) and columns [left, left + width) of x, zero-filled where x has none. */
function window(
  scope: KernelScope,
  x: tf.TensorInfo,
  top: number,
  left: number,
  height: number,
  width: number,
): tf.TensorInfo {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const keepHeight = Math.min(height, h - top);
  const keepWidth = Math.min(width, w - left);
  let out = x;
  if (top > 0 || left > 0 || keepHeight < h - top || keepWidth < w - left) {
    out = scope.run(
      'Slice',
      { x: out },
      { begin: [0, top, left, 0], size: [n, keepHeight, keepWidth, c] },
    );
  }
  if (keepHeight < height || keepWidth < width) {
    out = scope.run(
      'PadV2',
      { x: out },
      {
        paddings: [
          [0, 0],
          [0, height - keepHeight],
          [0, width - keepWidth],
          [0, 0],
        ],
        constantValue: 0,
      },
    );
  }
  return out;
}

/**
 * W [KH, KW, Cin, Cout] flipped in space and transposed to [KH, KW, Cout, Cin], in one pass in JS:
 * measured 3-4x faster than wasm's Reverse + Transpose kernels.
 */
function flipAndTranspose(
  scope: KernelScope,
  backend: tf.KernelBackend,
  filter: tf.TensorInfo,
): tf.TensorInfo {
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  const source = backend.readSync(filter.dataId) as Float32Array;
  const out = new Float32Array(source.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      const from = ((kh - 1 - y) * kw + (kw - 1 - x)) * ci * co;
      const to = (y * kw + x) * co * ci;
      for (let i = 0; i < ci; i++) {
        const row = from + i * co;
        for (let o = 0; o < co; o++) out[to + o * ci + i] = source[row + o] as number;
      }
    }
  }
  return scope.adopt({
    dataId: backend.write(out, [kh, kw, co, ci], 'float32'),
    shape: [kh, kw, co, ci],
    dtype: 'float32',
  });
}

/** dx for `plan` with the named backend's kernels; a TensorInfo of the input's shape owned by the caller. */
export function inputGradientByConvolution(
  backend: tf.KernelBackend,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  plan: InputGradPlan,
  backendName = 'wasm',
): tf.TensorInfo {
  const scope = new KernelScope(backend, backendName);
  let result: tf.TensorInfo | undefined;
  try {
    const kernel = flipAndTranspose(scope, backend, filter);
    if (plan.filterHeight === 1 && plan.filterWidth === 1) {
      // Each dx position takes at most one tap: convolve at dy's resolution, then spread.
      const small = scope.run(
        'Conv2D',
        { x: dy, filter: kernel },
        { strides: 1, dilations: 1, pad: 'valid', dataFormat: 'NHWC' },
      );
      const spread = insertZeros(
        scope,
        insertZeros(scope, small, 1, plan.strideHeight),
        2,
        plan.strideWidth,
      );
      result = window(scope, spread, plan.padTop, plan.padLeft, plan.inHeight, plan.inWidth);
      return result;
    }
    let spread = insertZeros(
      scope,
      insertZeros(scope, dy, 1, plan.strideHeight),
      2,
      plan.strideWidth,
    );
    const padTop = plan.filterHeight - 1 - plan.padTop;
    const padLeft = plan.filterWidth - 1 - plan.padLeft;
    const [, spreadHeight, spreadWidth] = spread.shape as [number, number, number, number];
    const padBottom = plan.inHeight + plan.filterHeight - 1 - padTop - spreadHeight;
    const padRight = plan.inWidth + plan.filterWidth - 1 - padLeft - spreadWidth;
    if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) {
      const top = Math.max(0, -padTop);
      const left = Math.max(0, -padLeft);
      spread = window(
        scope,
        spread,
        top,
        left,
        spreadHeight - top - Math.max(0, -padBottom),
        spreadWidth - left - Math.max(0, -padRight),
      );
    }
    result = scope.run(
      'Conv2D',
      { x: spread, filter: kernel },
      {
        strides: [1, 1],
        dilations: [1, 1],
        pad: [
          [0, 0],
          [Math.max(0, padTop), Math.max(0, padBottom)],
          [Math.max(0, padLeft), Math.max(0, padRight)],
          [0, 0],
        ],
        dataFormat: 'NHWC',
      },
    );
    return result;
  } finally {
    scope.release(result);
  }
}

/**
 * Builds the Conv2DBackpropInput kernel for wasm: the convolution trick when it applies,
 * `fallback` (wasm's own kernel) otherwise.
 */
export function createConv2DBackpropInputKernel(
  fallback: tf.KernelFunc,
  backendName = 'wasm',
): tf.KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs;
    if (dy === undefined || filter === undefined) return fallback(args);
    const plan = planInputGradient(
      dy,
      filter,
      args.attrs as unknown as tf.Conv2DBackpropInputAttrs,
    );
    if (typeof plan === 'string') return fallback(args);
    return inputGradientByConvolution(
      args.backend as tf.KernelBackend,
      dy,
      filter,
      plan,
      backendName,
    );
  };
}
