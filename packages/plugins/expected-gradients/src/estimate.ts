/**
 * Running sums of the per-sample attributions grad * (x - x') for one target: their mean is the
 * Expected Gradients estimate, their spread the estimate's uncertainty.
 */
export class SampleStatistics {
  readonly sum: Float64Array;
  readonly sumOfSquares: Float64Array;
  /** Per sample: the attributions summed over every feature (what completeness is about). */
  readonly totals: number[] = [];

  constructor(size: number) {
    this.sum = new Float64Array(size);
    this.sumOfSquares = new Float64Array(size);
  }

  add(
    gradient: Float32Array,
    gradientOffset: number,
    delta: Float32Array,
    deltaOffset: number,
  ): void {
    let total = 0;
    for (let i = 0; i < this.sum.length; i++) {
      const value = (gradient[gradientOffset + i] as number) * (delta[deltaOffset + i] as number);
      this.sum[i] = (this.sum[i] as number) + value;
      this.sumOfSquares[i] = (this.sumOfSquares[i] as number) + value * value;
      total += value;
    }
    this.totals.push(total);
  }

  get count(): number {
    return this.totals.length;
  }

  mean(): Float32Array {
    return Float32Array.from(this.sum, (s) => s / this.count);
  }

  /**
   * What shap's `return_variances=True` gives: the samples' variance (ddof 0) divided by
   * sqrt(nsamples). (The variance of the mean would divide by nsamples.)
   */
  shapVariance(): Float32Array {
    const n = this.count;
    return Float32Array.from(
      this.sum,
      (s, i) => Math.max(0, (this.sumOfSquares[i] as number) / n - (s / n) ** 2) / Math.sqrt(n),
    );
  }

  /** Standard error of the summed attribution (the sample standard deviation of the totals / sqrt(n)); null below two samples. */
  totalStandardError(): number | null {
    const n = this.count;
    if (n < 2) return null;
    const mean = this.totals.reduce((s, t) => s + t, 0) / n;
    const variance = this.totals.reduce((s, t) => s + (t - mean) ** 2, 0) / (n - 1);
    return Math.sqrt(variance / n);
  }
}
