export const DISTANCE_METRICS = ['cosine', 'euclidean', 'manhattan', 'hamming'] as const;
export type DistanceMetric = (typeof DISTANCE_METRICS)[number];

/**
 * Distance from each binary sample (1 = superpixel kept) to the original (all ones), as
 * sklearn's pairwise_distances(data, data[0]) for that metric. With k of p features kept:
 * cosine 1 - sqrt(k/p) (1 for the empty sample), euclidean sqrt(p - k), manhattan p - k,
 * hamming (p - k) / p.
 */
export function sampleDistances(
  samples: Uint8Array,
  count: number,
  features: number,
  metric: DistanceMetric,
): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let kept = 0;
    for (let j = 0; j < features; j++) kept += samples[i * features + j] as number;
    const off = features - kept;
    switch (metric) {
      case 'cosine':
        out[i] = kept === 0 ? 1 : Math.min(2, Math.max(0, 1 - Math.sqrt(kept / features)));
        break;
      case 'euclidean':
        out[i] = Math.sqrt(off);
        break;
      case 'manhattan':
        out[i] = off;
        break;
      case 'hamming':
        out[i] = off / features;
        break;
    }
  }
  return out;
}

/** lime's default kernel: sqrt(exp(-d^2 / width^2)). */
export function exponentialKernel(distances: ArrayLike<number>, width: number): Float64Array {
  return Float64Array.from(distances as ArrayLike<number>, (d) =>
    Math.sqrt(Math.exp(-(d * d) / (width * width))),
  );
}
