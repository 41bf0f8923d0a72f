import { CholeskyDecomposition, Matrix, solve } from 'ml-matrix';

/** A fitted linear surrogate over some columns of the design: y ~ intercept + x[columns] . coef. */
export interface LinearFit {
  columns: number[];
  intercept: number;
  coef: Float64Array;
}

/**
 * The perturbation matrix (rows: samples, columns: features, row-major) with one weight
 * per sample, prepared for weighted least squares the way scikit-learn's Ridge does it:
 * columns and targets are centred on their weighted means, so the intercept is not penalised.
 * The centred weighted Gram matrix is computed once and shared by every fit on any columns.
 */
export class WeightedDesign {
  readonly rows: number;
  readonly cols: number;
  readonly data: ArrayLike<number>;
  readonly weights: Float64Array;
  readonly weightSum: number;
  /** Weighted mean of each column. */
  readonly means: Float64Array;
  /** sum_i w_i (x_ij - mean_j)(x_ik - mean_k), row-major cols x cols. */
  readonly gram: Float64Array;

  constructor(data: ArrayLike<number>, rows: number, cols: number, weights: ArrayLike<number>) {
    if (data.length !== rows * cols)
      throw new RangeError(`design needs ${rows * cols} values, got ${data.length}`);
    if (weights.length !== rows)
      throw new RangeError(`design needs ${rows} sample weights, got ${weights.length}`);
    this.rows = rows;
    this.cols = cols;
    this.data = data;
    this.weights = Float64Array.from(weights);
    this.weightSum = this.weights.reduce((s, w) => s + w, 0);
    if (!(this.weightSum > 0))
      throw new RangeError('the sample weights must sum to a positive number');
    this.means = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      const w = this.weights[i] as number;
      for (let j = 0; j < cols; j++)
        this.means[j] = (this.means[j] as number) + w * (data[i * cols + j] as number);
    }
    for (let j = 0; j < cols; j++) this.means[j] = (this.means[j] as number) / this.weightSum;
    this.gram = new Float64Array(cols * cols);
    const centred = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      const w = this.weights[i] as number;
      if (w === 0) continue;
      for (let j = 0; j < cols; j++)
        centred[j] = (data[i * cols + j] as number) - (this.means[j] as number);
      for (let j = 0; j < cols; j++) {
        const wj = w * (centred[j] as number);
        if (wj === 0) continue;
        for (let k = j; k < cols; k++)
          this.gram[j * cols + k] =
            (this.gram[j * cols + k] as number) + wj * (centred[k] as number);
      }
    }
    for (let j = 0; j < cols; j++)
      for (let k = 0; k < j; k++) this.gram[j * cols + k] = this.gram[k * cols + j] as number;
  }

  /** The weighted mean of y and sum_i w_i (x_ij - mean_j)(y_i - mean_y) for every column j. */
  moments(y: ArrayLike<number>): { mean: number; xy: Float64Array } {
    const { rows, cols, data, weights } = this;
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += (weights[i] as number) * (y[i] as number);
    mean /= this.weightSum;
    const xy = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      const wy = (weights[i] as number) * ((y[i] as number) - mean);
      if (wy === 0) continue;
      for (let j = 0; j < cols; j++)
        xy[j] =
          (xy[j] as number) + wy * ((data[i * cols + j] as number) - (this.means[j] as number));
    }
    return { mean, xy };
  }

  /**
   * Weighted ridge on the given columns, as sklearn's Ridge(alpha, fit_intercept=True).fit(
   * X[:, columns], y, sample_weight): minimises sum_i w_i (y_i - b - x_i . beta)^2 + alpha |beta|^2.
   * With alpha 0 and a singular system it takes the least-squares solution of least norm.
   */
  fit(
    y: ArrayLike<number>,
    columns: readonly number[],
    alpha: number,
    moments = this.moments(y),
  ): LinearFit {
    const k = columns.length;
    const coef = new Float64Array(k);
    if (k > 0) {
      const system = new Matrix(k, k);
      const rhs = new Matrix(k, 1);
      columns.forEach((cj, a) => {
        rhs.set(a, 0, moments.xy[cj] as number);
        columns.forEach((ck, b) =>
          system.set(a, b, (this.gram[cj * this.cols + ck] as number) + (a === b ? alpha : 0)),
        );
      });
      const cholesky = alpha > 0 ? new CholeskyDecomposition(system) : undefined;
      const solution = cholesky?.isPositiveDefinite()
        ? cholesky.solve(rhs)
        : solve(system, rhs, true);
      for (let a = 0; a < k; a++) coef[a] = solution.get(a, 0);
    }
    let intercept = moments.mean;
    columns.forEach((cj, a) => (intercept -= (this.means[cj] as number) * (coef[a] as number)));
    return { columns: [...columns], intercept, coef };
  }

  /** The fit's prediction for each sample. */
  predict(fit: LinearFit): Float64Array {
    const out = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) {
      let v = fit.intercept;
      fit.columns.forEach(
        (cj, a) => (v += (fit.coef[a] as number) * (this.data[i * this.cols + cj] as number)),
      );
      out[i] = v;
    }
    return out;
  }

  /** Weighted R^2 of the fit on the samples, as sklearn's `score(X, y, sample_weight)`. */
  score(fit: LinearFit, y: ArrayLike<number>): number {
    return weightedR2(y, this.predict(fit), this.weights);
  }
}

/**
 * sklearn's r2_score with sample weights: 1 - sum w (y - p)^2 / sum w (y - mean_w(y))^2;
 * for a constant y, 1 when the prediction is exact and 0 otherwise.
 */
export function weightedR2(
  y: ArrayLike<number>,
  prediction: ArrayLike<number>,
  weights: ArrayLike<number>,
): number {
  let sw = 0;
  let mean = 0;
  for (let i = 0; i < y.length; i++) {
    sw += weights[i] as number;
    mean += (weights[i] as number) * (y[i] as number);
  }
  mean /= sw;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const w = weights[i] as number;
    residual += w * ((y[i] as number) - (prediction[i] as number)) ** 2;
    total += w * ((y[i] as number) - mean) ** 2;
  }
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}
