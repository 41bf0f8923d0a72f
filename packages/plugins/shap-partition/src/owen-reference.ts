/**
 * Owen values by their definition, for tests: the mean marginal contribution of each leaf over
 * every order of the leaves in which the leaves of each node of the hierarchy come together.
 * Exponential in the number of internal nodes; only for tiny trees.
 */

/** Every such order, each a list of leaf indices. */
export function hierarchicalOrders<N>(
  root: N,
  split: (node: N) => readonly [N, N] | undefined,
  leaf: (node: N) => number,
): number[][] {
  const halves = split(root);
  if (!halves) return [[leaf(root)]];
  const left = hierarchicalOrders(halves[0], split, leaf);
  const right = hierarchicalOrders(halves[1], split, leaf);
  return left.flatMap((l) =>
    right.flatMap((r) => [
      [...l, ...r],
      [...r, ...l],
    ]),
  );
}

/**
 * Owen values [output][leaf] of a game given on coalitions as bit masks over the leaves
 * (`value(mask)` returns one number per output).
 */
export function owenByDefinition(
  orders: readonly number[][],
  value: (mask: number) => ArrayLike<number>,
  outputs: number,
): Float64Array[] {
  const leaves = orders[0]?.length ?? 0;
  const result = Array.from({ length: outputs }, () => new Float64Array(leaves));
  for (const order of orders) {
    let mask = 0;
    let before = value(mask);
    for (const i of order) {
      mask |= 1 << i;
      const after = value(mask);
      for (let t = 0; t < outputs; t++) {
        const row = result[t] as Float64Array;
        row[i] =
          (row[i] as number) + ((after[t] as number) - (before[t] as number)) / orders.length;
      }
      before = after;
    }
  }
  return result;
}
