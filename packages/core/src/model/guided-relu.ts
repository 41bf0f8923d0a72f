import { tf } from '../tf.ts';

/**
 * Guided backpropagation's ReLU (Springenberg et al. 2015): forward is an ordinary (capped)
 * ReLU; backward passes the incoming gradient only where it is positive AND the forward
 * input was positive (and below the cap, for ReLU6-style units).
 */
function makeGuided(cap: number | null): (x: tf.Tensor) => tf.Tensor {
  return tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    const value = cap === null ? tf.relu(x) : tf.clipByValue(x, 0, cap);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [input] = saved as [tf.Tensor];
        let pass = tf.logicalAnd(tf.greater(dy, 0), tf.greater(input, 0));
        if (cap !== null) pass = tf.logicalAnd(pass, tf.less(input, cap));
        return tf.mul(dy, tf.cast(pass, 'float32'));
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;
}

export const guidedRelu = makeGuided(null);
export const guidedRelu6 = makeGuided(6);

const capped = new Map<number, (x: tf.Tensor) => tf.Tensor>();
export function guidedReluCapped(cap: number): (x: tf.Tensor) => tf.Tensor {
  let fn = capped.get(cap);
  if (!fn) {
    fn = makeGuided(cap);
    capped.set(cap, fn);
  }
  return fn;
}
