import { LumenError, targetGradients, tf, type ExplainContext } from '@lumen/core';

export type Output = 'logits' | 'probabilities';

/**
 * Where attributions live: the image pixels, or the activations of one layer (the article's
 * `map2layer`). Holds the explained point and the background rows as plain arrays in that
 * space, their model scores, and differentiates the model from that space on.
 */
export interface AttributionSpace {
  /** 'input' or the layer's name. */
  name: string;
  /** Shape of one point, without the batch dimension. */
  shape: number[];
  size: number;
  explicand: Float32Array;
  /** [backgroundCount x size], row-major. */
  background: Float32Array;
  backgroundCount: number;
  /** Model scores per class of the explained image ([numClasses]) and of each background row ([backgroundCount x numClasses]). */
  explicandScores: Float32Array;
  backgroundScores: Float32Array;
  /** Gradients of each row's class score at `points` ([rows x size]); returns [rows x size]. */
  gradients(points: Float32Array, classes: number[]): Float32Array;
}

export interface SpaceOptions {
  image: tf.Tensor3D;
  background: tf.Tensor4D;
  output: Output;
  /** The run's progress total, so the background pass takes its place in it. */
  total: number;
}

function read(tensor: tf.Tensor): Float32Array {
  try {
    return Float32Array.from(tensor.dataSync());
  } finally {
    tensor.dispose();
  }
}

function oneHot(classes: number[], numClasses: number): tf.Tensor2D {
  // A product with a one-hot mask rather than gather: gather's gradient lacks wasm kernels.
  return tf.cast(tf.oneHot(tf.tensor1d(classes, 'int32'), numClasses), 'float32') as tf.Tensor2D;
}

export async function inputSpace(
  ctx: ExplainContext<unknown>,
  { image, background, output, total }: SpaceOptions,
): Promise<AttributionSpace> {
  const { model } = ctx;
  const count = background.shape[0];
  const backgroundScores = await ctx.predict(
    count,
    (start, end) => tf.slice(background, start, end - start),
    {
      output,
      stage: 'background',
      total,
    },
  );
  const explicandScores = read(
    tf.tidy(() => model.run(tf.expandDims(image, 0) as tf.Tensor4D, { output }).output),
  );
  const shape = image.shape.slice();
  return {
    name: 'input',
    shape,
    size: image.size,
    explicand: Float32Array.from(image.dataSync()),
    background: Float32Array.from(background.dataSync()),
    backgroundCount: count,
    explicandScores,
    backgroundScores,
    gradients: (points, classes) =>
      read(
        tf.tidy(() => {
          const [height, width, channels] = image.shape;
          const batch = tf.tensor4d(points, [classes.length, height, width, channels]);
          return targetGradients(model, batch, classes, { output }).gradients;
        }),
      ),
  };
}

/**
 * The model from `layer` on, as a function of that layer's output alone. That only holds when
 * every path from the image to the output passes through the layer; a skip connection around
 * it would still read the image. Checked on the background: feeding a background row's
 * activations must give that row's score even with the explained image as input.
 */
export async function layerSpace(
  ctx: ExplainContext<unknown>,
  layer: string,
  { image, background, output, total }: SpaceOptions,
): Promise<AttributionSpace> {
  const { model } = ctx;
  const count = background.shape[0];
  const classes = model.numClasses;
  const tiled = (rows: number) => tf.tile(tf.expandDims(image, 0), [rows, 1, 1, 1]) as tf.Tensor4D;

  const first = tf.tidy(() => {
    const { output: scores, captured } = model.run(tf.expandDims(image, 0) as tf.Tensor4D, {
      capture: [layer],
      output,
    });
    return { scores, activations: captured[layer] as tf.Tensor };
  });
  const shape = first.activations.shape.slice(1);
  const explicandScores = read(first.scores);
  const explicand = read(first.activations);
  const size = explicand.length;

  const values = new Float32Array(count * size);
  const backgroundScores = new Float32Array(count * classes);
  // Saturated probabilities can hide a mismatch; logits, where the model has them, do not.
  const checkOn: Output = model.hasLogits ? 'logits' : 'probabilities';
  let worstMismatch = 0;
  await ctx.forEachBatch(
    count,
    (start, end) => {
      const [scores, direct, fed, activations] = tf.tidy(() => {
        const rows = tf.slice(background, start, end - start);
        const run = model.run(rows, { capture: [layer], output: checkOn });
        const acts = run.captured[layer] as tf.Tensor;
        const viaLayer = model.run(tiled(end - start), {
          feed: { [layer]: acts },
          output: checkOn,
        }).output;
        const wanted = output === checkOn ? tf.clone(run.output) : tf.softmax(run.output);
        return [wanted, run.output, viaLayer, acts];
      });
      backgroundScores.set(read(scores), start * classes);
      values.set(read(activations), start * size);
      const reference = read(direct);
      const candidate = read(fed);
      for (let i = 0; i < reference.length; i++) {
        const mismatch =
          Math.abs((reference[i] as number) - (candidate[i] as number)) /
          (1 + Math.abs(reference[i] as number));
        worstMismatch = Math.max(worstMismatch, mismatch);
      }
    },
    { stage: 'background', total },
  );
  if (worstMismatch > 1e-3) {
    throw new LumenError(
      'INVALID_PARAMS',
      `layer '${layer}' is bypassed by another path to the output (a skip connection), so the model is not a function of its activations alone and attributions there would not add up; pick a layer every path goes through, such as a block's output`,
      { details: { layer, mismatch: worstMismatch } },
    );
  }

  return {
    name: layer,
    shape,
    size,
    explicand,
    background: values,
    backgroundCount: count,
    explicandScores,
    backgroundScores,
    gradients: (points, rowClasses) =>
      read(
        tf.tidy(() => {
          const rows = rowClasses.length;
          const mask = oneHot(rowClasses, classes);
          const images = tiled(rows);
          const at = tf.tensor(points, [rows, ...shape]);
          return tf.grad(
            (a: tf.Tensor) =>
              tf.sum(
                tf.mul(model.run(images, { feed: { [layer]: a }, output }).output, mask),
              ) as tf.Scalar,
          )(at);
        }),
      ),
  };
}
