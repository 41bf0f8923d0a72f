import type { tf } from '../tf.ts';
import type { InputSpec } from './input-spec.ts';
import type { ModelFormat } from './model-json.ts';

export type LayerKind =
  | 'input'
  | 'conv'
  | 'depthwise-conv'
  | 'dense'
  | 'pool'
  | 'global-pool'
  | 'norm'
  | 'activation'
  | 'merge'
  | 'reshape'
  | 'other';

export interface LayerInfo {
  name: string;
  /** Keras class name (LayersModel) or TF op (GraphModel). */
  className: string;
  kind: LayerKind;
  /** Output shape with the batch dimension as null; null when it cannot be known. */
  outputShape: (number | null)[] | null;
  /** A rank-4 output with height and width above 1: a map Grad-CAM-style methods can use. */
  spatial: boolean;
  /** The activation folded into the layer (Conv2D(activation='relu')), if any. */
  activation?: string;
  /** Parameters the layer holds. */
  params: number;
}

export type OutputKind = 'probabilities' | 'logits';

export interface ModelRunOptions {
  /** Layers whose outputs to return as well. */
  capture?: readonly string[];
  /**
   * Layer outputs to replace with given tensors. Differentiating the output with respect to a
   * fed tensor gives the gradient at that layer; other paths still start from the images.
   */
  feed?: Readonly<Record<string, tf.Tensor>>;
  /** Read the model's class probabilities or its pre-softmax logits. Default: probabilities. */
  output?: OutputKind;
  /**
   * 'guided' applies guided backpropagation's rule to every ReLU (also ReLUs fused into
   * conv/dense layers): the backward pass lets a gradient through only where both the
   * incoming gradient and the forward input are positive. Forward values are unchanged.
   */
  relu?: 'standard' | 'guided';
}

export interface ModelRunResult {
  output: tf.Tensor2D;
  captured: Record<string, tf.Tensor>;
}

/** Who the model is, for stamping results. */
export interface ModelIdentity {
  name: string;
  version?: string;
  source?: string;
}

/** What a loader knows about a model besides its network. */
export interface ModelDescription {
  identity: ModelIdentity;
  inputSpec: InputSpec;
  classNames: readonly string[];
  rawOutput: OutputKind;
  metadata: Readonly<Record<string, unknown>>;
}

/**
 * A loaded image classifier, as explainers see it. Every method takes images in image space:
 * RGB, float 0..255, NHWC, at the model's input size; the model applies its own
 * preprocessing. `run` is synchronous and differentiable, so it can sit inside `tf.grad`
 * and `tf.tidy`.
 */
export interface ClassifierModel {
  readonly identity: ModelIdentity;
  readonly format: ModelFormat;
  readonly inputSpec: InputSpec;
  readonly classNames: readonly string[];
  readonly numClasses: number;
  /** What the underlying network returns. */
  readonly rawOutput: OutputKind;
  /** Whether `run({output: 'logits'})` is possible (the final softmax can be removed). */
  readonly hasLogits: boolean;
  /** Whether `run({relu: 'guided'})` is exact for this model. */
  readonly supportsGuidedRelu: boolean;
  /** Extra facts from the sidecar file (training report, accuracy...). */
  readonly metadata: Readonly<Record<string, unknown>>;

  layers(): LayerInfo[];
  /** A layer by name; throws LAYER_NOT_FOUND naming similar and spatial layers. */
  layer(name: string): LayerInfo;
  /** The last spatial layer fed by a convolution: the usual Grad-CAM layer. */
  lastConvLayer(): LayerInfo;
  /** Image space -> the tensor the first layer expects. */
  preprocess(images: tf.Tensor4D): tf.Tensor4D;
  run(images: tf.Tensor4D, options?: ModelRunOptions): ModelRunResult;
  dispose(): void;
}
