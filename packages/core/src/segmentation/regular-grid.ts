/** numpy.round: halves go to the even neighbour. */
function roundHalfEven(v: number): number {
  const floor = Math.floor(v);
  const diff = v - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

export interface GridAxis {
  start: number;
  /** Step between seeds; `null` when every index is a seed (numpy's slice(None)). */
  step: number | null;
}

/**
 * Seeds spread evenly over an array of the given shape so that there are about `points` of
 * them, as scikit-image's `regular_grid`: one start and step per axis.
 */
export function regularGrid(shape: readonly number[], points: number): GridAxis[] {
  const ndim = shape.length;
  const total = shape.reduce((p, d) => p * d, 1);
  if (total <= points) return shape.map(() => ({ start: 0, step: null }));
  const order = shape.map((d, i) => ({ d, i })).sort((a, b) => a.d - b.d || a.i - b.i);
  const sorted = order.map((o) => o.d);
  const steps = new Array<number>(ndim).fill(Math.pow(total / points, 1 / ndim));
  if (sorted.some((d, i) => d < (steps[i] as number))) {
    for (let dim = 0; dim < ndim; dim++) {
      steps[dim] = sorted[dim] as number;
      const rest = sorted.slice(dim + 1).reduce((p, d) => p * d, 1);
      const step = Math.pow(rest / points, 1 / (ndim - dim - 1));
      for (let k = dim + 1; k < ndim; k++) steps[k] = step;
      if (sorted.every((d, i) => d >= (steps[i] as number))) break;
    }
  }
  const axes = new Array<GridAxis>(ndim);
  order.forEach((o, sortedIndex) => {
    const step = steps[sortedIndex] as number;
    axes[o.i] = { start: Math.floor(step / 2), step: roundHalfEven(step) };
  });
  return axes;
}

/** The indices a GridAxis selects along an axis of length n. */
export function gridIndices(axis: GridAxis, n: number): number[] {
  const out: number[] = [];
  for (let i = axis.start; i < n; i += axis.step ?? 1) out.push(i);
  return out;
}
