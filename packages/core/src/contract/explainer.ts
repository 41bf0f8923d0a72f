import type { z } from 'zod';
import type { tf } from '../tf.ts';
import type { ClassifierModel } from '../model/classifier-model.ts';
import type { Target } from '../model/targets.ts';
import type { Random } from '../random/random.ts';
import type { AttributionMap } from './attribution.ts';
import type { Logger } from './logger.ts';

/** A params schema: a zod object whose every field has a default (or is optional). */
export type ParamsSchema = z.ZodObject;

/** What a method needs from the model and the run; core checks these before `explain`. */
export interface ExplainerRequirements {
  /** Differentiates the model (every loaded TF.js model can be differentiated). */
  gradients: boolean;
  /** Needs a spatial (convolutional) layer, found automatically or named in params. */
  spatialLayer: boolean;
  /** Needs background images (input.background). */
  background: boolean;
  /** Needs the model's ReLUs to follow guided backprop's rule. */
  guidedRelu: boolean;
}

export interface ExplainInput {
  /** The image in image space: RGB float 0..255, [height, width, 3] at the model's input size. */
  image: tf.Tensor3D;
  /** The classes to explain, resolved by core (top-k, index or label). */
  targets: readonly Target[];
  /** The model's class probabilities on `image`. */
  prediction: Float32Array;
  /** Background images in image space, [n, height, width, 3], when the run provides them. */
  background?: tf.Tensor4D;
}

export interface ProgressOptions {
  /** A label for this phase of the work ("sampling", "fitting"...). */
  stage?: string;
  /** Where this loop's units start within the plugin's overall count, and that count. */
  offset?: number;
  total?: number;
}

export interface BatchOptions extends ProgressOptions {
  /** Overrides the run's batch size for this loop. */
  batchSize?: number;
}

export interface PredictOptions extends BatchOptions {
  /** Class probabilities (default) or pre-softmax logits. */
  output?: 'probabilities' | 'logits';
}

/** Everything a plugin may use, and nothing else. */
export interface ExplainContext<P> {
  readonly params: P;
  readonly model: ClassifierModel;
  /** Seeded by the run's seed: same seed and input, same explanation. */
  readonly random: Random;
  readonly seed: number;
  /** How many images to push through the model at once. */
  readonly batchSize: number;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Report progress in the plugin's own units. */
  progress(done: number, total: number, stage?: string): void;
  /** Throws LumenError('ABORTED') once the run is cancelled. */
  throwIfAborted(): void;
  /**
   * Run the model on `count` images made batch by batch; returns [count x numClasses]
   * scores, row-major. Checks for abort and reports progress between batches.
   */
  predict(
    count: number,
    makeBatch: (start: number, end: number) => tf.Tensor4D,
    options?: PredictOptions,
  ): Promise<Float32Array>;
  /** A batched loop with abort checks and progress, for work that is not a plain predict. */
  forEachBatch(
    count: number,
    work: (start: number, end: number) => void | Promise<void>,
    options?: BatchOptions,
  ): Promise<void>;
}

/** The attribution for one target: a tensor (core reads and disposes it) or plain data. */
export interface TargetAttribution<X> {
  target: Target;
  /** [height, width] (spatial) or [height, width, channels] (pixel), at the input size. */
  map: tf.Tensor | AttributionMap;
  /** Whether negative values mean something; defaults to the explainer's `output.signed`. */
  signed?: boolean;
  /** Method-specific results (JSON values and typed arrays; no tensors). */
  extras?: X;
}

export interface ExplainerOutput<X> {
  attributions: TargetAttribution<X>[];
  extras?: Record<string, unknown>;
}

/** Work one explanation costs, so callers can plan and benchmarks can compare. */
export interface ExplainerCost {
  forwardPasses: number;
  backwardPasses: number;
}

export interface ExplainerSpec<S extends ParamsSchema = ParamsSchema, X = Record<string, unknown>> {
  /** Stable identifier: lower-case kebab, optionally scoped ("@team/my-method"). */
  name: string;
  /** Semantic version; results are stamped with name@version. */
  version: string;
  title: string;
  description: string;
  /** The paper or page the method comes from. */
  reference?: { title: string; url: string };
  params: S;
  requires?: Partial<ExplainerRequirements>;
  output: { kind: 'spatial' | 'pixel'; signed: boolean };
  /** Model-dependent validation before any compute (e.g. that a named layer exists). */
  check?(params: z.output<S>, model: ClassifierModel): void;
  /**
   * Model evaluations one explanation costs. `model` (when the caller has it) lets a method whose
   * cost depends on the network answer exactly (e.g. Score-CAM: one pass per channel).
   */
  cost?(params: z.output<S>, info: { targets: number; backgroundSize: number; model?: ClassifierModel }): ExplainerCost;
  explain(input: ExplainInput, ctx: ExplainContext<z.output<S>>): Promise<ExplainerOutput<X>>;
}

export interface Explainer<S extends ParamsSchema = ParamsSchema, X = Record<string, unknown>>
  extends Readonly<Omit<ExplainerSpec<S, X>, 'requires'>> {
  /** name@version */
  readonly id: string;
  readonly requires: Readonly<ExplainerRequirements>;
}

/** Any explainer, whatever its params and extras. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyExplainer = Explainer<ParamsSchema, any>;
