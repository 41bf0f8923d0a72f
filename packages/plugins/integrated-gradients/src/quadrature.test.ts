import { describe, expect, it } from 'vitest';
import { QUADRATURE_METHODS, gaussLegendre, quadrature } from './quadrature.ts';

describe('Gauss-Legendre', () => {
  it('matches the hand values for two and three points on [-1, 1]', () => {
    const two = gaussLegendre(2);
    expect(two.nodes).toEqual([
      expect.closeTo(-1 / Math.sqrt(3), 14),
      expect.closeTo(1 / Math.sqrt(3), 14),
    ]);
    expect(two.weights).toEqual([expect.closeTo(1, 14), expect.closeTo(1, 14)]);
    const three = gaussLegendre(3);
    expect(three.nodes).toEqual([
      expect.closeTo(-Math.sqrt(3 / 5), 14),
      0,
      expect.closeTo(Math.sqrt(3 / 5), 14),
    ]);
    expect(three.weights).toEqual([
      expect.closeTo(5 / 9, 14),
      expect.closeTo(8 / 9, 14),
      expect.closeTo(5 / 9, 14),
    ]);
  });

  it('is rescaled to [0, 1] as Captum does: alphas (1 + x) / 2, weights w / 2', () => {
    const { alphas, weights } = quadrature('gauss-legendre', 3);
    const r = Math.sqrt(3 / 5) / 2;
    expect(alphas).toEqual([expect.closeTo(0.5 - r, 14), 0.5, expect.closeTo(0.5 + r, 14)]);
    expect(weights).toEqual([
      expect.closeTo(5 / 18, 14),
      expect.closeTo(8 / 18, 14),
      expect.closeTo(5 / 18, 14),
    ]);
  });

  it.each([1, 4, 9, 50, 128])(
    'with %i points integrates t^k on [0, 1] exactly up to degree 2n - 1',
    (n) => {
      const { alphas, weights } = quadrature('gauss-legendre', n);
      for (let k = 0; k <= Math.min(2 * n - 1, 60); k++) {
        const integral = alphas.reduce((s, a, i) => s + (weights[i] as number) * a ** k, 0);
        expect(integral).toBeCloseTo(1 / (k + 1), 12);
      }
      expect(
        alphas.every((a, i) => a > 0 && a < 1 && (i === 0 || a > (alphas[i - 1] as number))),
      ).toBe(true);
    },
  );
});

describe('Riemann rules (Captum names)', () => {
  it('places left, right and middle points at i/n, (i+1)/n and (i+1/2)/n with weights 1/n', () => {
    expect(quadrature('riemann-left', 4)).toEqual({
      alphas: [0, 0.25, 0.5, 0.75],
      weights: [0.25, 0.25, 0.25, 0.25],
    });
    expect(quadrature('riemann-right', 4)).toEqual({
      alphas: [0.25, 0.5, 0.75, 1],
      weights: [0.25, 0.25, 0.25, 0.25],
    });
    expect(quadrature('riemann-middle', 4)).toEqual({
      alphas: [0.125, 0.375, 0.625, 0.875],
      weights: [0.25, 0.25, 0.25, 0.25],
    });
  });

  it('uses the true trapezoid rule: n points 1/(n-1) apart, end weights halved', () => {
    const { alphas, weights } = quadrature('riemann-trapezoid', 5);
    expect(alphas).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(weights).toEqual([0.125, 0.25, 0.25, 0.25, 0.125]);
    // The trapezoid rule integrates straight lines exactly.
    expect(alphas.reduce((s, a, i) => s + (weights[i] as number) * (3 * a + 1), 0)).toBeCloseTo(
      2.5,
      14,
    );
  });

  it.each(QUADRATURE_METHODS)('%s weights sum to one', (method) => {
    for (const n of [2, 3, 17, 50])
      expect(quadrature(method, n).weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
  });

  it('refuses step counts a rule is not defined for', () => {
    expect(() => quadrature('riemann-trapezoid', 1)).toThrow(RangeError);
    expect(() => quadrature('gauss-legendre', 0)).toThrow(RangeError);
    expect(() => quadrature('riemann-left', 2.5)).toThrow(RangeError);
  });
});
