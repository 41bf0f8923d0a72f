import { defineExplainer, resolveSpatialLayer, takeMap, tf, z } from '@lumen/core';
import {
  isConstant,
  packMaps,
  readActivationMaps,
  selectChannels,
  type ActivationMaps,
} from './activation-maps.ts';
import { baselineColour } from './baseline.ts';
import { channelWeights } from './channel-weights.ts';
import { combineMaps, type CombinedMap } from './combine.ts';
import { maskedImages, planMasking } from './masks.ts';

export const scoreCamParams = z.object({
  layer: z
    .string()
    .min(1)
    .default('auto')
    .describe(
      "Layer whose activation maps become masks: a layer name, or 'auto' for the last convolutional layer.",
    ),
  score: z
    .enum(['logit', 'probability'])
    .default('logit')
    .describe(
      "The class score of each masked image: the pre-softmax logit (the paper's Algorithm 1, pytorch-grad-cam, torch-cam) or the softmax probability (the authors' released code). Models without removable softmax fall back to the probability, with a warning.",
    ),
  weighting: z
    .enum(['softmax', 'score'])
    .default('softmax')
    .describe(
      "How scores become channel weights: their softmax over channels (the paper), or the scores as they are (the authors' released code, with score 'probability'; channels with a constant map get weight 0).",
    ),
  baseline: z
    .enum(['input-zero', 'black', 'mean'])
    .default('input-zero')
    .describe(
      "What masked-out pixels fade to: the colour the model's preprocessing maps to 0, so the network's input is multiplied by the mask as in the paper; black (image-space 0); or the image's mean colour.",
    ),
  maxChannels: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe(
      'Score only this many channels, those whose maps vary most (Faster Score-CAM); 0 scores every channel, as the paper does. Cost falls to about this many forward passes.',
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

export interface ScoreCamExtras extends Record<string, unknown> {
  /** The layer that was used. */
  layer: string;
  /** What scored the masked images (the probability when the model exposes no logits). */
  score: 'logit' | 'probability';
  /** The channels that were weighed, ascending. */
  channels: Int32Array;
  /** The target's score on each channel's masked image (the baseline image's for a constant map). */
  channelScores: Float32Array;
  /** The weight of each channel in `channels`. */
  weights: Float32Array;
  /** The map at the layer's resolution, before upsampling: [height, width]. */
  lowRes: { data: Float32Array; shape: [number, number] };
  /** The largest value of the weighted sum before normalisation. */
  maxActivation: number;
}

/** The masked images to score: one per varying channel, plus the bare baseline when a constant map needs its score. */
interface ScoringPlan {
  selected: number[];
  masked: number[];
  baselineImage: boolean;
}

function planScoring(
  maps: ActivationMaps,
  maxChannels: number,
  weighting: 'softmax' | 'score',
): ScoringPlan {
  const selected = selectChannels(maps, maxChannels);
  const masked = selected.filter((k) => !isConstant(maps, k));
  return {
    selected,
    masked,
    baselineImage: weighting === 'softmax' && masked.length < selected.length,
  };
}

export const scoreCam = defineExplainer<typeof scoreCamParams, ScoreCamExtras>({
  name: 'score-cam',
  version: '1.0.0',
  title: 'Score-CAM',
  description:
    "Masks the image with each upsampled, normalised feature map of a convolutional layer, scores the masked images with the model, and weights the feature maps by the softmax of those scores: a gradient-free CAM whose weights measure how much each map's region alone supports the class.",
  reference: {
    title:
      'Wang et al., Score-CAM: Score-Weighted Visual Explanations for Convolutional Neural Networks (CVPR Workshops 2020)',
    url: 'https://arxiv.org/abs/1910.01279',
  },
  params: scoreCamParams,
  requires: { spatialLayer: true },
  output: { kind: 'spatial', signed: false },
  check(params, model) {
    resolveSpatialLayer(model, params.layer);
  },
  // One masked pass per channel of the layer (at most maxChannels), plus reading the layer and the map's
  // bare baseline; without the model the channel count is only known when maxChannels bounds it.
  cost: (params, { model }) => {
    const channels = model ? (resolveSpatialLayer(model, params.layer).outputShape?.at(-1) ?? null) : null;
    const scored = params.maxChannels > 0 ? Math.min(params.maxChannels, channels ?? params.maxChannels) : channels;
    return { forwardPasses: scored === null ? Number.NaN : scored + 2, backwardPasses: 0 };
  },
  async explain({ image, targets }, ctx) {
    const { params, model } = ctx;
    const layer = resolveSpatialLayer(model, params.layer).name;
    const score = params.score === 'logit' && !model.hasLogits ? 'probability' : params.score;
    if (score !== params.score)
      ctx.log.warn(
        `model '${model.identity.name}' exposes no logits; scoring masked images by class probability`,
      );

    const maps = readActivationMaps(model, image, layer);
    const plan = planScoring(maps, params.maxChannels, params.weighting);
    const baseline = baselineColour(model, image, params.baseline);
    const mapSize = maps.height * maps.width;
    const count = plan.masked.length + (plan.baselineImage ? 1 : 0);
    // The bare baseline is the image masked by an all-zero map, packed after the others.
    const sources = new Float32Array(count * mapSize);
    sources.set(packMaps(maps, plan.masked));

    const masking = planMasking(image, baseline, sources, [maps.height, maps.width]);
    const predictions = await ctx.predict(
      count,
      (start, end) => maskedImages(masking, start, end),
      {
        output: score === 'logit' ? 'logits' : 'probabilities',
        stage: 'masked images',
      },
    );

    const classes = model.numClasses;
    const rowOf = new Map(plan.masked.map((k, row) => [k, row]));
    const baselineRow = plan.masked.length;
    const perTarget = targets.map((target) => {
      const channelScores = Float32Array.from(plan.selected, (k) => {
        const row = rowOf.get(k);
        if (row !== undefined) return predictions[row * classes + target.index] as number;
        return plan.baselineImage
          ? (predictions[baselineRow * classes + target.index] as number)
          : 0;
      });
      return { target, channelScores, weights: channelWeights(channelScores, params.weighting) };
    });

    const combined = perTarget.map((t) =>
      combineMaps(maps, plan.selected, t.weights, {
        relu: params.relu,
        normalize: params.normalize,
      }),
    );
    const { height, width } = model.inputSpec;
    const upsampled = tf.tidy(() => {
      const lowRes = tf.tensor4d(Float32Array.from(combined.flatMap((c) => Array.from(c.data))), [
        targets.length,
        maps.height,
        maps.width,
        1,
      ]);
      const resize =
        params.upsample === 'nearest' ? tf.image.resizeNearestNeighbor : tf.image.resizeBilinear;
      return tf.unstack(tf.squeeze(resize(lowRes, [height, width], false, true), [3]));
    });

    const channels = Int32Array.from(plan.selected);
    const attributions = perTarget.map(({ target, channelScores, weights }, i) => ({
      target,
      map: takeMap(upsampled[i] as tf.Tensor),
      extras: {
        layer,
        score,
        channels,
        channelScores,
        weights,
        lowRes: {
          data: (combined[i] as CombinedMap).data,
          shape: [maps.height, maps.width] as [number, number],
        },
        maxActivation: (combined[i] as CombinedMap).peak,
      },
    }));
    return {
      attributions,
      extras: {
        layer,
        layerChannels: maps.channels,
        maskedImages: count,
        baseline: { kind: params.baseline, colour: baseline },
      },
    };
  },
});
