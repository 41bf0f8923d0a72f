import { CholeskyDecomposition, Matrix } from 'ml-matrix';

/** One breakpoint of the lasso path: the penalty (sklearn's alpha) and the coefficients there. */
export interface LassoKnot {
  alpha: number;
  coef: Float64Array;
}

/**
 * The lasso regularisation path by least-angle regression with the lasso modification
 * (Efron, Hastie, Johnstone & Tibshirani 2004), as sklearn's `lars_path(X, y, method='lasso')`
 * returns it: a knot wherever a variable enters or leaves the active set, from all-zero
 * coefficients (alpha = max|X'y| / n) to the least-squares fit. It works from the Gram matrix
 * X'X (p x p, row-major) and X'y, so the samples never need to be materialised.
 */
export function lassoPath(
  gram: ArrayLike<number>,
  xy: ArrayLike<number>,
  samples: number,
  maxIter = 500,
): LassoKnot[] {
  const p = xy.length;
  const beta = new Float64Array(p);
  const correlation = Float64Array.from(xy);
  const active: number[] = [];
  const excluded = new Uint8Array(p);
  let strongest = 0;
  for (let j = 0; j < p; j++)
    if (Math.abs(correlation[j] as number) > Math.abs(correlation[strongest] as number))
      strongest = j;
  const peak = Math.abs((correlation[strongest] as number) ?? 0);
  const knots: LassoKnot[] = [{ alpha: peak / samples, coef: beta.slice() }];
  if (p === 0 || peak === 0) return knots;
  const tolerance = 1e-12 * peak;
  active.push(strongest);

  for (let iter = 0; iter < maxIter && active.length > 0; iter++) {
    // Correlations with the current residual: X'(y - X beta) = X'y - G beta.
    for (let j = 0; j < p; j++) {
      let v = xy[j] as number;
      for (let k = 0; k < p; k++)
        if (beta[k] !== 0) v -= (gram[j * p + k] as number) * (beta[k] as number);
      correlation[j] = v;
    }
    let level = 0;
    for (const j of active) level = Math.max(level, Math.abs(correlation[j] as number));
    if (level <= tolerance) break;

    const signs = active.map((j) => Math.sign(correlation[j] as number) || 1);
    const direction = equiangularDirection(gram, p, active, signs);
    if (!direction) {
      // The newest variable is a linear combination of the others: it can never enter.
      excluded[active.pop() as number] = 1;
      continue;
    }
    const { coef: step, norm } = direction;
    // How fast each variable's correlation falls along the direction: a = G[:, A] step.
    const fall = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      let v = 0;
      active.forEach((k, a) => (v += (gram[j * p + k] as number) * (step[a] as number)));
      fall[j] = v;
    }

    let gamma = level / norm;
    let entering = -1;
    for (let j = 0; j < p; j++) {
      if (excluded[j] || active.includes(j)) continue;
      const c = correlation[j] as number;
      const a = fall[j] as number;
      for (const candidate of [(level - c) / (norm - a), (level + c) / (norm + a)]) {
        if (candidate > tolerance / norm && candidate < gamma) {
          gamma = candidate;
          entering = j;
        }
      }
    }
    let leaving = -1;
    active.forEach((k, a) => {
      const d = step[a] as number;
      if (d === 0) return;
      const toZero = -(beta[k] as number) / d;
      if (toZero > 0 && toZero < gamma) {
        gamma = toZero;
        leaving = a;
      }
    });

    active.forEach((k, a) => (beta[k] = (beta[k] as number) + gamma * (step[a] as number)));
    const reachedLeastSquares = entering < 0 && leaving < 0;
    if (leaving >= 0) {
      beta[active[leaving] as number] = 0;
      active.splice(leaving, 1);
    } else if (entering >= 0) {
      active.push(entering);
    }
    knots.push({ alpha: Math.max(0, level - gamma * norm) / samples, coef: beta.slice() });
    if (reachedLeastSquares) break;
  }
  return knots;
}

/**
 * The direction in which the active coefficients move so that every active correlation
 * falls at the same rate: step = s_A' G_A^-1 / sqrt(s' G_A^-1 s), with `norm` that rate.
 * Undefined when G_A is singular.
 */
function equiangularDirection(
  gram: ArrayLike<number>,
  p: number,
  active: number[],
  signs: number[],
): { coef: Float64Array; norm: number } | undefined {
  const k = active.length;
  const system = new Matrix(k, k);
  active.forEach((i, a) => active.forEach((j, b) => system.set(a, b, gram[i * p + j] as number)));
  const cholesky = new CholeskyDecomposition(system);
  if (!cholesky.isPositiveDefinite()) return undefined;
  const solved = cholesky.solve(Matrix.columnVector(signs));
  let quadratic = 0;
  for (let a = 0; a < k; a++) quadratic += (signs[a] as number) * solved.get(a, 0);
  if (!(quadratic > 0)) return undefined;
  const norm = 1 / Math.sqrt(quadratic);
  const coef = new Float64Array(k);
  for (let a = 0; a < k; a++) coef[a] = norm * solved.get(a, 0);
  return { coef, norm };
}
