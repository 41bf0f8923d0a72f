import { MaxHeap } from './max-heap.ts';

/**
 * A cooperative game over the leaves of a binary partition tree, as SHAP's Partition explainer
 * sees a model with a masker: `evaluate` gives, for each coalition (the tree nodes whose
 * features are shown; everything else masked), the value of every output being explained.
 */
export interface PartitionGame<N> {
  readonly root: N;
  /** The two halves of a node, or undefined for a leaf. */
  split(node: N): readonly [N, N] | undefined;
  /** Identifies a node, so that credit given to it in different contexts adds up. */
  key(node: N): number;
  /** `done` evaluations have been made before these. */
  evaluate(coalitions: readonly (readonly N[])[], done: number): Promise<Float64Array[]>;
}

export interface OwenOptions {
  /** Model evaluations in all, the two for the empty and the full coalition included. */
  maxEvals: number;
  /** How many coalitions to evaluate at once; also how far ahead work is taken off the queue. */
  batchSize: number;
  /** SHAP's fixed_context: undefined averages both contexts (Owen values); 0 / 1 keeps one. */
  fixedContext: 0 | 1 | undefined;
  /** Breaks ties between equal priorities (SHAP draws a normal deviate). */
  tieBreak: () => number;
}

export interface NodeCredit<N> {
  node: N;
  /** Credit for each output, to be spread evenly over the node's leaves. */
  value: Float64Array;
}

export interface OwenResult<N> {
  credits: NodeCredit<N>[];
  /** v(empty coalition) and v(everything), per output. */
  baseValue: Float64Array;
  fullValue: Float64Array;
  evaluations: number;
}

interface Coalition<N> {
  node: N;
  rest: Coalition<N> | undefined;
}

/** A node in a context: its marginal contribution high - low, at this weight, is still to be divided. */
interface Work<N> {
  node: N;
  context: Coalition<N> | undefined;
  low: Float64Array;
  high: Float64Array;
  weight: number;
}

function members<N>(coalition: Coalition<N> | undefined): N[] {
  const nodes: N[] = [];
  for (let c = coalition; c; c = c.rest) nodes.push(c.node);
  return nodes;
}

function largestChange(low: Float64Array, high: Float64Array): number {
  let largest = 0;
  for (let t = 0; t < low.length; t++)
    largest = Math.max(largest, Math.abs((high[t] as number) - (low[t] as number)));
  return largest;
}

/**
 * SHAP's Partition explainer (`PartitionExplainer.owen`): start from the whole image between
 * the empty and the full coalition; repeatedly take the piece of work with the largest
 * |change| x weight, evaluate its two halves switched on in its context, and queue each half
 * both without and with its sibling (weight halved). The marginal contributions always add up
 * to v(all) - v(empty), so the result is efficient at any budget; work left when the budget
 * is spent keeps its contribution on its node, to be spread evenly over the node's leaves.
 * With the budget to reach every leaf, the result is the Owen value of the hierarchy.
 */
export async function owenValues<N>(
  game: PartitionGame<N>,
  options: OwenOptions,
): Promise<OwenResult<N>> {
  const { maxEvals, batchSize, fixedContext, tieBreak } = options;
  const [baseValue, fullValue] = await game.evaluate([[], [game.root]], 0);
  if (!baseValue || !fullValue)
    throw new Error('the game returned no values for the empty and full coalitions');

  const credits = new Map<number, NodeCredit<N>>();
  const credit = (node: N, low: Float64Array, high: Float64Array, scale: number): void => {
    const key = game.key(node);
    let entry = credits.get(key);
    if (!entry) {
      entry = { node, value: new Float64Array(low.length) };
      credits.set(key, entry);
    }
    for (let t = 0; t < low.length; t++) {
      entry.value[t] =
        (entry.value[t] as number) + ((high[t] as number) - (low[t] as number)) * scale;
    }
  };

  const queue = new MaxHeap<Work<N>>();
  const enqueue = (work: Work<N>): void =>
    queue.push(work, largestChange(work.low, work.high) * work.weight, tieBreak());
  queue.push(
    { node: game.root, context: undefined, low: baseValue, high: fullValue, weight: 1 },
    0,
    0,
  );

  const budget = maxEvals - 2;
  let used = 0;
  while (queue.size > 0) {
    if (used + 2 > budget) {
      while (queue.size > 0) {
        const work = queue.pop();
        credit(work.node, work.low, work.high, work.weight);
      }
      break;
    }
    const batch: { work: Work<N>; left: N; right: N }[] = [];
    while (
      queue.size > 0 &&
      batch.length * 2 < batchSize &&
      used + batch.length * 2 + 2 <= budget
    ) {
      const work = queue.pop();
      const halves = game.split(work.node);
      if (!halves) {
        credit(work.node, work.low, work.high, work.weight);
        continue;
      }
      batch.push({ work, left: halves[0], right: halves[1] });
    }
    if (batch.length === 0) continue;

    const coalitions = batch.flatMap(({ work, left, right }) => [
      members({ node: left, rest: work.context }),
      members({ node: right, rest: work.context }),
    ]);
    const values = await game.evaluate(coalitions, 2 + used);
    used += coalitions.length;

    batch.forEach(({ work, left, right }, b) => {
      const leftOn = values[2 * b] as Float64Array;
      const rightOn = values[2 * b + 1] as Float64Array;
      const { context, low, high } = work;
      let weight = work.weight;
      if (fixedContext === undefined) {
        weight /= 2;
      } else {
        // One context only: the halves' interaction stays on this node.
        const interaction = high.map(
          (h, t) => h - (leftOn[t] as number) - (rightOn[t] as number) + (low[t] as number),
        );
        credit(
          work.node,
          new Float64Array(low.length),
          interaction,
          fixedContext === 0 ? weight : -weight,
        );
      }
      if (fixedContext !== 1) {
        enqueue({ node: left, context, low, high: leftOn, weight });
        enqueue({ node: right, context, low, high: rightOn, weight });
      }
      if (fixedContext !== 0) {
        enqueue({
          node: left,
          context: { node: right, rest: context },
          low: rightOn,
          high,
          weight,
        });
        enqueue({ node: right, context: { node: left, rest: context }, low: leftOn, high, weight });
      }
    });
  }

  return { credits: [...credits.values()], baseValue, fullValue, evaluations: 2 + used };
}
