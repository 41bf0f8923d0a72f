/**
 * Sparseness of a map as the Gini index of |values| (Hurley & Rickard 2009; Chalasani et al.
 * 2020 for attributions): 0 when every pixel carries the same attribution, near 1 when a few
 * pixels carry all of it. 0 for an all-zero map.
 */
export function gini(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values, (v) => Math.abs(v)).sort();
  let total = 0;
  for (const v of sorted) total += v;
  if (total === 0) return 0;
  let weighted = 0;
  for (let k = 0; k < n; k++) weighted += (sorted[k] as number) * ((n - (k + 1) + 0.5) / n);
  return 1 - (2 * weighted) / total;
}
