import {
  LumenError,
  articleNormalize,
  defineExplainer,
  resolveSpatialLayer,
  takeMap,
  targetGradients,
  tf,
  z,
  type AttributionMap,
  type ClassifierModel,
} from '@lumen/core';

export const guidedGradCamParams = z.object({
  layer: z
    .string()
    .min(1)
    .default('auto')
    .describe("Layer Grad-CAM weights: a layer name, or 'auto' for the last convolutional layer."),
  score: z
    .enum(['probability', 'logit'])
    .default('probability')
    .describe(
      "The class score Grad-CAM differentiates (and guided backprop too with objective 'score'): the class probability, as the article's code does, or the pre-softmax logit (the paper's y^c).",
    ),
  objective: z
    .enum(['score', 'cross-entropy'])
    .default('score')
    .describe(
      "What guided backprop differentiates: the class score chosen by 'score' (the paper's choice, the default), or the article's one-hot categorical cross-entropy -log p_k, whose guided gradient follows the evidence against the class.",
    ),
  rendering: z
    .enum(['signed', 'article'])
    .default('signed')
    .describe(
      "'signed': the raw product, in gradient units. 'article': the article's display normalisation over the whole map (mean 0, std 0.25, +0.5, clipped to 0..1), unsigned.",
    ),
});

export type GuidedGradCamParams = z.output<typeof guidedGradCamParams>;

export interface GuidedGradCamExtras extends Record<string, unknown> {
  /** The layer Grad-CAM used. */
  layer: string;
  /** The article's Grad-CAM heatmap at the layer's resolution: max(cam, 0) / max(cam), [height, width]. */
  lowRes: { data: Float32Array; shape: [number, number] };
  /** The largest value of the weighted sum before normalisation (0: no positive evidence, so the map is all zeros). */
  maxActivation: number;
  objective: GuidedGradCamParams['objective'];
}

type TargetOf<T extends readonly unknown[]> = T[number];

export const guidedGradCam = defineExplainer<typeof guidedGradCamParams, GuidedGradCamExtras>({
  name: 'guided-grad-cam',
  version: '1.0.0',
  title: 'Guided Grad-CAM',
  description:
    'Guided backpropagation multiplied pixel by pixel by the Grad-CAM map upsampled to the input: the fine detail of guided backprop, kept only where the class-discriminative Grad-CAM map says the evidence is.',
  reference: {
    title:
      'Selvaraju et al., Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization (ICCV 2017)',
    url: 'https://arxiv.org/abs/1610.02391',
  },
  params: guidedGradCamParams,
  requires: { gradients: true, spatialLayer: true, guidedRelu: true },
  output: { kind: 'pixel', signed: true },
  check(params, model) {
    resolveSpatialLayer(model, params.layer);
    if (params.score === 'logit' && !model.hasLogits) {
      throw new LumenError(
        'REQUIREMENT_UNMET',
        `model '${model.identity.name}' ends in no softmax that can be removed, so its logits are unavailable; use score 'probability'`,
        { details: { param: 'score' } },
      );
    }
  },
  cost: (_params, { targets }) => ({ forwardPasses: 3 * targets, backwardPasses: 2 * targets }),
  async explain({ image, targets }, ctx) {
    const { params, model } = ctx;
    const layer = resolveSpatialLayer(model, params.layer).name;
    const output = params.score === 'logit' ? 'logits' : 'probabilities';
    const { height, width } = model.inputSpec;
    const attributions: {
      target: TargetOf<typeof targets>;
      map: AttributionMap;
      signed: boolean;
      extras: GuidedGradCamExtras;
    }[] = [];

    await ctx.forEachBatch(
      targets.length,
      (start, end) => {
        const batch = targets.slice(start, end);
        const indices = batch.map((t) => t.index);
        const results = tf.tidy(() => {
          const images = tf.tile(tf.expandDims(image, 0), [batch.length, 1, 1, 1]) as tf.Tensor4D;
          const guided = targetGradients(model, images, indices, {
            relu: 'guided',
            objective: params.objective,
            output,
          }).gradients;
          const { heatmap, peak } = gradCamHeatmap(model, images, indices, layer, output);
          const upsampled = tf.squeeze(
            tf.image.resizeBilinear(
              tf.expandDims(heatmap, -1) as tf.Tensor4D,
              [height, width],
              false,
              true,
            ),
            [3],
          );
          // The article's clip(gradcam, 0, max) / max: bilinear weights are convex, so the
          // clip is a no-op, but the upsampled peak can sit below the low-resolution one.
          const gradcam = tf.divNoNan(upsampled, tf.max(upsampled, [1, 2], true));
          const maps = tf.mul(guided, tf.expandDims(gradcam, -1));
          return batch.map((_, i) => ({
            map: tf.gather(maps, i),
            low: tf.gather(heatmap, i),
            peak: tf.reshape(tf.gather(peak, i), []),
          }));
        });
        results.forEach((result, i) => {
          const target = batch[i] as TargetOf<typeof targets>;
          const low = takeMap(result.low);
          const maxActivation = result.peak.dataSync()[0] as number;
          result.peak.dispose();
          const map = takeMap(result.map);
          if (maxActivation <= 0) {
            ctx.log.warn(
              `Grad-CAM found no positive evidence for '${target.label}' at layer '${layer}'; its Guided Grad-CAM map is all zeros`,
            );
          }
          attributions.push({
            target,
            map:
              params.rendering === 'article'
                ? { data: articleNormalize(map.data), shape: map.shape }
                : map,
            signed: params.rendering === 'signed',
            extras: {
              layer,
              lowRes: { data: low.data, shape: low.shape as [number, number] },
              maxActivation,
              objective: params.objective,
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
 * The article's Grad-CAM heatmap per image: channel weights are the spatial mean of
 * d score / d activations, the map is max(sum_c w_c A_c, 0) divided by its maximum
 * (all zeros where that maximum is 0, instead of the article's 0/0).
 */
function gradCamHeatmap(
  model: ClassifierModel,
  images: tf.Tensor4D,
  indices: number[],
  layer: string,
  output: 'logits' | 'probabilities',
): { heatmap: tf.Tensor3D; peak: tf.Tensor3D } {
  const { gradients, activations } = targetGradients(model, images, indices, { layer, output });
  const weights = tf.mean(gradients, [1, 2], true);
  const cam = tf.relu(tf.sum(tf.mul(activations as tf.Tensor4D, weights), -1)) as tf.Tensor3D;
  const peak = tf.max(cam, [1, 2], true) as tf.Tensor3D;
  return { heatmap: tf.divNoNan(cam, peak) as tf.Tensor3D, peak };
}
