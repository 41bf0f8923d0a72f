import type { Map2D } from '../contract/attribution.ts';
import { LumenError } from '../errors.ts';
import type { ClassifierModel } from '../model/classifier-model.ts';
import { gaussianBlur } from '../tensor/blur.ts';
import { tf } from '../tf.ts';
import { descendingOrder } from './ranking.ts';

export type FaithfulnessBaseline = { kind: 'constant'; value: number } | { kind: 'blur'; sigma: number };

export interface FaithfulnessOptions {
  /** Points on each curve after the start (the curve has steps + 1 points). Default 16. */
  steps?: number;
  /** What removed pixels become (deletion). Default: black (RISE paper). */
  deletionBaseline?: FaithfulnessBaseline;
  /** What the image starts as before pixels are inserted. Default: a blurred copy (RISE paper). */
  insertionBaseline?: FaithfulnessBaseline;
  output?: 'probabilities' | 'logits';
  batchSize?: number;
  /** Checked between batches. */
  signal?: AbortSignal;
}

export interface Curve {
  /** Fraction of pixels removed (deletion) or inserted (insertion) at each point. */
  fractions: number[];
  scores: number[];
  /** Trapezoidal area under the score over the fraction axis (0..1). */
  auc: number;
}

export interface FaithfulnessResult {
  deletion: Curve;
  insertion: Curve;
}

export function trapezoidAuc(xs: readonly number[], ys: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < xs.length; i++) area += (((xs[i] as number) - (xs[i - 1] as number)) * ((ys[i] as number) + (ys[i - 1] as number))) / 2;
  return area;
}

function baselineImage(image: tf.Tensor3D, baseline: FaithfulnessBaseline): tf.Tensor3D {
  return baseline.kind === 'blur' ? gaussianBlur(image, baseline.sigma) : (tf.fill(image.shape, baseline.value) as tf.Tensor3D);
}

/**
 * Deletion and insertion curves (Petsiuk et al. 2018, RISE): pixels are removed from the image
 * (deletion) or added to a baseline (insertion) most-attributed first, and the target's score is
 * read after each step. A faithful map makes deletion fall fast (low AUC) and insertion rise
 * fast (high AUC). Every step's image is built with tensor ops and scored in batches.
 */
export async function deletionInsertion(
  model: ClassifierModel,
  image: tf.Tensor3D,
  map: Map2D,
  targetIndex: number,
  options: FaithfulnessOptions = {},
): Promise<FaithfulnessResult> {
  const { height, width } = model.inputSpec;
  if (map.width !== width || map.height !== height) {
    throw new LumenError('SHAPE_MISMATCH', `the map is ${map.width}x${map.height}; the model takes ${width}x${height}`);
  }
  const steps = options.steps ?? 16;
  if (!Number.isInteger(steps) || steps < 1) throw new LumenError('INVALID_PARAMS', `steps must be a positive integer, got ${steps}`);
  const batchSize = options.batchSize ?? 16;
  const pixels = width * height;
  const counts = Array.from({ length: steps + 1 }, (_, i) => Math.round((i * pixels) / steps));
  const fractions = counts.map((c) => c / pixels);

  // rank[p] = position of pixel p in descending attribution order; "the top k" is rank < k.
  const order = descendingOrder(map.data);
  const rank = new Float32Array(pixels);
  order.forEach((pixel, position) => (rank[pixel] = position));
  const rankTensor = tf.tensor3d(rank, [height, width, 1]);
  const deletionBase = baselineImage(image, options.deletionBaseline ?? { kind: 'constant', value: 0 });
  const insertionBase = baselineImage(image, options.insertionBaseline ?? { kind: 'blur', sigma: Math.max(1, width / 16) });
  const output = options.output ?? 'probabilities';
  const jobs = [...counts.map((k) => ({ k, insert: false })), ...counts.map((k) => ({ k, insert: true }))];
  const scores = new Float32Array(jobs.length);
  try {
    for (let start = 0; start < jobs.length; start += batchSize) {
      if (options.signal?.aborted) throw new LumenError('ABORTED', 'faithfulness metrics cancelled');
      const batch = jobs.slice(start, start + batchSize);
      const values = tf.tidy(() => {
        const images = batch.map(({ k, insert }) => {
          const top = tf.cast(tf.less(rankTensor, k), 'float32');
          return insert ? tf.add(tf.mul(image, top), tf.mul(insertionBase, tf.sub(1, top))) : tf.add(tf.mul(deletionBase, top), tf.mul(image, tf.sub(1, top)));
        });
        const out = model.run(tf.stack(images) as tf.Tensor4D, { output }).output;
        return tf.squeeze(tf.slice(out, [0, targetIndex], [-1, 1]), [1]);
      });
      scores.set(await values.data(), start);
      values.dispose();
    }
  } finally {
    tf.dispose([rankTensor, deletionBase, insertionBase]);
  }
  const deletionScores = Array.from(scores.subarray(0, counts.length));
  const insertionScores = Array.from(scores.subarray(counts.length));
  return {
    deletion: { fractions, scores: deletionScores, auc: trapezoidAuc(fractions, deletionScores) },
    insertion: { fractions, scores: insertionScores, auc: trapezoidAuc(fractions, insertionScores) },
  };
}
