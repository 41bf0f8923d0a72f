import { createRandom } from '@lumen/core';
import { describe, expect, it } from 'vitest';
import { selectFeatures } from './feature-selection.ts';
import { exponentialKernel, sampleDistances } from './kernel.ts';
import { drawSamples } from './sampling.ts';
import { WeightedDesign } from './weighted-design.ts';

// LIME-like data: 300 binary samples over 8 superpixels, kernel weights, and a response
// driven by superpixels 2 (strongly), 5 (negatively) and 0 (weakly), plus noise.
const rows = 300;
const cols = 8;
const random = createRandom(21);
const samples = drawSamples(rows, cols, random);
const weights = exponentialKernel(sampleDistances(samples, rows, cols, 'cosine'), 0.25);
const design = new WeightedDesign(samples, rows, cols, weights);
const y = Float64Array.from({ length: rows }, (_, i) => {
  const x = (j: number) => samples[i * cols + j] as number;
  return 0.1 + 3 * x(2) - 2 * x(5) + 0.6 * x(0) + 0.05 * random.normal();
});

describe('selectFeatures (lime LimeBase.feature_selection)', () => {
  it('forward selection adds the feature that most raises R^2, step by step', () => {
    expect(selectFeatures(design, y, 2, 'forward_selection')).toEqual([2, 5]);
    expect(selectFeatures(design, y, 3, 'forward_selection')).toEqual([2, 5, 0]);
  });

  it('highest weights ranks every feature by |coefficient| of a Ridge(alpha=0.01) fit', () => {
    expect(selectFeatures(design, y, 3, 'highest_weights')).toEqual([2, 5, 0]);
    const all = selectFeatures(design, y, 100, 'highest_weights');
    expect([...all].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const fit = design.fit(y, [0, 1, 2, 3, 4, 5, 6, 7], 0.01);
    const magnitudes = all.map((j) => Math.abs(fit.coef[j] as number));
    for (let i = 1; i < magnitudes.length; i++)
      expect(magnitudes[i]).toBeLessThanOrEqual(magnitudes[i - 1] as number);
  });

  it('lasso path keeps the largest support with at most numFeatures features, in column order', () => {
    expect(selectFeatures(design, y, 1, 'lasso_path')).toEqual([2]);
    expect(selectFeatures(design, y, 2, 'lasso_path')).toEqual([2, 5]);
    expect(selectFeatures(design, y, 3, 'lasso_path')).toEqual([0, 2, 5]);
  });

  it("'none' keeps every feature; 'auto' is forward selection up to 6 features, highest weights beyond", () => {
    expect(selectFeatures(design, y, 2, 'none')).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(selectFeatures(design, y, 3, 'auto')).toEqual(
      selectFeatures(design, y, 3, 'forward_selection'),
    );
    expect(selectFeatures(design, y, 7, 'auto')).toEqual(
      selectFeatures(design, y, 7, 'highest_weights'),
    );
  });
});
