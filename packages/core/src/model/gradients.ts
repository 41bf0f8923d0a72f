import { tf } from '../tf.ts';
import type { ClassifierModel } from './classifier-model.ts';

export interface TargetGradientOptions {
  /** Differentiate with respect to this layer's output instead of the input pixels. */
  layer?: string;
  /** Differentiate the class probability (default) or the pre-softmax logit. */
  output?: 'probabilities' | 'logits';
  relu?: 'standard' | 'guided';
  /**
   * 'score': the target's output value. 'cross-entropy': the categorical cross-entropy of the
   * probabilities against a one-hot target (the guided-backprop recipe of the article),
   * whose gradient points the other way (it grows as the class score shrinks).
   */
  objective?: 'score' | 'cross-entropy';
}

export interface TargetGradients {
  /** d objective / d (images or layer output), same shape as what was differentiated. */
  gradients: tf.Tensor;
  /** The layer's output (only when `layer` is set). */
  activations?: tf.Tensor;
  /** The model's output for the batch ([n, classes]): as chosen by `output`; logits for cross-entropy when the model has them. */
  outputs: tf.Tensor2D;
}

function oneHotTargets(targets: number | readonly number[], batch: number, classes: number): tf.Tensor2D {
  const indices = typeof targets === 'number' ? new Array<number>(batch).fill(targets) : [...targets];
  if (indices.length !== batch) throw new Error(`${indices.length} target classes for a batch of ${batch}`);
  // A one-hot product rather than gather: gather's gradient needs kernels the wasm backend lacks.
  return tf.cast(tf.oneHot(tf.tensor1d(indices, 'int32'), classes), 'float32') as tf.Tensor2D;
}

/**
 * tf.grad runs its function in a scope of its own, so the output has to be kept to survive it;
 * kept tensors escape every tidy, so hand back a tracked clone and release the kept one.
 */
function untrack(kept: tf.Tensor2D | undefined): tf.Tensor2D {
  if (!kept) throw new Error('the model produced no output');
  const tracked = tf.clone(kept);
  kept.dispose();
  return tracked;
}

/**
 * Gradient of each image's target class with respect to the image (image space, RGB 0..255)
 * or to a layer's activations. Rows are independent: row i is differentiated for targets[i].
 */
export function targetGradients(
  model: ClassifierModel,
  images: tf.Tensor4D,
  targets: number | readonly number[],
  options: TargetGradientOptions = {},
): TargetGradients {
  return tf.tidy(() => {
    const mask = oneHotTargets(targets, images.shape[0], model.numClasses);
    const objective = options.objective ?? 'score';
    // Cross-entropy from logits (log-softmax) stays exact for rare classes; from probabilities
    // it needs a clip, which zeroes the gradient of any class below the clip.
    const crossEntropyFromLogits = objective === 'cross-entropy' && model.hasLogits;
    const output = objective === 'cross-entropy' ? (crossEntropyFromLogits ? 'logits' : 'probabilities') : (options.output ?? 'probabilities');
    const relu = options.relu ?? 'standard';
    const reduce = (out: tf.Tensor2D): tf.Scalar => {
      if (objective === 'score') return tf.sum(tf.mul(out, mask)) as tf.Scalar;
      const logProbabilities = crossEntropyFromLogits ? tf.logSoftmax(out) : tf.log(tf.clipByValue(out, 1e-7, 1));
      return tf.neg(tf.sum(tf.mul(mask, logProbabilities))) as tf.Scalar;
    };

    if (!options.layer) {
      let outputs: tf.Tensor2D | undefined;
      const gradients = tf.grad((x: tf.Tensor) => {
        const out = model.run(x as tf.Tensor4D, { output, relu }).output;
        outputs = tf.keep(out);
        return reduce(out);
      })(images);
      return { gradients, outputs: untrack(outputs) };
    }
    const layer = options.layer;
    const activations = model.run(images, { capture: [layer] }).captured[layer] as tf.Tensor;
    let outputs: tf.Tensor2D | undefined;
    const gradients = tf.grad((a: tf.Tensor) => {
      const out = model.run(images, { feed: { [layer]: a }, output, relu }).output;
      outputs = tf.keep(out);
      return reduce(out);
    })(activations);
    return { gradients, activations, outputs: untrack(outputs) };
  });
}
