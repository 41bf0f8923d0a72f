import {
  defineExplainer,
  targetGradients,
  tf,
  z,
  type AttributionMap,
  type ExplainContext,
  type Target,
} from '@lumen/core';
import { baselineKind, makeBaseline, type BaselineKind } from './baseline.ts';
import { QUADRATURE_METHODS, minSteps, quadrature } from './quadrature.ts';

export const integratedGradientsParams = z
  .object({
    baseline: z
      .union([z.enum(['black', 'blurred', 'uniform']), z.number().min(0).max(255)])
      .default('black')
      .describe(
        "Where the path starts (Captum's `baselines`): 'black' (all zeros, the paper's choice), 'blurred' (the image blurred with a Gaussian of `blurSigma`), 'uniform' (seeded uniform noise in 0..255), or a constant pixel value 0..255. Image space, before the model's preprocessing.",
      ),
    blurSigma: z
      .number()
      .positive()
      .max(1000)
      .default(10)
      .describe(
        "Standard deviation in pixels (at the model's input size) of the Gaussian blur for the 'blurred' baseline.",
      ),
    steps: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(50)
      .describe(
        "Number of points on the path (Captum's `n_steps`): one backward pass each, per target.",
      ),
    method: z
      .enum(QUADRATURE_METHODS)
      .default('gauss-legendre')
      .describe(
        "How the path integral is approximated (Captum's `method`: riemann_left, riemann_right, riemann_middle, riemann_trapezoid, gausslegendre).",
      ),
    output: z
      .enum(['logits', 'probabilities'])
      .default('logits')
      .describe(
        'What is integrated: the pre-softmax class score (default; falls back to the probability with a warning when the model exposes no logits) or the class probability.',
      ),
  })
  .refine((p) => p.steps >= minSteps(p.method), {
    message: 'riemann-trapezoid needs at least 2 steps',
    path: ['steps'],
  });

export interface IntegratedGradientsExtras extends Record<string, unknown> {
  /** sum(attributions) - (f(image) - f(baseline)): how far the approximation is from completeness. */
  completenessDelta: number;
  /** f(image) and f(baseline) for the target, in the `output` that was integrated. */
  imageScore: number;
  baselineScore: number;
  baseline: BaselineKind;
  baselineValue?: number;
  output: 'logits' | 'probabilities';
  method: (typeof QUADRATURE_METHODS)[number];
  steps: number;
}

type Output = 'logits' | 'probabilities';

function resolveOutput(ctx: ExplainContext<{ output: Output }>): Output {
  if (ctx.params.output === 'logits' && !ctx.model.hasLogits) {
    ctx.log.warn(
      `model '${ctx.model.identity.name}' exposes no logits; integrating the class probability instead`,
    );
    return 'probabilities';
  }
  return ctx.params.output;
}

export const integratedGradients = defineExplainer<
  typeof integratedGradientsParams,
  IntegratedGradientsExtras
>({
  name: 'integrated-gradients',
  version: '1.0.0',
  title: 'Integrated Gradients',
  description:
    'Integrates the gradient of the class score along the straight path from a baseline image to the input and multiplies by (input - baseline): signed per-pixel attributions that add up to f(input) - f(baseline).',
  reference: {
    title: 'Sundararajan, Taly, Yan, Axiomatic Attribution for Deep Networks (ICML 2017)',
    url: 'https://arxiv.org/abs/1703.01365',
  },
  params: integratedGradientsParams,
  requires: { gradients: true },
  output: { kind: 'pixel', signed: true },
  cost: (params, { targets }) => ({ forwardPasses: 2, backwardPasses: params.steps * targets }),
  async explain({ image, targets }, ctx) {
    const { params, model } = ctx;
    const output = resolveOutput(ctx);
    const { alphas, weights } = quadrature(params.method, params.steps);
    const classes = targets.map((t) => t.index);
    const rows = params.steps * targets.length;
    const total = rows + 2;

    const baseline = makeBaseline(image, params.baseline, params.blurSigma, ctx.random);
    let baselinePixels: Float32Array;
    try {
      baselinePixels = Float32Array.from(baseline.dataSync());
    } finally {
      baseline.dispose();
    }
    const imagePixels = image.dataSync() as Float32Array;
    const size = imagePixels.length;

    const scores = await ctx.predict(
      2,
      (start, end) =>
        tf.stack(
          [image, tf.tensor3d(baselinePixels, image.shape)].slice(start, end),
        ) as tf.Tensor4D,
      { output, stage: 'endpoints', total },
    );

    // Weighted sum of the path gradients, per target: sum_i w_i * grad f(b + alpha_i (x - b)).
    const integrals = targets.map(() => new Float64Array(size));
    await ctx.forEachBatch(
      rows,
      (start, end) => {
        const stepOf = (row: number) => Math.floor(row / targets.length);
        const slotOf = (row: number) => row % targets.length;
        const gradients = tf.tidy(() => {
          const from = tf.tensor3d(baselinePixels, image.shape);
          const direction = tf.sub(image, from);
          const rowAlphas = Array.from(
            { length: end - start },
            (_, r) => alphas[stepOf(start + r)] as number,
          );
          const points = tf.add(
            from,
            tf.mul(tf.reshape(tf.tensor1d(rowAlphas), [-1, 1, 1, 1]), direction),
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
          const integral = integrals[slotOf(row)] as Float64Array;
          const weight = weights[stepOf(row)] as number;
          const offset = (row - start) * size;
          for (let i = 0; i < size; i++)
            integral[i] = (integral[i] as number) + weight * (values[offset + i] as number);
        }
      },
      { stage: 'path gradients', offset: 2, total },
    );

    const attributions = targets.map((target: Target, slot) => {
      const integral = integrals[slot] as Float64Array;
      const data = new Float32Array(size);
      let sum = 0;
      for (let i = 0; i < size; i++) {
        const value =
          ((imagePixels[i] as number) - (baselinePixels[i] as number)) * (integral[i] as number);
        data[i] = value;
        sum += value;
      }
      const imageScore = scores[target.index] as number;
      const baselineScore = scores[model.numClasses + target.index] as number;
      const map: AttributionMap = { data, shape: [image.shape[0], image.shape[1], image.shape[2]] };
      const extras: IntegratedGradientsExtras = {
        completenessDelta: sum - (imageScore - baselineScore),
        imageScore,
        baselineScore,
        baseline: baselineKind(params.baseline),
        ...(typeof params.baseline === 'number' ? { baselineValue: params.baseline } : {}),
        output,
        method: params.method,
        steps: params.steps,
      };
      return { target, map, extras };
    });
    return { attributions, extras: { baseline: baselineKind(params.baseline), output } };
  },
});
