import {
  defineExplainer,
  targetGradients,
  tf,
  z,
  type AttributionMap,
  type ExplainContext,
  type Target,
} from '@lumen/core';

export const SMOOTHGRAD_VARIANTS = ['smoothgrad', 'smoothgrad-squared', 'vargrad'] as const;
export type SmoothGradVariant = (typeof SMOOTHGRAD_VARIANTS)[number];

export const smoothGradParams = z.object({
  samples: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(50)
    .describe(
      "Noisy copies of the image whose gradients are averaged (the paper's n; Captum's `nt_samples`). One backward pass each, per target.",
    ),
  noiseLevel: z
    .number()
    .min(0)
    .max(10)
    .default(0.15)
    .describe(
      "Standard deviation of the Gaussian noise as a fraction of the image's value range, max(x) - min(x) (the paper's sigma / (x_max - x_min), 10-20% recommended). Captum's `stdevs` is absolute instead.",
    ),
  variant: z
    .enum(SMOOTHGRAD_VARIANTS)
    .default('smoothgrad')
    .describe(
      "'smoothgrad': the mean gradient (signed); 'smoothgrad-squared': the mean squared gradient; 'vargrad': the variance of the gradients (Captum's `nt_type` smoothgrad, smoothgrad_sq, vargrad).",
    ),
  output: z
    .enum(['logits', 'probabilities'])
    .default('logits')
    .describe(
      "What is differentiated: the pre-softmax class score (the paper's S_c; falls back to the probability with a warning when the model exposes no logits) or the class probability.",
    ),
});

export interface SmoothGradExtras extends Record<string, unknown> {
  variant: SmoothGradVariant;
  /** The noise's standard deviation in image-space units (0..255 scale). */
  noiseStd: number;
  samples: number;
  output: 'logits' | 'probabilities';
}

type Output = 'logits' | 'probabilities';

function resolveOutput(ctx: ExplainContext<{ output: Output }>): Output {
  if (ctx.params.output === 'logits' && !ctx.model.hasLogits) {
    ctx.log.warn(
      `model '${ctx.model.identity.name}' exposes no logits; differentiating the class probability instead`,
    );
    return 'probabilities';
  }
  return ctx.params.output;
}

function valueRange(pixels: Float32Array): number {
  let min = Infinity;
  let max = -Infinity;
  for (const value of pixels) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return max - min;
}

/** The per-pixel statistic of the sampled gradients that each variant reports. */
function reduce(
  variant: SmoothGradVariant,
  sum: Float64Array,
  sumOfSquares: Float64Array,
  samples: number,
): Float32Array {
  const out = new Float32Array(sum.length);
  for (let i = 0; i < sum.length; i++) {
    const mean = (sum[i] as number) / samples;
    const meanOfSquares = (sumOfSquares[i] as number) / samples;
    if (variant === 'smoothgrad') out[i] = mean;
    else if (variant === 'smoothgrad-squared') out[i] = meanOfSquares;
    else out[i] = Math.max(0, meanOfSquares - mean * mean);
  }
  return out;
}

export const smoothGrad = defineExplainer<typeof smoothGradParams, SmoothGradExtras>({
  name: 'smoothgrad',
  version: '1.0.0',
  title: 'SmoothGrad',
  description:
    'Averages the gradient of the class score over copies of the image with Gaussian noise added: a sharper, less noisy sensitivity map than the plain gradient. Also the squared-gradient and gradient-variance (VarGrad) variants.',
  reference: {
    title:
      'Smilkov, Thorat, Kim, Viégas, Wattenberg, SmoothGrad: removing noise by adding noise (2017)',
    url: 'https://arxiv.org/abs/1706.03825',
  },
  params: smoothGradParams,
  requires: { gradients: true },
  output: { kind: 'pixel', signed: true },
  cost: (params, { targets }) => ({ forwardPasses: 0, backwardPasses: params.samples * targets }),
  async explain({ image, targets }, ctx) {
    const { params, model } = ctx;
    const output = resolveOutput(ctx);
    const pixels = image.dataSync() as Float32Array;
    const size = pixels.length;
    const noiseStd = params.noiseLevel * valueRange(pixels);
    const classes = targets.map((t) => t.index);
    const sums = targets.map(() => new Float64Array(size));
    const sumsOfSquares = targets.map(() => new Float64Array(size));
    // Sample k's noise comes from a stream of its own, so results do not depend on the batch size.
    const noiseFor = (k: number) => ctx.random.fork(`noise-${k}`).normalArray(size, 0, noiseStd);

    // Rows are (sample, target) pairs, sample-major: every target sees the same noisy copies.
    await ctx.forEachBatch(
      params.samples * targets.length,
      (start, end) => {
        const sampleOf = (row: number) => Math.floor(row / targets.length);
        const slotOf = (row: number) => row % targets.length;
        const firstSample = sampleOf(start);
        const lastSample = sampleOf(end - 1);
        const noisy: Float32Array[] = [];
        for (let k = firstSample; k <= lastSample; k++) {
          const copy = noiseFor(k);
          for (let i = 0; i < size; i++) copy[i] = (copy[i] as number) + (pixels[i] as number);
          noisy.push(copy);
        }
        const gradients = tf.tidy(() => {
          const points = tf.stack(
            Array.from({ length: end - start }, (_, r) =>
              tf.tensor3d(noisy[sampleOf(start + r) - firstSample] as Float32Array, image.shape),
            ),
          ) as tf.Tensor4D;
          const rowClasses = Array.from(
            { length: end - start },
            (_, r) => classes[slotOf(start + r)] as number,
          );
          return targetGradients(model, points, rowClasses, { output }).gradients;
        });
        let values: Float32Array;
        try {
          values = gradients.dataSync() as Float32Array;
        } finally {
          gradients.dispose();
        }
        for (let row = start; row < end; row++) {
          const sum = sums[slotOf(row)] as Float64Array;
          const sumOfSquares = sumsOfSquares[slotOf(row)] as Float64Array;
          const offset = (row - start) * size;
          for (let i = 0; i < size; i++) {
            const g = values[offset + i] as number;
            sum[i] = (sum[i] as number) + g;
            sumOfSquares[i] = (sumOfSquares[i] as number) + g * g;
          }
        }
      },
      { stage: 'noisy gradients' },
    );

    const signed = params.variant === 'smoothgrad';
    const attributions = targets.map((target: Target, slot) => {
      const map: AttributionMap = {
        data: reduce(
          params.variant,
          sums[slot] as Float64Array,
          sumsOfSquares[slot] as Float64Array,
          params.samples,
        ),
        shape: [image.shape[0], image.shape[1], image.shape[2]],
      };
      const extras: SmoothGradExtras = {
        variant: params.variant,
        noiseStd,
        samples: params.samples,
        output,
      };
      return { target, map, signed, extras };
    });
    return { attributions };
  },
});
