/** Indices of `values` sorted by decreasing value (ties by index, for determinism). */
export function descendingOrder(values: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: values.length }, (_, i) => i);
  order.sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
  return order;
}

/** How many pixels "the top `fraction`" means: at least one, at most all. */
export function topCount(length: number, fraction: number): number {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`fraction must be in (0, 1], got ${fraction}`);
  return Math.min(length, Math.max(1, Math.round(length * fraction)));
}

/** Membership of the top `fraction` of pixels by value. */
export function topMask(values: ArrayLike<number>, fraction: number): Uint8Array {
  const order = descendingOrder(values);
  const mask = new Uint8Array(values.length);
  const k = topCount(values.length, fraction);
  for (let i = 0; i < k; i++) mask[order[i] as number] = 1;
  return mask;
}

/** Ranks 1..n with ties given their average rank (as Spearman's rho needs). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1] as number] === values[order[i] as number]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = rank;
    i = j + 1;
  }
  return ranks;
}
