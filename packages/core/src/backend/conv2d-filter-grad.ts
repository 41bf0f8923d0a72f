/**
 * Conv2DBackpropFilter on the wasm backend, computed with wasm's own (XNNPACK) Conv2D.
 *
 * For NHWC, stride s, dilation d and top/left padding (pt, pl):
 *   dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·s_h + kh·d_h − pt, ow·s_w + kw·d_w − pl, ci] · dy[n, oh, ow, co]
 * which is itself a convolution: take x' = x transposed to [Cin, H, W, N] (input channels act as
 * the batch, the batch acts as channels) and the filter f' = dy transposed to [OH, OW, N, Cout].
 * Then conv2d(x', f') with stride d, dilation s and padding (pt, pl) yields [Cin, KH, KW, Cout],
 * transposed back to [KH, KW, Cin, Cout]. Bottom/right padding is chosen so that exactly KH×KW
 * positions come out; rows/columns the forward pass never read are sliced off instead.
 * Stride > 1 together with dilation > 1 needs no fallback: the tfjs conv2d op forbids that pair,
 * but wasm's Conv2D kernel (XNNPACK) computes it correctly (tested against the definition).
 */
import { tf } from '../tf.ts';
import { KernelScope } from './kernel-scope.ts';

export interface FilterGradPlan {
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
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
}

type Pair = [number, number];

function pair(value: number | Pair): Pair {
  return typeof value === 'number' ? [value, value] : value;
}

/**
 * The plan for the convolution trick, or a reason why it does not apply (the caller then uses
 * the bridge to the cpu kernel).
 */
export function planFilterGradient(
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  attrs: {
    filterShape: number[];
    strides: number | Pair;
    pad: tf.Conv2DBackpropFilterAttrs['pad'];
    dataFormat?: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    dilations?: number | Pair;
  },
): FilterGradPlan | string {
  if (attrs.dataFormat === 'NCHW') return 'dataFormat NCHW (the wasm Conv2D is NHWC only)';
  if (x.dtype !== 'float32' || dy.dtype !== 'float32')
    return `dtypes ${x.dtype}/${dy.dtype} (float32 only)`;
  if (x.shape.length !== 4 || dy.shape.length !== 4 || attrs.filterShape.length !== 4)
    return 'rank is not 4';
  if ([...x.shape, ...dy.shape].some((d) => d === 0)) return 'empty tensor';
  const [filterHeight, filterWidth, inChannels, outChannels] = attrs.filterShape as [
    number,
    number,
    number,
    number,
  ];
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape as [number, number, number, number],
    pair(attrs.strides),
    pair(attrs.dilations ?? 1),
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const expected = [info.batchSize, info.outHeight, info.outWidth, outChannels];
  if (expected.some((d, i) => d !== dy.shape[i]) || info.inChannels !== inChannels) {
    return `dy shape [${dy.shape.join(', ')}] does not match the convolution's output [${expected.join(', ')}]`;
  }
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels,
    filterHeight,
    filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/**
 * dW for `plan`, computed with the named backend's Transpose/Reshape/Slice/Conv2D kernels.
 * Returns a TensorInfo of shape [KH, KW, Cin, Cout] owned by the caller.
 */
export function filterGradientByConvolution(
  backend: tf.KernelBackend,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  plan: FilterGradPlan,
  backendName = 'wasm',
): tf.TensorInfo {
  const scope = new KernelScope(backend, backendName);
  let result: tf.TensorInfo | undefined;
  try {
    if (
      plan.filterHeight === 1 &&
      plan.filterWidth === 1 &&
      plan.padTop === 0 &&
      plan.padLeft === 0
    ) {
      result = pointwiseFilterGradient(scope, x, dy, plan);
      return result;
    }
    let input = scope.permute(x, [3, 1, 2, 0]);
    const filter = scope.permute(dy, [1, 2, 0, 3]);
    const spanHeight =
      (plan.filterHeight - 1) * plan.dilationHeight + (plan.outHeight - 1) * plan.strideHeight + 1;
    const spanWidth =
      (plan.filterWidth - 1) * plan.dilationWidth + (plan.outWidth - 1) * plan.strideWidth + 1;
    const padBottom = spanHeight - plan.padTop - plan.inHeight;
    const padRight = spanWidth - plan.padLeft - plan.inWidth;
    if (padBottom < 0 || padRight < 0) {
      input = scope.run(
        'Slice',
        { x: input },
        {
          begin: [0, 0, 0, 0],
          size: [
            plan.inChannels,
            plan.inHeight + Math.min(0, padBottom),
            plan.inWidth + Math.min(0, padRight),
            plan.batch,
          ],
        },
      );
    }
    const correlated = scope.run(
      'Conv2D',
      { x: input, filter },
      {
        strides: [plan.dilationHeight, plan.dilationWidth],
        dilations: [plan.strideHeight, plan.strideWidth],
        pad: [
          [0, 0],
          [plan.padTop, Math.max(0, padBottom)],
          [plan.padLeft, Math.max(0, padRight)],
          [0, 0],
        ],
        dataFormat: 'NHWC',
      },
    );
    result = scope.permute(correlated, [1, 2, 0, 3]);
    return result;
  } finally {
    scope.release(result);
  }
}

/**
 * 1x1 filters: dW = x_sampledᵀ · dy over all N·OH·OW positions, a single 1x1 convolution with the
 * positions as channels. The general trick would use the batch (usually 1) as channels instead,
 * which XNNPACK runs several times slower.
 */
function pointwiseFilterGradient(
  scope: KernelScope,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  plan: FilterGradPlan,
): tf.TensorInfo {
  let sampled = x;
  if (
    plan.strideHeight > 1 ||
    plan.strideWidth > 1 ||
    plan.outHeight < plan.inHeight ||
    plan.outWidth < plan.inWidth
  ) {
    sampled = scope.run(
      'StridedSlice',
      { x },
      {
        begin: [0, 0, 0, 0],
        end: [
          plan.batch,
          (plan.outHeight - 1) * plan.strideHeight + 1,
          (plan.outWidth - 1) * plan.strideWidth + 1,
          plan.inChannels,
        ],
        strides: [1, plan.strideHeight, plan.strideWidth, 1],
        beginMask: 0,
        endMask: 0,
        ellipsisMask: 0,
        newAxisMask: 0,
        shrinkAxisMask: 0,
      },
    );
  }
  const positions = plan.batch * plan.outHeight * plan.outWidth;
  const input = scope.run(
    'Reshape',
    { x: scope.permute(sampled, [3, 0, 1, 2]) },
    { shape: [plan.inChannels, 1, 1, positions] },
  );
  const filter = scope.run('Reshape', { x: dy }, { shape: [1, 1, positions, plan.outChannels] });
  const product = scope.run(
    'Conv2D',
    { x: input, filter },
    { strides: 1, dilations: 1, pad: 'valid', dataFormat: 'NHWC' },
  );
  return scope.run('Reshape', { x: product }, { shape: [1, 1, plan.inChannels, plan.outChannels] });
}

/**
 * Builds the Conv2DBackpropFilter kernel for wasm: the convolution trick when it applies,
 * `fallback` (the bridge to the cpu kernel) otherwise.
 */
export function createConv2DBackpropFilterKernel(
  fallback: tf.KernelFunc,
  backendName = 'wasm',
): tf.KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs;
    if (x === undefined || dy === undefined) return fallback(args);
    const plan = planFilterGradient(x, dy, args.attrs as unknown as tf.Conv2DBackpropFilterAttrs);
    if (typeof plan === 'string') return fallback(args);
    return filterGradientByConvolution(args.backend as tf.KernelBackend, x, dy, plan, backendName);
  };
}
