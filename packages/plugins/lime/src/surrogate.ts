import { selectFeatures, type FeatureSelection } from './feature-selection.ts';
import type { WeightedDesign } from './weighted-design.ts';

export interface SurrogateOptions {
  numFeatures: number;
  featureSelection: FeatureSelection;
  ridgeAlpha: number;
}

/** lime's `explain_instance_with_data` result for one label. */
export interface Surrogate {
  intercept: number;
  /** (feature, weight) pairs by decreasing |weight| (lime's `local_exp[label]`). */
  explanation: { feature: number; weight: number }[];
  /** Weighted R^2 of the surrogate on the samples. */
  score: number;
  /** The surrogate's prediction for the first sample (the original: every feature on). */
  localPrediction: number;
}

/**
 * Fits the local linear surrogate for one label: selects features, then fits a weighted
 * ridge regression with intercept on them (lime's Ridge(alpha=1, fit_intercept=True)).
 */
export function fitSurrogate(
  design: WeightedDesign,
  y: ArrayLike<number>,
  options: SurrogateOptions,
): Surrogate {
  const used = selectFeatures(design, y, options.numFeatures, options.featureSelection);
  const fit = design.fit(y, used, options.ridgeAlpha);
  let localPrediction = fit.intercept;
  used.forEach(
    (feature, a) => (localPrediction += (fit.coef[a] as number) * (design.data[feature] as number)),
  );
  const explanation = used
    .map((feature, a) => ({ feature, weight: fit.coef[a] as number }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  return { intercept: fit.intercept, explanation, score: design.score(fit, y), localPrediction };
}
