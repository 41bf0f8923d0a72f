import {
  LumenError,
  addToRegion,
  createImageMasker,
  defineExplainer,
  fillRegion,
  regionKey,
  regionSize,
  rootRegion,
  splitRegion,
  tf,
  z,
  type AttributionMap,
  type ImageMaskerSpec,
  type ImageRegion,
  type ImageShape,
} from '@lumen/core';
import { owenValues, type NodeCredit, type PartitionGame } from './owen.ts';

export const shapPartitionParams = z.object({
  masker: z
    .enum(['inpaint_telea', 'inpaint_ns', 'blur', 'constant'])
    .default('inpaint_telea')
    .describe(
      "How hidden regions are filled (shap.maskers.Image's mask_value): inpainted from the visible pixels (OpenCV's Telea or Navier-Stokes method, radius inpaintRadius), the box-blurred image (blurKernel), or a constant (maskValue). The article uses 'inpaint_telea'.",
    ),
  blurKernel: z
    .tuple([z.number().int().min(1).max(4096), z.number().int().min(1).max(4096)])
    .default([16, 16])
    .describe(
      "Box-blur window [width, height] in pixels for masker 'blur' (shap's \"blur(kx, ky)\", i.e. cv2.blur).",
    ),
  maskValue: z
    .union([z.number(), z.tuple([z.number(), z.number(), z.number()])])
    .default(0)
    .describe(
      "Fill for masker 'constant', in image space (RGB 0..255): one value for every channel or [r, g, b].",
    ),
  inpaintRadius: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(3)
    .describe(
      'Neighbourhood radius in pixels of the inpainting maskers (cv2.inpaint inpaintRadius; shap fixes it at 3).',
    ),
  inpaintEightBit: z
    .boolean()
    .default(false)
    .describe(
      'Inpaint exactly as shap does: the image truncated to 8-bit integers (numpy astype(uint8)) and every filled value rounded as OpenCV does on 8-bit images. Off: float arithmetic (fills differ from OpenCV by about one grey level on average).',
    ),
  maxEvals: z
    .number()
    .int()
    .min(2)
    .max(1_000_000)
    .default(1000)
    .describe(
      'Model evaluations per explanation, the fully masked and unmasked images included (shap max_evals; the article uses 1000, shap defaults to 500). More evaluations resolve finer regions.',
    ),
  fixedContext: z
    .union([z.literal('none'), z.literal(0), z.literal(1)])
    .default('none')
    .describe(
      "shap's fixed_context: 'none' averages each half's contribution with its sibling hidden and shown (Owen values); 0 or 1 only evaluates with the sibling hidden (0) or shown (1), reaching finer regions for the same budget and leaving the interaction on the parent region.",
    ),
  output: z
    .enum(['probabilities', 'logits'])
    .default('probabilities')
    .describe(
      "The model output that is explained; the article's model returns softmax probabilities.",
    ),
});

export type ShapPartitionParams = z.output<typeof shapPartitionParams>;

export interface ShapPartitionExtras extends Record<string, unknown> {
  /** The model's output for this class on the fully masked image (shap's base value). */
  baseValue: number;
  /** The output on the unmasked image; the attributions add up to fullValue - baseValue. */
  fullValue: number;
  /** Model evaluations made (the same for every target of the explanation). */
  evaluations: number;
}

function maskerSpec(params: ShapPartitionParams): ImageMaskerSpec {
  switch (params.masker) {
    case 'inpaint_telea':
    case 'inpaint_ns':
      return {
        kind: params.masker,
        radius: params.inpaintRadius,
        eightBit: params.inpaintEightBit,
      };
    case 'blur':
      return { kind: 'blur', kx: params.blurKernel[0], ky: params.blurKernel[1] };
    case 'constant':
      return { kind: 'constant', value: params.maskValue };
  }
}

/** Each node's credit, spread evenly over its features: one [height, width, channels] map per output. */
function spreadCredits(
  credits: readonly NodeCredit<ImageRegion>[],
  shape: ImageShape,
  outputs: number,
): Float32Array[] {
  const features = shape.height * shape.width * shape.channels;
  const maps = Array.from({ length: outputs }, () => new Float64Array(features));
  for (const { node, value } of credits) {
    const size = regionSize(node);
    maps.forEach((map, t) => addToRegion(map, node, shape, (value[t] as number) / size));
  }
  return maps.map((map) => Float32Array.from(map));
}

export const shapPartition = defineExplainer<typeof shapPartitionParams, ShapPartitionExtras>({
  name: 'shap-partition',
  version: '1.0.0',
  title: 'SHAP Partition (image masker)',
  description:
    "SHAP's Partition explainer with an image masker: Owen values of the model's output over a hierarchy of image regions (halves, quarters, ... down to pixels and channels), where hidden regions are inpainted, blurred or set to a constant. The attributions add up to f(image) - f(fully masked image).",
  reference: {
    title:
      'Lundberg & Lee, A Unified Approach to Interpreting Model Predictions (NeurIPS 2017); shap.explainers.Partition with shap.maskers.Image',
    url: 'https://shap.readthedocs.io/en/latest/generated/shap.PartitionExplainer.html',
  },
  params: shapPartitionParams,
  requires: {},
  output: { kind: 'pixel', signed: true },
  check(params, model) {
    if (params.output === 'logits' && !model.hasLogits) {
      throw new LumenError(
        'REQUIREMENT_UNMET',
        `model '${model.identity.name}' exposes no logits (no final softmax to remove); use output 'probabilities'`,
      );
    }
  },
  cost: (params) => ({ forwardPasses: params.maxEvals, backwardPasses: 0 }),
  async explain({ image, targets }, ctx) {
    const { params } = ctx;
    const [height, width, channels] = image.shape;
    const shape: ImageShape = { height, width, channels };
    const features = height * width * channels;
    const masker = createImageMasker(
      Float32Array.from(image.dataSync()),
      shape,
      maskerSpec(params),
    );
    const classes = ctx.model.numClasses;

    const game: PartitionGame<ImageRegion> = {
      root: rootRegion(shape),
      split: splitRegion,
      key: (region) => regionKey(region, shape),
      async evaluate(coalitions, done) {
        const scores = await ctx.predict(
          coalitions.length,
          (start, end) => {
            const batch = new Float32Array((end - start) * features);
            const shown = new Uint8Array(features);
            for (let i = start; i < end; i++) {
              shown.fill(0);
              for (const region of coalitions[i] ?? []) fillRegion(shown, region, shape, 1);
              masker.apply(shown, batch, (i - start) * features);
            }
            return tf.tensor4d(batch, [end - start, height, width, channels]);
          },
          {
            output: params.output,
            stage: 'evaluating masked images',
            offset: done,
            total: params.maxEvals,
          },
        );
        return coalitions.map((_, i) =>
          Float64Array.from(targets, (target) => scores[i * classes + target.index] as number),
        );
      },
    };

    const result = await owenValues(game, {
      maxEvals: params.maxEvals,
      batchSize: ctx.batchSize,
      fixedContext: params.fixedContext === 'none' ? undefined : params.fixedContext,
      tieBreak: () => ctx.random.next(),
    });
    const maps = spreadCredits(result.credits, shape, targets.length);

    return {
      attributions: targets.map((target, t) => ({
        target,
        map: {
          data: maps[t] as Float32Array,
          shape: [height, width, channels],
        } satisfies AttributionMap,
        extras: {
          baseValue: result.baseValue[t] as number,
          fullValue: result.fullValue[t] as number,
          evaluations: result.evaluations,
        },
      })),
      extras: { evaluations: result.evaluations, masker: params.masker, maxEvals: params.maxEvals },
    };
  },
});
