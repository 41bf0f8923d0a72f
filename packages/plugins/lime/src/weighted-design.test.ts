import { Matrix, solve } from 'ml-matrix';
import { createRandom } from '@lumen/core';
import { describe, expect, it } from 'vitest';
import { WeightedDesign, weightedR2 } from './weighted-design.ts';

describe('WeightedDesign (sklearn Ridge with sample_weight and fit_intercept)', () => {
  // x = [1, 0, 1], w = [1, 1, 2], y = [3, 1, 5]: weighted means x 0.75, y 3.5;
  // Sxx = 0.75, Sxy = 2.5, so beta = Sxy / (Sxx + alpha) and b = 3.5 - 0.75 beta.
  const design = new WeightedDesign([1, 0, 1], 3, 1, [1, 1, 2]);
  const y = [3, 1, 5];

  it('fits the hand-computed weighted least squares (alpha 0)', () => {
    const fit = design.fit(y, [0], 0);
    expect(fit.coef[0]).toBeCloseTo(10 / 3, 12);
    expect(fit.intercept).toBeCloseTo(1, 12);
  });

  it('penalises the slope but not the intercept (alpha 1)', () => {
    const fit = design.fit(y, [0], 1);
    expect(fit.coef[0]).toBeCloseTo(2.5 / 1.75, 12);
    expect(fit.intercept).toBeCloseTo(3.5 - 0.75 * (2.5 / 1.75), 12);
    const flat = design.fit(y, [0], 1e12);
    expect(flat.coef[0]).toBeCloseTo(0, 9);
    expect(flat.intercept).toBeCloseTo(3.5, 9);
  });

  it('scores the hand-computed weighted R^2', () => {
    // Residuals -4/3, 0, 2/3 with weights 1, 1, 2: SSE 8/3; SST 0.25 + 6.25 + 4.5 = 11.
    expect(design.score(design.fit(y, [0], 0), y)).toBeCloseTo(1 - 8 / 3 / 11, 12);
  });

  it('equals the closed form with an unpenalised intercept column: [1 X]^T W [1 X] + diag(0, a..a)', () => {
    const random = createRandom(3);
    const rows = 40;
    const cols = 5;
    const data = Uint8Array.from({ length: rows * cols }, () => (random.next() < 0.5 ? 1 : 0));
    const weights = Array.from({ length: rows }, () => 0.1 + random.next());
    const target = Array.from({ length: rows }, () => random.normal());
    const alpha = 1;
    const fit = new WeightedDesign(data, rows, cols, weights).fit(target, [0, 1, 2, 3, 4], alpha);

    const augmented = new Matrix(rows, cols + 1);
    for (let i = 0; i < rows; i++) {
      augmented.set(i, 0, 1);
      for (let j = 0; j < cols; j++) augmented.set(i, j + 1, data[i * cols + j] as number);
    }
    const weighted = augmented.clone();
    for (let i = 0; i < rows; i++)
      for (let j = 0; j <= cols; j++)
        weighted.set(i, j, weighted.get(i, j) * (weights[i] as number));
    const normal = weighted.transpose().mmul(augmented);
    for (let j = 1; j <= cols; j++) normal.set(j, j, normal.get(j, j) + alpha);
    const rhs = weighted.transpose().mmul(Matrix.columnVector(target));
    const reference = solve(normal, rhs);
    expect(fit.intercept).toBeCloseTo(reference.get(0, 0), 10);
    for (let j = 0; j < cols; j++) expect(fit.coef[j]).toBeCloseTo(reference.get(j + 1, 0), 10);
  });

  it('fits any subset of columns from the shared Gram matrix, in the order asked', () => {
    const random = createRandom(4);
    const rows = 30;
    const data = Uint8Array.from({ length: rows * 4 }, () => (random.next() < 0.5 ? 1 : 0));
    const weights = Array.from({ length: rows }, () => random.next());
    const target = Array.from({ length: rows }, () => random.normal());
    const full = new WeightedDesign(data, rows, 4, weights);
    const subset = Uint8Array.from(
      { length: rows * 2 },
      (_, k) => data[Math.floor(k / 2) * 4 + (k % 2 === 0 ? 3 : 1)] as number,
    );
    const direct = new WeightedDesign(subset, rows, 2, weights).fit(target, [0, 1], 0.5);
    const picked = full.fit(target, [3, 1], 0.5);
    expect(picked.intercept).toBeCloseTo(direct.intercept, 12);
    expect(Array.from(picked.coef).map((v) => v.toFixed(10))).toEqual(
      Array.from(direct.coef).map((v) => v.toFixed(10)),
    );
  });

  it('takes the least-norm solution for a singular unpenalised system (duplicate columns)', () => {
    const data = [1, 1, 0, 0, 1, 1, 0, 0];
    const fit = new WeightedDesign(data, 4, 2, [1, 1, 1, 1]).fit([5, 1, 5, 1], [0, 1], 0);
    expect(fit.coef[0]).toBeCloseTo(2, 9);
    expect(fit.coef[1]).toBeCloseTo(2, 9);
    expect(fit.intercept).toBeCloseTo(1, 9);
  });
});

describe('weightedR2', () => {
  it('is 1 for an exact fit of a constant and 0 for a wrong constant, as sklearn', () => {
    expect(weightedR2([2, 2], [2, 2], [1, 1])).toBe(1);
    expect(weightedR2([2, 2], [3, 3], [1, 1])).toBe(0);
  });

  it('weights the squared errors', () => {
    // mean_w = (0*1 + 2*3)/4 = 1.5; SST = 2.25 + 3*0.25 = 3; SSE = 1*1 + 3*0 = 1.
    expect(weightedR2([0, 2], [1, 2], [1, 3])).toBeCloseTo(1 - 1 / 3, 12);
  });
});
