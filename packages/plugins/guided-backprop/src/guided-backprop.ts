import {
  LumenError,
  defineExplainer,
  takeMap,
  targetGradients,
  tf,
  z,
  type AttributionMap,
} from '@lumen/core';

export const guidedBackpropParams = z.object({
  objective: z
    .enum(['cross-entropy', 'score'])
    .default('cross-entropy')
    .describe(
      "What is differentiated: the article's one-hot categorical cross-entropy loss -log p_k (its gradient points away from the class), or the class score itself (the paper's choice).",
    ),
  score: z
    .enum(['logit', 'probability'])
    .default('logit')
    .describe(
      "With objective 'score': the pre-softmax logit (the paper's y^c) or the class probability. Ignored for 'cross-entropy', which is always computed from the probabilities.",
    ),
});

export type GuidedBackpropParams = z.output<typeof guidedBackpropParams>;

export interface GuidedBackpropExtras extends Record<string, unknown> {
  objective: GuidedBackpropParams['objective'];
  /** The score that was differentiated; null for the cross-entropy objective. */
  score: GuidedBackpropParams['score'] | null;
  /** The value of what was differentiated at the image: the loss -log p_k, or the score. */
  objectiveValue: number;
}

type TargetOf<T extends readonly unknown[]> = T[number];

export const guidedBackprop = defineExplainer<typeof guidedBackpropParams, GuidedBackpropExtras>({
  name: 'guided-backprop',
  version: '1.0.0',
  title: 'Guided Backpropagation',
  description:
    'The gradient of the class objective with respect to the input pixels, where every ReLU passes a gradient back only if both the gradient and the ReLU input are positive. Sharp, high-resolution edges of what drives the units, but barely class-discriminative on its own.',
  reference: {
    title:
      'Springenberg, Dosovitskiy, Brox, Riedmiller, Striving for Simplicity: The All Convolutional Net (ICLR 2015 workshop)',
    url: 'https://arxiv.org/abs/1412.6806',
  },
  params: guidedBackpropParams,
  requires: { gradients: true, guidedRelu: true },
  output: { kind: 'pixel', signed: true },
  check(params, model) {
    if (params.objective === 'score' && params.score === 'logit' && !model.hasLogits) {
      throw new LumenError(
        'REQUIREMENT_UNMET',
        `model '${model.identity.name}' ends in no softmax that can be removed, so its logits are unavailable; use score 'probability' or objective 'cross-entropy'`,
        { details: { param: 'score' } },
      );
    }
  },
  cost: (_params, { targets }) => ({ forwardPasses: targets, backwardPasses: targets }),
  async explain({ image, targets }, ctx) {
    const { params, model } = ctx;
    const output =
      params.objective === 'score' && params.score === 'logit' ? 'logits' : 'probabilities';
    const attributions: {
      target: TargetOf<typeof targets>;
      map: AttributionMap;
      extras: GuidedBackpropExtras;
    }[] = [];

    await ctx.forEachBatch(
      targets.length,
      (start, end) => {
        const batch = targets.slice(start, end);
        const indices = batch.map((t) => t.index);
        const { maps, outputs } = tf.tidy(() => {
          const images = tf.tile(tf.expandDims(image, 0), [batch.length, 1, 1, 1]) as tf.Tensor4D;
          const { gradients, outputs } = targetGradients(model, images, indices, {
            relu: 'guided',
            objective: params.objective,
            output,
          });
          return { maps: tf.unstack(gradients), outputs };
        });
        const scores = outputs.dataSync();
        outputs.dispose();
        maps.forEach((map, i) => {
          const row = scores.subarray(i * model.numClasses, (i + 1) * model.numClasses);
          const value = row[indices[i] as number] as number;
          attributions.push({
            target: batch[i] as TargetOf<typeof targets>,
            map: takeMap(map),
            extras: {
              objective: params.objective,
              score: params.objective === 'score' ? params.score : null,
              objectiveValue: params.objective === 'cross-entropy' ? crossEntropy(row, indices[i] as number, model.hasLogits) : value,
            },
          });
        });
      },
      { stage: 'gradients' },
    );
    return { attributions };
  },
});

/**
 * -log p_k as core's cross-entropy objective computes it: from the logits (log-softmax) when
 * the model has them, else from the probabilities clipped to [1e-7, 1].
 */
function crossEntropy(row: Float32Array | Int32Array | Uint8Array, k: number, fromLogits: boolean): number {
  if (!fromLogits) return -Math.log(Math.min(1, Math.max(1e-7, row[k] as number)));
  let max = -Infinity;
  for (const v of row) max = Math.max(max, v);
  let sum = 0;
  for (const v of row) sum += Math.exp(v - max);
  return -((row[k] as number) - max - Math.log(sum));
}
