/** Shared by the backend tests (not part of the public API). */
import { tf } from '../tf.ts';

export interface Counts {
  tensors: number;
  wasm: number;
  cpu: number;
}

/** Engine tensors plus the data ids each backend holds; equal counts before/after = no leak. */
export function counts(): Counts {
  return {
    tensors: tf.memory().numTensors,
    wasm: tf.findBackend('wasm')?.numDataIds() ?? 0,
    cpu: tf.findBackend('cpu')?.numDataIds() ?? 0,
  };
}

/** max |actual − expected| / max |expected|. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length)
    throw new Error(`length ${actual.length} != ${expected.length}`);
  let err = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    err = Math.max(err, Math.abs((actual[i] as number) - (expected[i] as number)));
    scale = Math.max(scale, Math.abs(expected[i] as number));
  }
  return scale === 0 ? err : err / scale;
}

/** Runs `fn` on `backend` and returns every output's values; switches back afterwards. */
export async function valuesOn(
  backend: string,
  fn: () => tf.Tensor | tf.Tensor[],
): Promise<Float32Array[]> {
  const previous = tf.getBackend();
  await tf.setBackend(backend);
  try {
    const outputs = tf.tidy(fn);
    const list = Array.isArray(outputs) ? outputs : [outputs];
    const values = list.map((t) => Float32Array.from(t.dataSync()));
    tf.dispose(list);
    return values;
  } finally {
    await tf.setBackend(previous);
  }
}

/** Deterministic pseudo-random values in [-1, 1). */
export function seeded(shape: number[], seed: number): tf.Tensor {
  const size = tf.util.sizeFromShape(shape);
  const values = new Float32Array(size);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    values[i] = ((s >>> 0) / 4294967296) * 2 - 1;
  }
  return tf.tensor(values, shape);
}
