/** The number of segments in labels numbered 0..n-1 (the largest label plus one). */
export function segmentCount(labels: ArrayLike<number>): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++)
    if ((labels[i] as number) > max) max = labels[i] as number;
  return max + 1;
}

/**
 * Renumbers labels to 0..n-1 keeping their order (the smallest label becomes 0), as
 * numpy's `unique(labels, return_inverse=True)`.
 */
export function relabelSequential(labels: ArrayLike<number>): Int32Array {
  const distinct = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  const index = new Map(distinct.map((label, i) => [label, i]));
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = index.get(labels[i] as number) as number;
  return out;
}
