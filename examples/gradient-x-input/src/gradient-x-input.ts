import {
  LumenError,
  defineExplainer,
  takeMap,
  targetGradients,
  tf,
  z,
  type AttributionMap,
  type Target,
} from '@lumen/core';

export const gradientXInputParams = z.object({
  score: z
    .enum(['logit', 'probability'])
    .default('logit')
    .describe(
      'What is differentiated: the pre-softmax class score (the paper) or the class probability.',
    ),
  baseline: z
    .number()
    .min(0)
    .max(255)
    .default(0)
    .describe(
      'Grey level (image space, 0..255) the input is measured from: attribution = (pixel - baseline) x gradient. 0 is black.',
    ),
  channels: z
    .enum(['sum', 'keep'])
    .default('sum')
    .describe(
      "'sum' adds the three colour channels into one signed value per pixel; 'keep' returns the H x W x 3 map.",
    ),
});

export interface GradientXInputExtras extends Record<string, unknown> {
  /** What was differentiated. */
  score: 'logit' | 'probability';
  /** The sum of the map: for a model linear in its pixels, score(image) - score(baseline image). */
  total: number;
}

export const gradientXInput = defineExplainer<typeof gradientXInputParams, GradientXInputExtras>({
  name: '@lumen-examples/gradient-x-input',
  version: '1.0.0',
  title: 'Gradient x input',
  description:
    'Multiplies each pixel, measured from a baseline grey level, by the gradient of the class score with respect to it: a first-order estimate of how much each pixel contributes to the score. One backward pass per target; signed.',
  reference: {
    title:
      'Shrikumar, Greenside, Shcherbina, Kundaje, Not Just a Black Box: Learning Important Features Through Propagating Activation Differences (2016)',
    url: 'https://arxiv.org/abs/1605.01713',
  },
  params: gradientXInputParams,
  requires: { gradients: true },
  output: { kind: 'spatial', signed: true },
  check(params, model) {
    if (params.score === 'logit' && !model.hasLogits) {
      throw new LumenError(
        'REQUIREMENT_UNMET',
        `model '${model.identity.name}' exposes no logits (its final softmax cannot be removed); use score: 'probability'`,
      );
    }
  },
  cost: (_params, { targets }) => ({ forwardPasses: targets, backwardPasses: targets }),
  async explain({ image, targets }, ctx) {
    const { params, model } = ctx;
    const attributions: { target: Target; map: AttributionMap; extras: GradientXInputExtras }[] =
      [];

    await ctx.forEachBatch(
      targets.length,
      (start, end) => {
        const batch = targets.slice(start, end);
        const maps = tf.tidy(() => {
          const images = tf.tile(tf.expandDims(image, 0), [batch.length, 1, 1, 1]) as tf.Tensor4D;
          const { gradients } = targetGradients(
            model,
            images,
            batch.map((t) => t.index),
            { output: params.score === 'logit' ? 'logits' : 'probabilities' },
          );
          const products = tf.mul(gradients, tf.sub(images, params.baseline));
          return tf.unstack(params.channels === 'sum' ? tf.sum(products, -1) : products);
        });
        maps.forEach((tensor, i) => {
          const map = takeMap(tensor);
          attributions.push({
            target: batch[i] as Target,
            map,
            extras: { score: params.score, total: map.data.reduce((sum, v) => sum + v, 0) },
          });
        });
      },
      { stage: 'gradients' },
    );
    return { attributions };
  },
});
