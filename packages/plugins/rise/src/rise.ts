import {
  type BaselineImage,
  baselineImage,
  baselineParam,
  baselineTensor,
  type ClassifierModel,
  defineExplainer,
  LumenError,
  tf,
  z,
} from '@lumen/core';
import { weightedMaskSum } from './accumulator.ts';
import {
  drawMasks,
  maskBatch,
  maskGeometry,
  orderByColumnShift,
  type MaskDraws,
  type MaskGeometry,
} from './masks.ts';

export const riseParams = z.object({
  numMasks: z
    .int()
    .min(1)
    .max(100_000)
    .default(1000)
    .describe(
      'How many random masks (N), one forward pass each. The paper uses 4000; fewer gives a noisier map.',
    ),
  gridSize: z
    .int()
    .min(2)
    .max(256)
    .default(7)
    .describe(
      'Side of the coarse random grid (s): each mask is s x s cells, whatever the input size. The paper uses 7 for 224x224 inputs.',
    ),
  keepProbability: z
    .number()
    .gt(0)
    .lt(1)
    .default(0.5)
    .describe('Probability that a grid cell keeps the image (p). The map is divided by N * p.'),
  baseline: baselineParam(
    'mean',
    "What a masked-out pixel becomes: a grey level in image space (0 = black, 127.5 = mid grey), 'mean' (the image's mean colour), 'blur' (the image blurred with a gaussian of blurSigma) or 'input-zero' (the colour the model's preprocessing maps to 0, as the paper's zeroed input).",
  ),
  blurSigma: z
    .union([z.literal('auto'), z.number().positive().max(1024)])
    .default('auto')
    .describe(
      "Standard deviation (pixels) of the gaussian for baseline 'blur'. 'auto' = half a grid cell.",
    ),
  output: z
    .enum(['probabilities', 'logits'])
    .default('probabilities')
    .describe(
      'The score that weights each mask: the class probability (the paper) or the pre-softmax logit.',
    ),
});

export type RiseParams = z.output<typeof riseParams>;

export interface RiseExtras extends Record<string, unknown> {
  /** The class score averaged over the masked images. */
  meanScore: number;
}

/**
 * Masks drawn, ordered and evaluated together (one ctx.predict call): bounds memory, and being
 * independent of the batch size it keeps the summation order, hence the map, identical.
 */
const MASKS_PER_CHUNK = 1024;

function checkModel(params: RiseParams, model: ClassifierModel): void {
  const { height, width } = model.inputSpec;
  if (params.output === 'logits' && !model.hasLogits) {
    throw new LumenError(
      'REQUIREMENT_UNMET',
      `model '${model.identity.name}' exposes no logits (no final softmax to remove); use output 'probabilities'`,
      { details: { param: 'output' } },
    );
  }
  if (params.gridSize > Math.min(height, width)) {
    throw new LumenError(
      'INVALID_PARAMS',
      `gridSize ${params.gridSize} is finer than model '${model.identity.name}''s ${height}x${width} input; use at most ${Math.min(height, width)}`,
      { details: { param: 'gridSize' } },
    );
  }
}

/** image * mask + baseline * (1 - mask), for masks [start, end) of the draws. */
function maskedImages(
  image: tf.Tensor3D,
  baseline: BaselineImage,
  geometry: MaskGeometry,
  draws: MaskDraws,
  start: number,
  end: number,
): tf.Tensor4D {
  const base = baselineTensor(baseline);
  return tf.add(
    base,
    tf.mul(maskBatch(geometry, draws, start, end), tf.sub(image, base)),
  ) as tf.Tensor4D;
}

export const rise = defineExplainer<typeof riseParams, RiseExtras>({
  name: 'rise',
  version: '1.0.0',
  title: 'RISE',
  description:
    'Randomized Input Sampling for Explanation: scores the image under many random smooth masks and averages the masks weighted by the class score, so regions whose presence keeps the score high light up. Model-agnostic (forward passes only); the map sharpens as the number of masks grows.',
  reference: {
    title:
      'Petsiuk, Das & Saenko, RISE: Randomized Input Sampling for Explanation of Black-box Models (BMVC 2018)',
    url: 'https://arxiv.org/abs/1806.07421',
  },
  params: riseParams,
  output: { kind: 'spatial', signed: false },
  check: checkModel,
  cost: (params) => ({ forwardPasses: params.numMasks, backwardPasses: 0 }),
  async explain({ image, targets }, ctx) {
    const { params, model } = ctx;
    const { height, width } = model.inputSpec;
    const total = params.numMasks;
    const geometry = maskGeometry(height, width, params.gridSize);
    const sigma =
      params.blurSigma === 'auto'
        ? Math.max(geometry.cellHeight, geometry.cellWidth) / 2
        : params.blurSigma;
    const baseline = baselineImage(model, image, params.baseline, sigma);
    const random = ctx.random.fork('masks');
    const sum = weightedMaskSum(geometry, targets.length);
    const scoreTotals = new Float64Array(targets.length);
    const weights = new Float64Array(targets.length);
    const classes = model.numClasses;

    for (let offset = 0; offset < total; offset += MASKS_PER_CHUNK) {
      const draws = orderByColumnShift(
        drawMasks(
          random,
          geometry,
          Math.min(MASKS_PER_CHUNK, total - offset),
          params.keepProbability,
        ),
      );
      const table = await ctx.predict(
        draws.count,
        (start, end) => maskedImages(image, baseline, geometry, draws, start, end),
        {
          output: params.output,
          offset,
          total,
          stage: 'masking',
        },
      );
      for (let i = 0; i < draws.count; i++) {
        targets.forEach((target, t) => {
          weights[t] = table[i * classes + target.index] as number;
          scoreTotals[t]! += weights[t] as number;
        });
        sum.add(draws, i, weights);
      }
    }

    const scale = 1 / (total * params.keepProbability);
    const attributions = targets.map((target, t) => ({
      target,
      map: {
        data: Float32Array.from(sum.render(t), (v) => v * scale),
        shape: [height, width] as [number, number],
      },
      signed: params.output === 'logits',
      extras: { meanScore: (scoreTotals[t] as number) / total },
    }));
    return {
      attributions,
      extras: {
        forwardPasses: total,
        gridSize: params.gridSize,
        cellSize: [geometry.cellHeight, geometry.cellWidth],
      },
    };
  },
});
