import { lassoPath } from './lars.ts';
import type { WeightedDesign } from './weighted-design.ts';

export const FEATURE_SELECTIONS = [
  'auto',
  'forward_selection',
  'lasso_path',
  'highest_weights',
  'none',
] as const;
export type FeatureSelection = (typeof FEATURE_SELECTIONS)[number];

const allColumns = (design: WeightedDesign): number[] =>
  Array.from({ length: design.cols }, (_, j) => j);

/** Columns by decreasing |value|, ties kept in column order (Python's stable sort). */
function byMagnitude(columns: number[], values: ArrayLike<number>): number[] {
  return columns
    .map((column, i) => ({ column, magnitude: Math.abs(values[i] as number) }))
    .sort((a, b) => b.magnitude - a.magnitude)
    .map((entry) => entry.column);
}

/** Greedily adds the feature that most raises the weighted R^2 of an unpenalised fit. */
function forwardSelection(
  design: WeightedDesign,
  y: ArrayLike<number>,
  numFeatures: number,
): number[] {
  const moments = design.moments(y);
  const used: number[] = [];
  for (let step = 0; step < Math.min(numFeatures, design.cols); step++) {
    let bestScore = -100000000;
    let best = 0;
    for (let feature = 0; feature < design.cols; feature++) {
      if (used.includes(feature)) continue;
      const fit = design.fit(y, [...used, feature], 0, moments);
      const score = design.score(fit, y);
      if (score > bestScore) {
        best = feature;
        bestScore = score;
      }
    }
    used.push(best);
  }
  return used;
}

/** Ridge(alpha=0.01) on every feature; the features whose coefficient times the original's value (1) is largest. */
function highestWeights(
  design: WeightedDesign,
  y: ArrayLike<number>,
  numFeatures: number,
): number[] {
  const fit = design.fit(y, allColumns(design), 0.01);
  return byMagnitude(fit.columns, fit.coef).slice(0, numFeatures);
}

/** The largest set of features on the lasso path (from least to most penalised) with at most numFeatures non-zero. */
function lassoSelection(
  design: WeightedDesign,
  y: ArrayLike<number>,
  numFeatures: number,
): number[] {
  const { xy } = design.moments(y);
  const knots = lassoPath(design.gram, xy, design.rows);
  let nonzero = allColumns(design);
  for (let i = knots.length - 1; i > 0; i--) {
    const coef = (knots[i] as { coef: Float64Array }).coef;
    nonzero = allColumns(design).filter((j) => coef[j] !== 0);
    if (nonzero.length <= numFeatures) break;
  }
  return nonzero;
}

/**
 * Which features the surrogate uses, as lime's `LimeBase.feature_selection`: 'auto' is
 * forward selection for up to 6 features and highest weights beyond; 'none' keeps all.
 */
export function selectFeatures(
  design: WeightedDesign,
  y: ArrayLike<number>,
  numFeatures: number,
  method: FeatureSelection,
): number[] {
  switch (method) {
    case 'none':
      return allColumns(design);
    case 'forward_selection':
      return forwardSelection(design, y, numFeatures);
    case 'highest_weights':
      return highestWeights(design, y, numFeatures);
    case 'lasso_path':
      return lassoSelection(design, y, numFeatures);
    case 'auto':
      return selectFeatures(
        design,
        y,
        numFeatures,
        numFeatures <= 6 ? 'forward_selection' : 'highest_weights',
      );
  }
}
