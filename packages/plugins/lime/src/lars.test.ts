import { createRandom } from '@lumen/core';
import { describe, expect, it } from 'vitest';
import { lassoPath, type LassoKnot } from './lars.ts';
import { WeightedDesign } from './weighted-design.ts';

/** Correlated columns (a shared factor) and a sparse truth, so that the lasso path is not trivial. */
function correlatedProblem(
  seed: number,
  n = 20,
  p = 5,
): { gram: Float64Array; xy: Float64Array; n: number; p: number } {
  const random = createRandom(seed);
  const factor = Array.from({ length: n }, () => random.normal());
  const data = new Float64Array(n * p);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++) data[i * p + j] = 1.5 * (factor[i] as number) + random.normal();
  const y = Array.from(
    { length: n },
    (_, i) =>
      2 * (data[i * p] as number) -
      1.5 * (data[i * p + 1] as number) +
      (data[i * p + 2] as number) +
      0.3 * random.normal(),
  );
  const design = new WeightedDesign(data, n, p, new Array<number>(n).fill(1));
  return { gram: design.gram, xy: design.moments(y).xy, n, p };
}

/** The lasso optimality conditions at a knot: |X'r| <= n alpha, with equality and matching sign on the support. */
function expectKkt(knot: LassoKnot, gram: Float64Array, xy: Float64Array, n: number): void {
  const p = xy.length;
  const bound = n * knot.alpha;
  const tolerance = 1e-8 * Math.max(1, Math.abs(xy[0] as number));
  for (let j = 0; j < p; j++) {
    let c = xy[j] as number;
    for (let k = 0; k < p; k++) c -= (gram[j * p + k] as number) * (knot.coef[k] as number);
    expect(Math.abs(c)).toBeLessThanOrEqual(bound + tolerance);
    const b = knot.coef[j] as number;
    if (b !== 0) expect(c * Math.sign(b)).toBeCloseTo(bound, 6);
  }
}

describe('lassoPath', () => {
  it('soft-thresholds an orthogonal design: variables enter by |X^T y|, knots at |X^T y| / n', () => {
    const n = 4;
    const gram = Float64Array.from([n, 0, 0, 0, n, 0, 0, 0, n]);
    const xy = Float64Array.from([3, -8, 5]);
    const knots = lassoPath(gram, xy, n);
    expect(knots.map((k) => k.alpha)).toEqual([2, 1.25, 0.75, 0]);
    for (const knot of knots) {
      for (let j = 0; j < 3; j++) {
        const soft =
          Math.sign(xy[j] as number) * Math.max(Math.abs(xy[j] as number) - n * knot.alpha, 0);
        expect(knot.coef[j]).toBeCloseTo(soft / n, 12);
      }
    }
  });

  it('satisfies the lasso optimality conditions at every knot and ends at least squares', () => {
    for (let seed = 0; seed < 15; seed++) {
      const { gram, xy, n, p } = correlatedProblem(seed);
      const knots = lassoPath(gram, xy, n);
      expect(knots[0]?.coef.every((v) => v === 0)).toBe(true);
      for (const knot of knots) expectKkt(knot, gram, xy, n);
      const last = knots.at(-1) as LassoKnot;
      expect(last.alpha).toBeCloseTo(0, 9);
      for (let j = 0; j < p; j++) {
        let normal = 0;
        for (let k = 0; k < p; k++)
          normal += (gram[j * p + k] as number) * (last.coef[k] as number);
        expect(normal).toBeCloseTo(xy[j] as number, 6);
      }
      for (let i = 1; i < knots.length; i++)
        expect((knots[i] as LassoKnot).alpha).toBeLessThanOrEqual(
          (knots[i - 1] as LassoKnot).alpha + 1e-12,
        );
    }
  });

  it('drops a variable whose coefficient crosses zero (the lasso modification), staying optimal', () => {
    const { gram, xy, n } = correlatedProblem(73);
    const knots = lassoPath(gram, xy, n);
    const support = knots.map((k) => Array.from(k.coef).filter((v) => v !== 0).length);
    expect(support.some((size, i) => i > 0 && size < (support[i - 1] as number))).toBe(true);
    for (const knot of knots) expectKkt(knot, gram, xy, n);
  });
});
