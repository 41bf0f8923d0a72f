import { describe, expect, it } from 'vitest';
import { owenValues, type OwenOptions, type OwenResult, type PartitionGame } from './owen.ts';
import { hierarchicalOrders, owenByDefinition } from './owen-reference.ts';

/** Leaves 0..n-1; a node is the range [lo, hi), halved with the lower half getting floor(n/2). */
type Range = readonly [number, number];
const split = ([lo, hi]: Range): [Range, Range] | undefined => {
  if (hi - lo < 2) return undefined;
  const mid = lo + Math.floor((hi - lo) / 2);
  return [
    [lo, mid],
    [mid, hi],
  ];
};

/** A game over n leaves; records the size of every evaluate call. */
function rangeGame(
  n: number,
  value: (mask: number) => number[],
): PartitionGame<Range> & { calls: number[] } {
  const calls: number[] = [];
  return {
    root: [0, n],
    split,
    key: ([lo, hi]) => lo * (n + 1) + hi,
    calls,
    async evaluate(coalitions) {
      calls.push(coalitions.length);
      return coalitions.map((nodes) => {
        let mask = 0;
        for (const [lo, hi] of nodes) for (let i = lo; i < hi; i++) mask |= 1 << i;
        return Float64Array.from(value(mask));
      });
    },
  };
}

/** Leaf values: each node's credit spread evenly over its leaves. */
function perLeaf(result: OwenResult<Range>, n: number, outputs: number): Float64Array[] {
  const leaves = Array.from({ length: outputs }, () => new Float64Array(n));
  for (const { node, value } of result.credits) {
    for (let i = node[0]; i < node[1]; i++) {
      for (let t = 0; t < outputs; t++)
        leaves[t]![i] = leaves[t]![i]! + value[t]! / (node[1] - node[0]);
    }
  }
  return leaves;
}

const a = [3, -1, 4, 1, -5, 9, 2, -6];
const b = [0.5, -0.2, 0.3, 0.8, -0.4, 0.1, 0.6, -0.7];
/** Two outputs with interactions: (sum of a)^2 and prod(1 + b) - 1. */
const nonlinear = (mask: number): number[] => {
  let sum = 0;
  let product = 1;
  for (let i = 0; i < 8; i++) {
    if (mask & (1 << i)) {
      sum += a[i]!;
      product *= 1 + b[i]!;
    }
  }
  return [sum * sum, product - 1];
};
/** The internal nodes above leaf i, from the root down. */
function ancestors(i: number): Range[] {
  const nodes: Range[] = [];
  let node: Range = [0, 8];
  for (let halves = split(node); halves; halves = split(node)) {
    nodes.push(node);
    node = i < halves[0][1] ? halves[0] : halves[1];
  }
  return nodes;
}

const members = (mask: number, n = 8) =>
  Array.from({ length: n }, (_, i) => i).filter((i) => mask & (1 << i));

const options = (over: Partial<OwenOptions> = {}): OwenOptions => {
  let tie = 0;
  return {
    maxEvals: 10_000,
    batchSize: 50,
    fixedContext: undefined,
    tieBreak: () => (tie = (tie * 7 + 3) % 101),
    ...over,
  };
};

describe('owenValues (SHAP Partition recursion)', () => {
  it('gives the Owen values of the hierarchy when the budget reaches every leaf', async () => {
    const game = rangeGame(8, nonlinear);
    const result = await owenValues(game, options());
    // A balanced tree of 8 leaves: 1 + 4 + 16 expansions of 2 evaluations, plus empty and full.
    expect(result.evaluations).toBe(44);
    const expected = owenByDefinition(
      hierarchicalOrders<Range>([0, 8], split, ([lo]) => lo),
      (m) => nonlinear(m),
      2,
    );
    const leaves = perLeaf(result, 8, 2);
    for (let t = 0; t < 2; t++)
      expect(Array.from(leaves[t]!)).toEqual(
        Array.from(expected[t]!).map((v) => expect.closeTo(v, 10)),
      );
  });

  it('is efficient at every budget and batch size, and never exceeds the budget', async () => {
    const full = nonlinear(255);
    const empty = nonlinear(0);
    for (const maxEvals of [2, 3, 4, 5, 9, 16, 17, 30, 43]) {
      for (const batchSize of [1, 2, 7, 50]) {
        const game = rangeGame(8, nonlinear);
        const result = await owenValues(game, options({ maxEvals, batchSize }));
        expect(result.evaluations).toBeLessThanOrEqual(maxEvals);
        expect(game.calls.slice(1).every((size) => size <= Math.max(2, batchSize + 1))).toBe(true);
        const leaves = perLeaf(result, 8, 2);
        for (let t = 0; t < 2; t++) {
          expect(leaves[t]!.reduce((s, v) => s + v, 0)).toBeCloseTo(full[t]! - empty[t]!, 9);
        }
        expect(Array.from(result.baseValue)).toEqual(empty);
        expect(Array.from(result.fullValue)).toEqual(full);
      }
    }
  });

  it('spends the whole budget in batches of batchSize on a large tree', async () => {
    const game = rangeGame(30, (mask) => [
      members(mask, 30).reduce((s, i) => s + Math.sin(i) * (i % 3), 0) ** 2,
    ]);
    const result = await owenValues(game, options({ maxEvals: 200, batchSize: 16 }));
    expect(result.evaluations).toBe(200);
    expect(game.calls.slice(0, 4)).toEqual([2, 2, 8, 16]);
    expect(game.calls.reduce((s, c) => s + c, 0)).toBe(200);
  });

  it('with only the empty and full evaluations, spreads v(all) - v(empty) evenly', async () => {
    const result = await owenValues(rangeGame(8, nonlinear), options({ maxEvals: 2 }));
    expect(result.credits).toHaveLength(1);
    expect(result.credits[0]!.node).toEqual([0, 8]);
    expect(Array.from(result.credits[0]!.value)).toEqual([
      nonlinear(255)[0]! - nonlinear(0)[0]!,
      nonlinear(255)[1]! - nonlinear(0)[1]!,
    ]);
  });

  it('expands where the output changes most first', async () => {
    // Only leaf 5 matters: 7 expansions down its path (in both contexts) put all credit on it.
    const game = rangeGame(8, (mask) => [mask & (1 << 5) ? 2 : 0]);
    const result = await owenValues(game, options({ maxEvals: 16, batchSize: 2 }));
    expect(Array.from(perLeaf(result, 8, 1)[0]!)).toEqual([0, 0, 0, 0, 0, 2, 0, 0]);
  });

  it('with fixedContext 0, evaluates every half with its sibling hidden and leaves the interaction on the parent', async () => {
    const result = await owenValues(rangeGame(8, nonlinear), options({ fixedContext: 0 }));
    expect(result.evaluations).toBe(2 + 2 * 7);
    const leaves = perLeaf(result, 8, 2);
    // Leaf i: v({i}) - v({}) + sum over its ancestors A of I(A) / |A|, I(A) = v(A) - v(left) - v(right) + v({}).
    const bits = (lo: number, hi: number) =>
      members(255)
        .filter((i) => i >= lo && i < hi)
        .reduce((m, i) => m | (1 << i), 0);
    for (let t = 0; t < 2; t++) {
      const v = (lo: number, hi: number) => nonlinear(bits(lo, hi))[t]!;
      for (let i = 0; i < 8; i++) {
        let expected = v(i, i + 1) - v(0, 0);
        for (const [lo, hi] of ancestors(i)) {
          const [left, right] = split([lo, hi])!;
          expected +=
            (v(lo, hi) - v(left[0], left[1]) - v(right[0], right[1]) + v(0, 0)) / (hi - lo);
        }
        expect(leaves[t]![i]).toBeCloseTo(expected, 9);
      }
    }
  });

  it('with fixedContext 1, evaluates every half with everything else shown', async () => {
    const result = await owenValues(rangeGame(8, nonlinear), options({ fixedContext: 1 }));
    const leaves = perLeaf(result, 8, 2);
    const without = (lo: number, hi: number) =>
      members(255)
        .filter((i) => i < lo || i >= hi)
        .reduce((m, i) => m | (1 << i), 0);
    for (let t = 0; t < 2; t++) {
      const v = (mask: number) => nonlinear(mask)[t]!;
      for (let i = 0; i < 8; i++) {
        let expected = v(255) - v(without(i, i + 1));
        for (const [lo, hi] of ancestors(i)) {
          const [left, right] = split([lo, hi])!;
          const interaction =
            v(255) -
            v(without(left[0], left[1])) -
            v(without(right[0], right[1])) +
            v(without(lo, hi));
          expected -= interaction / (hi - lo);
        }
        expect(leaves[t]![i]).toBeCloseTo(expected, 9);
      }
    }
  });
});
