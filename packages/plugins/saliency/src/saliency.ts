import { defineExplainer, takeMap, targetGradients, tf, z, type AttributionMap } from '@lumen/core';

export const saliencyParams = z.object({
  score: z
    .enum(['logit', 'probability'])
    .default('logit')
    .describe('What is differentiated: the pre-softmax class score (the paper) or the class probability.'),
  reduce: z
    .enum(['max-abs', 'abs-sum', 'l2', 'none'])
    .default('max-abs')
    .describe(
      "How the three colour channels become one value per pixel: the paper's maximum of absolute values, their sum, their L2 norm, or 'none' to keep the signed H x W x 3 gradient.",
    ),
});

export const saliency = defineExplainer({
  name: 'saliency',
  version: '1.0.0',
  title: 'Vanilla gradient saliency',
  description:
    'The gradient of the class score with respect to each input pixel: which pixels would change the score most if nudged. Fine-grained and cheap (one backward pass), but noisy and not class-discriminative on its own.',
  reference: {
    title: 'Simonyan, Vedaldi, Zisserman, Deep Inside Convolutional Networks: Visualising Image Classification Models and Saliency Maps (ICLR 2014 workshop)',
    url: 'https://arxiv.org/abs/1312.6034',
  },
  params: saliencyParams,
  requires: { gradients: true },
  output: { kind: 'spatial', signed: false },
  cost: (_params, { targets }) => ({ forwardPasses: 1, backwardPasses: targets }),
  async explain({ image, targets }, ctx) {
    const { params, model } = ctx;
    const useLogits = params.score === 'logit' && model.hasLogits;
    if (params.score === 'logit' && !useLogits) {
      ctx.log.warn(`model '${model.identity.name}' exposes no logits; differentiating the class probability instead`);
    }
    const attributions: {
      target: (typeof targets)[number];
      map: AttributionMap;
      signed: boolean;
      extras: { score: 'logit' | 'probability' };
    }[] = [];
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
            { output: useLogits ? 'logits' : 'probabilities' },
          );
          switch (params.reduce) {
            case 'max-abs':
              return tf.max(tf.abs(gradients), -1);
            case 'abs-sum':
              return tf.sum(tf.abs(gradients), -1);
            case 'l2':
              return tf.sqrt(tf.sum(tf.square(gradients), -1));
            case 'none':
              return gradients;
          }
        });
        const perImage = tf.unstack(maps);
        maps.dispose();
        perImage.forEach((map, i) => {
          attributions.push({
            target: batch[i] as (typeof targets)[number],
            map: takeMap(map),
            signed: params.reduce === 'none',
            extras: { score: useLogits ? 'logit' : 'probability' },
          });
        });
      },
      { stage: 'gradients' },
    );
    return { attributions };
  },
});
