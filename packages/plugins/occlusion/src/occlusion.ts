import {
  baselineImage,
  baselineParam,
  baselineTensor,
  type ClassifierModel,
  defineExplainer,
  LumenError,
  tf,
  z,
} from '@lumen/core';
import {
  averageOverWindows,
  windowBounds,
  windowCount,
  windowGrid,
  type WindowGrid,
} from './windows.ts';

export const occlusionParams = z
  .object({
    window: z
      .int()
      .min(1)
      .max(4096)
      .default(8)
      .describe(
        "Side of the square occluding patch, in pixels (Captum's sliding_window_shapes = (3, window, window)). 8 suits 64x64 inputs; scale it with the input (about an eighth of the side).",
      ),
    stride: z
      .union([z.literal('auto'), z.int().min(1).max(4096)])
      .default('auto')
      .describe(
        "Step between window positions, in pixels (Captum's strides); at most the window. 'auto' = half the window (rounded down).",
      ),
    baseline: baselineParam(
      'mean',
      "What an occluded pixel becomes: a grey level in image space (0 = black, 127.5 = mid grey), 'mean' (the image's mean colour), 'blur' (the image blurred with a gaussian of blurSigma) or 'input-zero' (the colour the model's preprocessing maps to 0, as Captum's baselines=0).",
    ),
    blurSigma: z
      .union([z.literal('auto'), z.number().positive().max(1024)])
      .default('auto')
      .describe(
        "Standard deviation (pixels) of the gaussian for baseline 'blur'. 'auto' = half the window.",
      ),
    output: z
      .enum(['probabilities', 'logits'])
      .default('probabilities')
      .describe(
        'The score whose drop is measured: the class probability or the pre-softmax logit.',
      ),
  })
  .refine((p) => p.stride === 'auto' || p.stride <= p.window, {
    message: 'stride must not exceed the window, or some pixels would never be occluded',
    path: ['stride'],
  });

export type OcclusionParams = z.output<typeof occlusionParams>;

export interface OcclusionExtras extends Record<string, unknown> {
  /** The class score on the unoccluded image. */
  score: number;
  /** The largest score drop any single window caused. */
  maxDrop: number;
}

/** Score-table rows per ctx.predict call: bounds memory for models with many classes. */
const ROWS_PER_CALL = 1024;

export const strideOf = (params: OcclusionParams): number =>
  params.stride === 'auto' ? Math.max(1, Math.floor(params.window / 2)) : params.stride;

export function occlusionGrid(params: OcclusionParams, height: number, width: number): WindowGrid {
  return windowGrid(height, width, params.window, strideOf(params));
}

function checkModel(params: OcclusionParams, model: ClassifierModel): void {
  const { height, width } = model.inputSpec;
  if (params.output === 'logits' && !model.hasLogits) {
    throw new LumenError(
      'REQUIREMENT_UNMET',
      `model '${model.identity.name}' exposes no logits (no final softmax to remove); use output 'probabilities'`,
      { details: { param: 'output' } },
    );
  }
  if (params.window > Math.min(height, width)) {
    throw new LumenError(
      'INVALID_PARAMS',
      `window ${params.window} does not fit model '${model.identity.name}', whose input is ${height}x${width}; use a window of at most ${Math.min(height, width)}`,
      { details: { param: 'window' } },
    );
  }
}

/** Images [start, end) of the sequence: 0 is the image itself, 1 + w is the image with window w occluded. */
function occludedImages(
  image: tf.Tensor3D,
  baseline: tf.Tensor3D,
  grid: WindowGrid,
  start: number,
  end: number,
): tf.Tensor4D {
  const { height, width } = grid;
  const n = end - start;
  const inRows = new Float32Array(n * height);
  const inColumns = new Float32Array(n * width * 3);
  for (let i = 0; i < n; i++) {
    if (start + i === 0) continue;
    const b = windowBounds(grid, start + i - 1);
    inRows.fill(1, i * height + b.top, i * height + b.bottom);
    inColumns.fill(1, (i * width + b.left) * 3, (i * width + b.right) * 3);
  }
  // An outer product per image; the channel axis is folded into the columns, because
  // broadcasting a size-1 last axis is slow on the wasm backend.
  const occluded = tf.reshape(
    tf.mul(tf.tensor3d(inRows, [n, height, 1]), tf.tensor3d(inColumns, [n, 1, width * 3])),
    [n, height, width, 3],
  );
  return tf.add(image, tf.mul(occluded, tf.sub(baseline, image))) as tf.Tensor4D;
}

export const occlusion = defineExplainer<typeof occlusionParams, OcclusionExtras>({
  name: 'occlusion',
  version: '1.0.0',
  title: 'Occlusion',
  description:
    'Slides a patch over the image, replaces what it covers with a baseline, and records how much the class score drops; each pixel gets the average drop of the windows covering it. Model-agnostic (forward passes only) and easy to read, at the cost of one forward pass per window position.',
  reference: {
    title: 'Zeiler & Fergus, Visualizing and Understanding Convolutional Networks (ECCV 2014)',
    url: 'https://arxiv.org/abs/1311.2901',
  },
  params: occlusionParams,
  output: { kind: 'spatial', signed: true },
  check: checkModel,
  cost(params, { model }) {
    // Without the model, assume the usual 224x224 classifier input.
    const { height, width } = model?.inputSpec ?? { height: 224, width: 224 };
    const fits = params.window <= Math.min(height, width);
    return {
      forwardPasses: fits ? windowCount(occlusionGrid(params, height, width)) + 1 : 0,
      backwardPasses: 0,
    };
  },
  async explain({ image, targets }, ctx) {
    const { params, model } = ctx;
    const { height, width } = model.inputSpec;
    const grid = occlusionGrid(params, height, width);
    const windows = windowCount(grid);
    const total = windows + 1;
    const sigma = params.blurSigma === 'auto' ? params.window / 2 : params.blurSigma;
    const baseline = baselineImage(model, image, params.baseline, sigma);

    const classes = model.numClasses;
    const scores = targets.map(() => new Float32Array(total));
    const rowsPerCall = Math.max(1, Math.floor(ROWS_PER_CALL / ctx.batchSize)) * ctx.batchSize;
    for (let offset = 0; offset < total; offset += rowsPerCall) {
      const count = Math.min(rowsPerCall, total - offset);
      const table = await ctx.predict(
        count,
        (start, end) =>
          occludedImages(image, baselineTensor(baseline), grid, offset + start, offset + end),
        { output: params.output, offset, total, stage: 'occluding' },
      );
      targets.forEach((target, t) => {
        const column = scores[t] as Float32Array;
        for (let row = 0; row < count; row++)
          column[offset + row] = table[row * classes + target.index] as number;
      });
    }

    const attributions = targets.map((target, t) => {
      const column = scores[t] as Float32Array;
      const score = column[0] as number;
      const drops = new Float64Array(windows);
      for (let w = 0; w < windows; w++) drops[w] = score - (column[w + 1] as number);
      return {
        target,
        map: { data: averageOverWindows(grid, drops), shape: [height, width] as [number, number] },
        extras: { score, maxDrop: drops.reduce((m, v) => Math.max(m, v), -Infinity) },
      };
    });
    return {
      attributions,
      extras: {
        windows,
        forwardPasses: total,
        window: params.window,
        stride: strideOf(params),
        rows: grid.rowStarts.length,
        cols: grid.colStarts.length,
      },
    };
  },
});
