import {
  defineExplainer,
  resolveSpatialLayer,
  takeMap,
  tf,
  z,
  type AttributionMap,
  type Target,
} from '@lumen/core';
import { inputSpace, layerSpace, type AttributionSpace, type Output } from './attribution-space.ts';
import { SampleStatistics } from './estimate.ts';

export const INPUT_LAYER = 'input';

export const expectedGradientsParams = z.object({
  nsamples: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(200)
    .describe(
      "Samples per target (shap's `nsamples`; shap's default 200, the article uses 100): one backward pass each.",
    ),
  localSmoothing: z
    .number()
    .min(0)
    .default(0)
    .describe(
      "Standard deviation of the Gaussian noise added to the explained point in each sample (shap's `local_smoothing`). In the units of the attribution space: image-space pixels (0..255) at the input, activations at a layer (the article's 100 is on VGG16's layer-7 activations).",
    ),
  layer: z
    .string()
    .min(1)
    .default(INPUT_LAYER)
    .describe(
      "'input' to attribute to the image pixels, or the name of a spatial layer to attribute to its activations (the article explains `model.layers[7].input`, i.e. the output of VGG16's `block2_pool`).",
    ),
  output: z
    .enum(['probabilities', 'logits'])
    .default('probabilities')
    .describe(
      "What is explained: the class probability (the article's VGG16 ends in a softmax) or the pre-softmax logit.",
    ),
});

type Params = z.output<typeof expectedGradientsParams>;

export interface CompletenessCheck {
  /** Sum of the attributions. */
  sum: number;
  /** f(x) - mean over the background of f(background): what the sum estimates (without local smoothing). */
  expected: number;
  modelScore: number;
  backgroundMeanScore: number;
  /** sum - expected. */
  error: number;
  /** Standard error of the sum from the spread of the samples (null with one sample). */
  standardError: number | null;
}

export interface ExpectedGradientsExtras extends Record<string, unknown> {
  space: string;
  output: Output;
  nsamples: number;
  localSmoothing: number;
  completeness: CompletenessCheck;
  /** Per-feature variance as shap's `return_variances=True` reports it, in the attribution space's shape. */
  variance: { data: Float32Array; shape: number[] };
  /** At a layer: the attributions on the layer's grid [h, w, c], before the channel sum and upsampling. */
  layerAttribution?: { data: Float32Array; shape: number[] };
}

function isInput(params: Params): boolean {
  return params.layer === INPUT_LAYER;
}

/** Layer attributions [h, w, c] -> channel sum [h, w] -> bilinear upsampling to the input size. */
function spatialMap(
  attribution: Float32Array,
  shape: number[],
  height: number,
  width: number,
): AttributionMap {
  return takeMap(
    tf.tidy(() => {
      const summed = tf.sum(tf.tensor(attribution, shape), -1, true) as tf.Tensor3D;
      return tf.squeeze(tf.image.resizeBilinear(summed, [height, width], false, true), [2]);
    }),
  );
}

export const expectedGradients = defineExplainer<
  typeof expectedGradientsParams,
  ExpectedGradientsExtras
>({
  name: 'expected-gradients',
  version: '1.0.0',
  title: 'Expected Gradients (shap GradientExplainer)',
  description:
    "Integrated Gradients averaged over baselines drawn from a background set: each sample takes a random background row and a random point on the path from it to the (optionally noised) input, and multiplies the gradient there by (input - background). Attributions add up, in expectation, to f(input) minus the background's mean output. At the input or at an intermediate layer.",
  reference: {
    title:
      'Erion, Janizek, Sturmfels, Lundberg, Lee, Improving performance of deep learning models with axiomatic attribution priors and expected gradients (Nature Machine Intelligence 2021); shap.GradientExplainer',
    url: 'https://arxiv.org/abs/1906.10670',
  },
  params: expectedGradientsParams,
  requires: { gradients: true, background: true },
  output: { kind: 'pixel', signed: true },
  check(params, model) {
    if (!isInput(params)) resolveSpatialLayer(model, params.layer);
  },
  cost: (params, { targets, backgroundSize }) => ({
    forwardPasses: 1 + (isInput(params) ? 1 : 2) * backgroundSize,
    backwardPasses: params.nsamples * targets,
  }),
  async explain({ image, targets, background }, ctx) {
    const { params, model } = ctx;
    const { nsamples, localSmoothing } = params;
    let output: Output = params.output;
    if (output === 'logits' && !model.hasLogits) {
      ctx.log.warn(
        `model '${model.identity.name}' exposes no logits; explaining the class probability instead`,
      );
      output = 'probabilities';
    }
    const backgroundSize = background?.shape[0] ?? 0;
    const rows = nsamples * targets.length;
    const total = backgroundSize + rows;
    const spaceOptions = { image, background: background as tf.Tensor4D, output, total };
    const space: AttributionSpace = isInput(params)
      ? await inputSpace(ctx, spaceOptions)
      : await layerSpace(ctx, params.layer, spaceOptions);
    const { size } = space;

    // As shap draws them: per sample a background row, a point on the path, and noise; shared by every target.
    const backgroundRow = Array.from({ length: nsamples }, () =>
      ctx.random.int(space.backgroundCount),
    );
    const alpha = Array.from({ length: nsamples }, () => ctx.random.next());
    const noise = (k: number) =>
      ctx.random.fork(`local-smoothing-${k}`).normalArray(size, 0, localSmoothing);

    const statistics = targets.map(() => new SampleStatistics(size));
    const classes = targets.map((t) => t.index);
    await ctx.forEachBatch(
      rows,
      (start, end) => {
        const sampleOf = (row: number) => Math.floor(row / targets.length);
        const slotOf = (row: number) => row % targets.length;
        const firstSample = sampleOf(start);
        const sampleCount = sampleOf(end - 1) - firstSample + 1;
        // Per sample: delta = x~ - x', point = x' + alpha (x~ - x'), with x~ = x + noise (shap adds it to the explained input).
        const deltas = new Float32Array(sampleCount * size);
        const samplePoints = new Float32Array(sampleCount * size);
        for (let s = 0; s < sampleCount; s++) {
          const k = firstSample + s;
          const from = (backgroundRow[k] as number) * size;
          const smoothing = localSmoothing > 0 ? noise(k) : undefined;
          const a = alpha[k] as number;
          for (let i = 0; i < size; i++) {
            const x = (space.explicand[i] as number) + (smoothing ? (smoothing[i] as number) : 0);
            const reference = space.background[from + i] as number;
            const delta = x - reference;
            deltas[s * size + i] = delta;
            samplePoints[s * size + i] = reference + a * delta;
          }
        }
        const points = new Float32Array((end - start) * size);
        for (let row = start; row < end; row++) {
          const s = sampleOf(row) - firstSample;
          points.set(samplePoints.subarray(s * size, (s + 1) * size), (row - start) * size);
        }
        const rowClasses = Array.from(
          { length: end - start },
          (_, r) => classes[slotOf(start + r)] as number,
        );
        const gradients = space.gradients(points, rowClasses);
        for (let row = start; row < end; row++) {
          (statistics[slotOf(row)] as SampleStatistics).add(
            gradients,
            (row - start) * size,
            deltas,
            (sampleOf(row) - firstSample) * size,
          );
        }
      },
      { stage: 'gradients', offset: backgroundSize, total },
    );

    const { height, width } = model.inputSpec;
    const classCount = model.numClasses;
    const attributions = targets.map((target: Target, slot) => {
      const stats = statistics[slot] as SampleStatistics;
      const attribution = stats.mean();
      const sum = attribution.reduce((s, v) => s + v, 0);
      let backgroundMeanScore = 0;
      for (let b = 0; b < space.backgroundCount; b++)
        backgroundMeanScore += space.backgroundScores[b * classCount + target.index] as number;
      backgroundMeanScore /= space.backgroundCount;
      const modelScore = space.explicandScores[target.index] as number;
      const expected = modelScore - backgroundMeanScore;
      const extras: ExpectedGradientsExtras = {
        space: space.name,
        output,
        nsamples,
        localSmoothing,
        completeness: {
          sum,
          expected,
          modelScore,
          backgroundMeanScore,
          error: sum - expected,
          standardError: stats.totalStandardError(),
        },
        variance: { data: stats.shapVariance(), shape: space.shape },
      };
      if (isInput(params)) {
        return {
          target,
          map: { data: attribution, shape: [height, width, 3] } as AttributionMap,
          extras,
        };
      }
      extras.layerAttribution = { data: attribution, shape: space.shape };
      return { target, map: spatialMap(attribution, space.shape, height, width), extras };
    });
    return { attributions, extras: { space: space.name, backgroundSize: space.backgroundCount } };
  },
});
