import { z } from '@lumen/core';
import { FEATURE_SELECTIONS } from './feature-selection.ts';
import { DISTANCE_METRICS } from './kernel.ts';

const quickshiftParams = z.strictObject({
  algorithm: z.literal('quickshift'),
  kernelSize: z
    .number()
    .min(1)
    .default(4)
    .describe(
      'Width (sigma) of the Gaussian density kernel; larger: fewer superpixels (skimage kernel_size).',
    ),
  maxDist: z
    .number()
    .min(0)
    .default(200)
    .describe(
      'Links longer than this in colour-position space are cut; larger: fewer superpixels (skimage max_dist).',
    ),
  ratio: z
    .number()
    .min(0)
    .max(1)
    .default(0.2)
    .describe('Weight of colour against position, 0..1 (skimage ratio).'),
  sigma: z
    .number()
    .min(0)
    .default(0)
    .describe('Gaussian smoothing of the image before segmenting; 0 for none (skimage sigma).'),
});

const slicParams = z.strictObject({
  algorithm: z.literal('slic'),
  nSegments: z
    .number()
    .int()
    .min(1)
    .max(100000)
    .default(100)
    .describe('About how many superpixels to make (skimage n_segments).'),
  compactness: z
    .number()
    .positive()
    .default(10)
    .describe(
      'Higher: squarer superpixels; lower: superpixels that follow colour (skimage compactness).',
    ),
  sigma: z
    .number()
    .min(0)
    .default(0)
    .describe('Gaussian smoothing before clustering; 0 for none (skimage sigma).'),
  maxNumIter: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(10)
    .describe('k-means iterations at most (skimage max_num_iter).'),
  enforceConnectivity: z
    .boolean()
    .default(true)
    .describe('Split disconnected superpixels and merge tiny ones (skimage enforce_connectivity).'),
  minSizeFactor: z
    .number()
    .min(0)
    .default(0.5)
    .describe(
      'Superpixels below this fraction of the expected size are merged (skimage min_size_factor).',
    ),
  maxSizeFactor: z
    .number()
    .positive()
    .default(3)
    .describe(
      'Superpixels grow at most to this multiple of the expected size (skimage max_size_factor).',
    ),
});

const gridParams = z.strictObject({
  algorithm: z.literal('grid'),
  rows: z.number().int().min(1).max(4096).default(4).describe('Rows of the grid.'),
  cols: z.number().int().min(1).max(4096).default(4).describe('Columns of the grid.'),
});

const colourValue = z.number().min(0).max(255);

export const limeParams = z
  .object({
    segmentation: z
      .discriminatedUnion('algorithm', [quickshiftParams, slicParams, gridParams])
      .default({ algorithm: 'quickshift', kernelSize: 4, maxDist: 200, ratio: 0.2, sigma: 0 })
      .describe(
        "How the image is cut into superpixels (lime's segmentation_fn): quickshift with lime's settings by default, SLIC, or a rows x cols grid.",
      ),
    hideColor: z
      .union([z.literal('mean'), colourValue, z.tuple([colourValue, colourValue, colourValue])])
      .default(127.5)
      .describe(
        "What a switched-off superpixel becomes, in image space (RGB 0..255): a grey level, an [r, g, b] colour, or 'mean' (each superpixel's mean colour, lime's hide_color=None). " +
          "The default 127.5 is the article's hide_color=0 on images preprocessed to -1..1, i.e. mid grey; 0 here is black.",
      ),
    numSamples: z
      .number()
      .int()
      .min(2)
      .max(100000)
      .default(1000)
      .describe('Perturbed images to evaluate, the original included (lime num_samples).'),
    kernelWidth: z
      .number()
      .positive()
      .default(0.25)
      .describe(
        'Width of the kernel sqrt(exp(-d^2 / width^2)) that weights samples by distance (lime kernel_width).',
      ),
    distanceMetric: z
      .enum(DISTANCE_METRICS)
      .default('cosine')
      .describe(
        "Distance between a sample's on/off vector and the original's (lime distance_metric).",
      ),
    featureSelection: z
      .enum(FEATURE_SELECTIONS)
      .default('auto')
      .describe(
        "How the surrogate's superpixels are chosen (lime feature_selection); 'auto': forward selection up to 6 features, else highest weights.",
      ),
    numFeatures: z
      .number()
      .int()
      .min(1)
      .default(100000)
      .describe(
        'At most this many superpixels in the surrogate (lime num_features of explain_instance).',
      ),
    ridgeAlpha: z
      .number()
      .min(0)
      .default(1)
      .describe(
        "L2 penalty of the weighted ridge surrogate; the intercept is not penalised (lime's Ridge(alpha=1)).",
      ),
    score: z
      .enum(['probability', 'logit'])
      .default('probability')
      .describe(
        "What the surrogate fits: class probabilities (the article's classifier_fn) or pre-softmax logits.",
      ),
    positiveOnly: z
      .boolean()
      .default(true)
      .describe('View: only superpixels with positive weight (get_image_and_mask positive_only).'),
    negativeOnly: z
      .boolean()
      .default(false)
      .describe('View: only superpixels with negative weight (get_image_and_mask negative_only).'),
    viewNumFeatures: z
      .number()
      .int()
      .min(0)
      .default(5)
      .describe(
        'View: how many superpixels to show, by decreasing |weight| (get_image_and_mask num_features).',
      ),
    hideRest: z
      .boolean()
      .default(false)
      .describe('View: black out everything else (get_image_and_mask hide_rest).'),
    minWeight: z
      .number()
      .min(0)
      .default(0)
      .describe('View: only superpixels with |weight| above this (get_image_and_mask min_weight).'),
  })
  .refine((p) => !(p.positiveOnly && p.negativeOnly), {
    message:
      'positiveOnly and negativeOnly cannot both be true; set positiveOnly: false to view negative superpixels',
    path: ['negativeOnly'],
  });

export type LimeParams = z.output<typeof limeParams>;
