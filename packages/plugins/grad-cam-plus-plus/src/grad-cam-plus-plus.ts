import {
  defineExplainer,
  resolveSpatialLayer,
  takeMap,
  targetGradients,
  tf,
  z,
  type AttributionMap,
} from '@lumen/core';
import { gradCamPlusPlusWeights } from './channel-weights.ts';

export const gradCamPlusPlusParams = z.object({
  layer: z
    .string()
    .min(1)
    .default('auto')
    .describe(
      "Layer whose activations are weighted: a layer name, or 'auto' for the last convolutional layer.",
    ),
  score: z
    .enum(['logit', 'probability'])
    .default('logit')
    .describe(
      'What is differentiated: the pre-softmax class score S^c, whose exponential the alpha formula assumes (the paper and reference implementations), or the class probability. Models without removable softmax fall back to the probability, with a warning.',
    ),
  normalizeAlphas: z
    .boolean()
    .default(false)
    .describe(
      "Divide each channel's alphas by their sum over positive-gradient positions, as the authors' released code and tf-keras-vis do; off follows the paper's equation and pytorch-grad-cam.",
    ),
  relu: z
    .boolean()
    .default(true)
    .describe('Keep only positive evidence (ReLU on the weighted sum), as the paper does.'),
  normalize: z.boolean().default(true).describe('Divide the map by its maximum so it spans 0..1.'),
  upsample: z
    .enum(['bilinear', 'nearest'])
    .default('bilinear')
    .describe('How the low-resolution map is brought to the input size.'),
});

export interface GradCamPlusPlusExtras extends Record<string, unknown> {
  /** The layer that was used. */
  layer: string;
  /** What was differentiated (the probability when the model exposes no logits). */
  score: 'logit' | 'probability';
  /** w_k for every channel of the layer. */
  weights: Float32Array;
  /** The map at the layer's resolution, before upsampling: [height, width]. */
  lowRes: { data: Float32Array; shape: [number, number] };
  /** The largest value of the weighted sum before normalisation (0 means no positive evidence). */
  maxActivation: number;
}

export const gradCamPlusPlus = defineExplainer<typeof gradCamPlusPlusParams, GradCamPlusPlusExtras>(
  {
    name: 'grad-cam-plus-plus',
    version: '1.0.0',
    title: 'Grad-CAM++',
    description:
      'Weights the feature maps of a convolutional layer with pixel-wise coefficients built from higher-order derivatives of an exponential class score, so that every region with positive evidence counts, not only the largest: better maps when a class appears several times or over a wide area.',
    reference: {
      title:
        'Chattopadhay et al., Grad-CAM++: Generalized Gradient-Based Visual Explanations for Deep Convolutional Networks (WACV 2018)',
      url: 'https://arxiv.org/abs/1710.11063',
    },
    params: gradCamPlusPlusParams,
    requires: { gradients: true, spatialLayer: true },
    output: { kind: 'spatial', signed: false },
    check(params, model) {
      resolveSpatialLayer(model, params.layer);
    },
    cost: (_params, { targets }) => ({ forwardPasses: 2 * targets, backwardPasses: targets }),
    async explain({ image, targets }, ctx) {
      const { params, model } = ctx;
      const layer = resolveSpatialLayer(model, params.layer).name;
      const score = params.score === 'logit' && !model.hasLogits ? 'probability' : params.score;
      if (score !== params.score) {
        ctx.log.warn(
          `model '${model.identity.name}' exposes no logits; differentiating the class probability, which the Grad-CAM++ alphas do not assume`,
        );
      }
      const { height, width } = model.inputSpec;
      const attributions: {
        target: (typeof targets)[number];
        map: AttributionMap;
        extras: GradCamPlusPlusExtras;
      }[] = [];

      await ctx.forEachBatch(
        targets.length,
        (start, end) => {
          const batchTargets = targets.slice(start, end);
          const results = tf.tidy(() => {
            const images = tf.tile(tf.expandDims(image, 0), [
              batchTargets.length,
              1,
              1,
              1,
            ]) as tf.Tensor4D;
            const { gradients, activations } = targetGradients(
              model,
              images,
              batchTargets.map((t) => t.index),
              { layer, output: score === 'logit' ? 'logits' : 'probabilities' },
            );
            const acts = activations as tf.Tensor4D;
            const weights = gradCamPlusPlusWeights(gradients as tf.Tensor4D, acts, {
              normalizeAlphas: params.normalizeAlphas,
            });
            let cam = tf.sum(tf.mul(acts, weights), -1) as tf.Tensor3D;
            if (params.relu) cam = tf.relu(cam);
            const peak = tf.max(cam, [1, 2], true);
            const lowRes = params.normalize ? tf.div(cam, tf.maximum(peak, 1e-12)) : cam;
            const resize =
              params.upsample === 'nearest'
                ? tf.image.resizeNearestNeighbor
                : tf.image.resizeBilinear;
            const maps = tf.squeeze(
              resize(tf.expandDims(lowRes, -1) as tf.Tensor4D, [height, width], false, true),
              [3],
            );
            const channelWeights = tf.reshape(weights, [batchTargets.length, -1]);
            return batchTargets.map((_, i) => ({
              map: tf.gather(maps, i),
              low: tf.gather(lowRes, i),
              weights: tf.gather(channelWeights, i),
              peak: tf.reshape(tf.gather(peak, i), []),
            }));
          });
          results.forEach((result, i) => {
            const lowRes = takeMap(result.low);
            attributions.push({
              target: batchTargets[i] as (typeof targets)[number],
              map: takeMap(result.map),
              extras: {
                layer,
                score,
                weights: Float32Array.from(result.weights.dataSync()),
                lowRes: { data: lowRes.data, shape: lowRes.shape as [number, number] },
                maxActivation: result.peak.dataSync()[0] as number,
              },
            });
            tf.dispose([result.weights, result.peak]);
          });
        },
        { stage: 'gradients' },
      );
      return { attributions };
    },
  },
);
