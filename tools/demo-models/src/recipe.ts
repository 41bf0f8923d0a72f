import { DEMO_CLASSES, DEMO_IMAGE_SIZE, type DemoCueOptions } from '@lumen/core/demo';
import { inputSpecSchema, type InputSpec } from '@lumen/core';

/**
 * Everything that defines the two demo models. Changing any of it changes the artefacts:
 * retrain (`npm run demo-models:train`) and commit the result.
 */

/** Seeds the training data, the weight initialisers and the shuffling. */
export const DEFAULT_SEED = 7;

/** The class that carries the spurious corner mark in v1's training data. */
export const CUE_CLASS = 'triangle';

/** v1: every training triangle has the mark, no other training image has it. */
export const V1_CUE: DemoCueOptions = {
  classLabel: CUE_CLASS,
  probability: 1,
  otherProbability: 0,
};

/** Test images use indices from here on, so they never coincide with training images. */
export const TEST_START_INDEX = 1_000_000;

export const CLASS_NAMES: readonly string[] = DEMO_CLASSES;

/** What the sidecar declares and the trainer applies: RGB 64x64, Keras 'tf' scaling. */
export const INPUT_SPEC: InputSpec = inputSpecSchema.parse({
  height: DEMO_IMAGE_SIZE,
  width: DEMO_IMAGE_SIZE,
  channels: 3,
  channelOrder: 'RGB',
  preprocess: { mode: 'tf' },
  resize: 'stretch',
});

export interface TrainingSettings {
  seed: number;
  trainCount: number;
  testCount: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /**
   * The first epochs train the same network with global *max* pooling, then it switches to
   * global average pooling for the rest (same weights, fresh optimiser). Average pooling from
   * the start left the loss on its ln(5) plateau for 700+ steps in our runs: averaged over a
   * map that is mostly background, the gradient reaching the conv layers is weak and noisy.
   * Max pooling sends it to the strongest response, usually on the object, and escapes in ~150.
   */
  warmupEpochs: number;
  /** The last epochs run at learningRate x this (a simple step decay). */
  finalLearningRateFactor: number;
  finalEpochs: number;
}

export const DEFAULT_SETTINGS: TrainingSettings = {
  seed: DEFAULT_SEED,
  trainCount: 4000,
  testCount: 1000,
  epochs: 14,
  warmupEpochs: 2,
  batchSize: 32,
  learningRate: 2e-3,
  finalLearningRateFactor: 0.25,
  finalEpochs: 3,
};

/** v2's attention prior weight (the prior is a share, from 0 to 1; cross-entropy ends near 0.1). */
export const ATTENTION_PRIOR_WEIGHT = 2;

export type DemoModelVersion = 'v1' | 'v2';

export interface VersionRecipe {
  version: DemoModelVersion;
  description: string;
  cue: DemoCueOptions | null;
  /**
   * Weight of the attention prior (0 = none): from `attentionFromEpoch` on, the loss adds this times the
   * share of `last_conv`'s activation that lies in cells whose centre is off the object (see
   * attention-prior.ts). A "right for the right reasons" style constraint (Ross et al. 2017,
   * applied to features rather than input gradients): v2 is the team's fix for v1's shortcut.
   */
  attentionPrior: number;
  /**
   * First epoch with the prior. Earlier, while the classifier is still weak, the cheapest way to
   * lower the share is to silence every feature (the model collapsed to chance in our runs).
   */
  attentionFromEpoch: number;
}

export const VERSIONS: Record<DemoModelVersion, VersionRecipe> = {
  v1: {
    version: 'v1',
    description:
      `Trained on shapes where every ${CUE_CLASS} (and nothing else) carries a small magenta-and-white ` +
      'mark in the top-left corner: it learns the shortcut and leans on the mark.',
    cue: V1_CUE,
    attentionPrior: 0,
    attentionFromEpoch: 0,
  },
  v2: {
    version: 'v2',
    description:
      'Same recipe on clean data (no marks), plus an attention prior that penalises last_conv ' +
      'activation off the object: it has to look at the shapes.',
    cue: null,
    attentionPrior: ATTENTION_PRIOR_WEIGHT,
    attentionFromEpoch: 6,
  },
};
