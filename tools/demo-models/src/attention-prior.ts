import { tf, tfl } from '@lumen/core';
import type { DemoSample } from '@lumen/core/demo';

/**
 * For each sample, a [gridH, gridW, 1] map of how far each cell of a feature grid is *off* the
 * object: 1 - the share of the cell's central pixels (the 2x2 around its centre for even cell
 * sizes) that lie on the object's mask. Those central pixels are where an upsampled map of the
 * grid peaks, so a model whose features stay out of high-weight cells points at the object.
 */
export function offObjectWeights(
  samples: readonly DemoSample[],
  gridH: number,
  gridW: number,
): tf.Tensor4D {
  const values = new Float32Array(samples.length * gridH * gridW);
  samples.forEach((sample, n) => {
    const cellH = sample.height / gridH;
    const cellW = sample.width / gridW;
    for (let gy = 0; gy < gridH; gy++) {
      const ys = centralPixels(gy, cellH);
      for (let gx = 0; gx < gridW; gx++) {
        const xs = centralPixels(gx, cellW);
        let on = 0;
        for (const y of ys) for (const x of xs) on += sample.mask[y * sample.width + x] ? 1 : 0;
        values[(n * gridH + gy) * gridW + gx] = 1 - on / (ys.length * xs.length);
      }
    }
  });
  return tf.tensor4d(values, [samples.length, gridH, gridW, 1]);
}

function centralPixels(cell: number, cellSize: number): number[] {
  const centre = (cell + 0.5) * cellSize - 0.5;
  return [...new Set([Math.floor(centre), Math.ceil(centre)])];
}

export interface AttentionStepResult {
  loss: number;
  crossEntropy: number;
  offObjectShare: number;
  correct: number;
}

/**
 * One optimiser step on cross-entropy + weight x the mean share of `layerName`'s (non-negative)
 * activation that falls in off-object cells. Used instead of trainOnBatch when a recipe has an
 * attention prior.
 */
export function createAttentionStep(
  model: tfl.LayersModel,
  layerName: string,
  optimizer: tf.Optimizer,
  weight: number,
): (x: tf.Tensor4D, y: tf.Tensor2D, offObject: tf.Tensor4D) => Promise<AttentionStepResult> {
  const features = model.getLayer(layerName).output as tfl.SymbolicTensor;
  const probe = tfl.model({ inputs: model.inputs, outputs: [features, model.outputs[0]!] });
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return async (x, y, offObject) => {
    let parts: tf.Tensor[] = [];
    const loss = optimizer.minimize(
      () => {
        const [activation, probabilities] = probe.apply(x, { training: true }) as [
          tf.Tensor4D,
          tf.Tensor2D,
        ];
        const clipped = tf.clipByValue(probabilities, 1e-7, 1 - 1e-7);
        const crossEntropy = tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(clipped)), -1)));
        const energy = tf.sum(activation, -1, true);
        const share = tf.div(
          tf.sum(tf.mul(energy, offObject), [1, 2, 3]),
          tf.add(tf.sum(energy, [1, 2, 3]), 1e-6),
        );
        const offObjectShare = tf.mean(share);
        const correct = tf.sum(
          tf.cast(tf.equal(tf.argMax(probabilities, -1), tf.argMax(y, -1)), 'float32'),
        );
        parts = [tf.keep(crossEntropy), tf.keep(offObjectShare), tf.keep(correct)];
        return tf.add(crossEntropy, tf.mul(offObjectShare, weight)) as tf.Scalar;
      },
      true,
      variables,
    );
    const [lossValue, ...rest] = await Promise.all([loss!, ...parts].map((t) => t.data()));
    tf.dispose([loss!, ...parts]);
    return {
      loss: lossValue![0]!,
      crossEntropy: rest[0]![0]!,
      offObjectShare: rest[1]![0]!,
      correct: rest[2]![0]!,
    };
  };
}
