import {
  LumenError,
  defineExplainer,
  segmentCount,
  segmentImage,
  tf,
  type AttributionMap,
  type Target,
} from '@lumen/core';
import { exponentialKernel, sampleDistances } from './kernel.ts';
import { limeParams } from './params.ts';
import { drawSamples, hiddenImage, perturbedImages } from './sampling.ts';
import { fitSurrogate } from './surrogate.ts';
import { explanationWeights, limeView, type LimeView } from './view.ts';
import { WeightedDesign } from './weighted-design.ts';

export interface LimeExtras extends Record<string, unknown> {
  /** The superpixel label of every pixel, row-major, 0..numSegments-1 (shared by all targets). */
  segments: Int32Array;
  numSegments: number;
  /** The surrogate's coefficient for each superpixel, by label; 0 for superpixels feature selection left out. */
  weights: Float32Array;
  /** The superpixels in the surrogate, by decreasing |weight| (lime's local_exp order). */
  features: Int32Array;
  intercept: number;
  /** Weighted R^2 of the surrogate on the samples. */
  score: number;
  /** The surrogate's prediction for the original image. */
  localPrediction: number;
  /** The model's score for this class on the original image, for comparison with localPrediction. */
  modelPrediction: number;
  /** What get_image_and_mask shows with the run's view params. */
  view: LimeView;
}

export const lime = defineExplainer<typeof limeParams, LimeExtras>({
  name: 'lime',
  version: '1.0.0',
  title: 'LIME (image)',
  description:
    'Cuts the image into superpixels, evaluates the model on copies with random superpixels greyed out, and fits a locally weighted linear model of the class score on which superpixels were kept: its coefficients say how much each superpixel raised or lowered the class.',
  reference: {
    title:
      'Ribeiro, Singh & Guestrin, "Why Should I Trust You?": Explaining the Predictions of Any Classifier (KDD 2016)',
    url: 'https://arxiv.org/abs/1602.04938',
  },
  params: limeParams,
  requires: {},
  output: { kind: 'spatial', signed: true },
  check(params, model) {
    if (params.score === 'logit' && !model.hasLogits) {
      throw new LumenError(
        'REQUIREMENT_UNMET',
        `score 'logit' needs the model's logits, but model '${model.identity.name}' ends in no removable softmax; use score 'probability'.`,
      );
    }
  },
  cost: (params) => ({ forwardPasses: params.numSamples, backwardPasses: 0 }),
  async explain({ image, targets }, ctx) {
    const { params, model } = ctx;
    const { height, width } = model.inputSpec;
    const { numSamples } = params;
    const pixels = Float32Array.from(await image.data());
    ctx.throwIfAborted();

    const segments = segmentImage(
      { width, height, data: pixels },
      params.segmentation,
      ctx.random.fork('segmentation'),
    );
    const numSegments = segmentCount(segments);
    ctx.throwIfAborted();
    const hidden = hiddenImage(pixels, segments, numSegments, params.hideColor);
    const samples = drawSamples(numSamples, numSegments, ctx.random.fork('samples'));
    const total = numSamples + targets.length;
    const scores = await ctx.predict(
      numSamples,
      (start, end) =>
        tf.tensor4d(perturbedImages(pixels, hidden, segments, samples, numSegments, start, end), [
          end - start,
          height,
          width,
          3,
        ]),
      { output: params.score === 'logit' ? 'logits' : 'probabilities', stage: 'sampling', total },
    );

    const sampleWeights = exponentialKernel(
      sampleDistances(samples, numSamples, numSegments, params.distanceMetric),
      params.kernelWidth,
    );
    const design = new WeightedDesign(samples, numSamples, numSegments, sampleWeights);
    const classes = model.numClasses;
    const viewOptions = {
      positiveOnly: params.positiveOnly,
      negativeOnly: params.negativeOnly,
      numFeatures: params.viewNumFeatures,
      hideRest: params.hideRest,
      minWeight: params.minWeight,
    };
    const attributions: { target: Target; map: AttributionMap; extras: LimeExtras }[] = [];
    await ctx.forEachBatch(
      targets.length,
      (start, end) => {
        for (const target of targets.slice(start, end)) {
          const y = Float64Array.from(
            { length: numSamples },
            (_, i) => scores[i * classes + target.index] as number,
          );
          const surrogate = fitSurrogate(design, y, params);
          const weights = new Float32Array(numSegments);
          for (const { feature, weight } of surrogate.explanation) weights[feature] = weight;
          const features = Int32Array.from(surrogate.explanation, (e) => e.feature);
          const map = new Float32Array(segments.length);
          for (let p = 0; p < segments.length; p++)
            map[p] = weights[segments[p] as number] as number;
          attributions.push({
            target,
            map: { data: map, shape: [height, width] },
            extras: {
              segments,
              numSegments,
              weights,
              features,
              intercept: surrogate.intercept,
              score: surrogate.score,
              localPrediction: surrogate.localPrediction,
              modelPrediction: y[0] as number,
              view: limeView(segments, explanationWeights({ features, weights }), viewOptions),
            },
          });
        }
      },
      { batchSize: 1, stage: 'fitting', offset: numSamples, total },
    );
    return { attributions, extras: { numSegments, numSamples } };
  },
});
