import type { ActivationMaps } from './activation-maps.ts';

export interface CombinedMap {
  /** [height, width] at the layer's resolution. */
  data: Float32Array;
  /** The largest value of the weighted sum (after the ReLU, when applied), before normalisation. */
  peak: number;
}

/** relu?(Σ_k w_k A_k) over `channels`, divided by its maximum when `normalize` is set. */
export function combineMaps(
  maps: ActivationMaps,
  channels: readonly number[],
  weights: Float32Array,
  { relu, normalize }: { relu: boolean; normalize: boolean },
): CombinedMap {
  const size = maps.height * maps.width;
  const sum = new Float64Array(size);
  channels.forEach((k, i) => {
    const weight = weights[i] as number;
    const map = maps.data.subarray(k * size, (k + 1) * size);
    for (let p = 0; p < size; p++) sum[p] = (sum[p] as number) + weight * (map[p] as number);
  });
  if (relu) for (let p = 0; p < size; p++) sum[p] = Math.max(0, sum[p] as number);
  const peak = sum.reduce((m, v) => Math.max(m, v), -Infinity);
  const scale = normalize ? 1 / Math.max(peak, 1e-12) : 1;
  return { data: Float32Array.from(sum, (v) => v * scale), peak };
}
