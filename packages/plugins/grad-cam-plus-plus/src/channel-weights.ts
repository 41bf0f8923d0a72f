import { tf } from '@lumen/core';

export interface ChannelWeightOptions {
  /**
   * Divide each channel's alphas by their sum over the positions where the gradient is
   * positive, as the authors' released code and tf-keras-vis do (the paper's eq. 19 does not).
   */
  normalizeAlphas: boolean;
}

/**
 * Grad-CAM++ channel weights (Chattopadhay et al. 2018, eqs. 10 and 19) from the first-order
 * gradient g of a score Y = exp(S), written in terms of dS/dA so that exp(S) cancels:
 *
 *   alpha_kc^ij = g^2 / (2 g^2 + sum_ab A_k^ab g^3),   w_k = sum_ij alpha_kc^ij relu(g_k^ij)
 *
 * A zero denominator is replaced by one (its numerator is then zero, or its gradient is not
 * positive, so the position adds nothing). gradients, activations: [n, h, w, c] -> [n, 1, 1, c].
 */
export function gradCamPlusPlusWeights(
  gradients: tf.Tensor4D,
  activations: tf.Tensor4D,
  options: ChannelWeightOptions,
): tf.Tensor4D {
  return tf.tidy(() => {
    const gradSquared = tf.square(gradients);
    const gradCubed = tf.mul(gradSquared, gradients);
    const activationSum = tf.sum(activations, [1, 2], true);
    const denominator = tf.add(tf.mul(gradSquared, 2), tf.mul(activationSum, gradCubed));
    const guarded = tf.where(tf.equal(denominator, 0), tf.onesLike(denominator), denominator);
    let alphas = tf.div(gradSquared, guarded);
    const positiveGradients = tf.relu(gradients);
    if (options.normalizeAlphas) {
      const counted = tf.where(tf.greater(gradients, 0), alphas, tf.zerosLike(alphas));
      const total = tf.sum(counted, [1, 2], true);
      alphas = tf.div(alphas, tf.where(tf.equal(total, 0), tf.onesLike(total), total));
    }
    return tf.sum(tf.mul(alphas, positiveGradients), [1, 2], true) as tf.Tensor4D;
  });
}
