import { defineExplainer, resolveSpatialLayer, takeMap, targetGradients, tf, z, type AttributionMap } from '@lumen/core';

export const gradCamParams = z.object({
  layer: z
    .string()
    .min(1)
    .default('auto')
    .describe("Layer whose activations are weighted: a layer name, or 'auto' for the last convolutional layer."),
  score: z
    .enum(['probability', 'logit'])
    .default('probability')
    .describe(
      "What is differentiated: the class probability (the article's code uses the softmax output) or the pre-softmax logit (the paper's y^c).",
    ),
  relu: z.boolean().default(true).describe('Keep only positive evidence (ReLU on the weighted sum), as the paper and article do.'),
  normalize: z.boolean().default(true).describe('Divide the map by its maximum so it spans 0..1 (the article\'s step 5).'),
  upsample: z
    .enum(['bilinear', 'nearest'])
    .default('bilinear')
    .describe('How the low-resolution map is brought to the input size.'),
});

export interface GradCamExtras extends Record<string, unknown> {
  /** The layer that was used. */
  layer: string;
  /** The map at the layer's resolution, before upsampling: [height, width]. */
  lowRes: { data: Float32Array; shape: [number, number] };
  /** The largest value of the weighted sum before normalisation (0 means no positive evidence). */
  maxActivation: number;
}

export const gradCam = defineExplainer<typeof gradCamParams, GradCamExtras>({
  name: 'grad-cam',
  version: '1.0.0',
  title: 'Grad-CAM',
  description:
    'Weights the feature maps of a convolutional layer by the average gradient of the class score flowing into them, keeps the positive part and upsamples it: a coarse, class-discriminative map of where the evidence is.',
  reference: { title: 'Selvaraju et al., Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization (ICCV 2017)', url: 'https://arxiv.org/abs/1610.02391' },
  params: gradCamParams,
  requires: { gradients: true, spatialLayer: true },
  output: { kind: 'spatial', signed: false },
  check(params, model) {
    resolveSpatialLayer(model, params.layer);
  },
  cost: (_params, { targets }) => ({ forwardPasses: 2, backwardPasses: targets }),
  async explain({ image, targets }, ctx) {
    const { params, model } = ctx;
    const layer = resolveSpatialLayer(model, params.layer).name;
    const { height, width } = model.inputSpec;
    const attributions: { target: (typeof targets)[number]; map: AttributionMap; extras: GradCamExtras }[] = [];

    await ctx.forEachBatch(
      targets.length,
      (start, end) => {
        const batchTargets = targets.slice(start, end);
        const results = tf.tidy(() => {
          const images = tf.tile(tf.expandDims(image, 0), [batchTargets.length, 1, 1, 1]) as tf.Tensor4D;
          const { gradients, activations } = targetGradients(
            model,
            images,
            batchTargets.map((t) => t.index),
            { layer, output: params.score === 'logit' ? 'logits' : 'probabilities' },
          );
          const acts = activations as tf.Tensor4D;
          // alpha_k: the gradient averaged over the spatial positions of each channel.
          const weights = tf.mean(gradients, [1, 2], true);
          let cam = tf.sum(tf.mul(acts, weights), -1) as tf.Tensor3D;
          if (params.relu) cam = tf.relu(cam);
          const peak = tf.max(cam, [1, 2], true);
          const lowRes = params.normalize ? tf.div(cam, tf.maximum(peak, 1e-12)) : cam;
          const resize = params.upsample === 'nearest' ? tf.image.resizeNearestNeighbor : tf.image.resizeBilinear;
          const maps = tf.squeeze(resize(tf.expandDims(lowRes, -1) as tf.Tensor4D, [height, width], false, true), [3]);
          return batchTargets.map((_, i) => ({
            map: tf.gather(maps, i),
            low: tf.gather(lowRes, i),
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
              lowRes: { data: lowRes.data, shape: lowRes.shape as [number, number] },
              maxActivation: result.peak.dataSync()[0] as number,
            },
          });
          result.peak.dispose();
        });
      },
      { stage: 'gradients' },
    );
    return { attributions };
  },
});
