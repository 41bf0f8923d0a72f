import { describe, expect, it } from 'vitest';
import { rankCorrelation, topKOverlap } from './agreement.ts';
import { gini } from './complexity.ts';
import { energyInMask, pointingGame, topKIoU } from './localisation.ts';
import { averageRanks } from './ranking.ts';

const map = (data: number[], width: number) => ({ data: Float32Array.from(data), width, height: data.length / width });

describe('localisation metrics', () => {
  // 3x3 map, peak at (2, 0); mask covers the left column.
  const m = map([0.1, 0.2, 0.9, 0.3, -0.5, 0.4, 0.2, 0.1, 0], 3);
  const leftColumn = [1, 0, 0, 1, 0, 0, 1, 0, 0];

  it('pointing game: miss when the peak is outside, hit within tolerance', () => {
    expect(pointingGame(m, leftColumn)).toEqual({ hit: false, peak: { x: 2, y: 0 } });
    expect(pointingGame(m, leftColumn, { tolerance: 1.5 }).hit).toBe(false); // nearest mask pixel is 2 away
    expect(pointingGame(m, leftColumn, { tolerance: 2 }).hit).toBe(true);
    expect(pointingGame(m, [0, 0, 1, 0, 0, 0, 0, 0, 0]).hit).toBe(true);
  });

  it('energy in mask: share of positive attribution inside', () => {
    // positive total = 0.1+0.2+0.9+0.3+0.4+0.2+0.1 = 2.2; inside (left column) = 0.1+0.3+0.2 = 0.6
    expect(energyInMask(m, leftColumn)).toBeCloseTo(0.6 / 2.2, 6);
    expect(energyInMask(map([-1, -2], 2), [1, 1])).toBe(0);
  });

  it('top-k IoU against the mask', () => {
    // top 3 of 9 (fraction 1/3): 0.9 (idx2), 0.4 (idx5), 0.3 (idx3); mask {0,3,6} -> I=1, U=5
    expect(topKIoU(m, leftColumn, 1 / 3)).toBeCloseTo(1 / 5, 6);
  });

  it('refuses a mask of the wrong size', () => {
    expect(() => energyInMask(m, [1, 0])).toThrow(/mask has 2 pixels/);
  });
});

describe('agreement metrics', () => {
  it('average ranks handle ties', () => {
    expect(Array.from(averageRanks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
  });

  it('rank correlation: 1 for monotone maps, -1 reversed, hand value otherwise', () => {
    expect(rankCorrelation([1, 2, 3, 4], [10, 20, 30, 400])).toBeCloseTo(1, 10);
    expect(rankCorrelation([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 10);
    // ranks a = 1,2,3,4,5; b = 2,1,4,3,5 -> rho = 1 - 6*sum d^2/(n(n^2-1)) = 1 - 6*4/120 = 0.8
    expect(rankCorrelation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 10);
    expect(rankCorrelation([1, 1, 1], [1, 2, 3])).toBe(0);
  });

  it('top-k overlap', () => {
    const a = [9, 8, 7, 1, 1, 1, 1, 1, 1, 1];
    const b = [9, 0, 7, 8, 1, 1, 1, 1, 1, 1];
    // top 30%: a -> {0,1,2}, b -> {0,3,2} -> 2 shared of 3
    expect(topKOverlap(a, b, 0.3)).toBeCloseTo(2 / 3, 10);
    expect(topKOverlap(a, a, 0.3)).toBe(1);
  });
});

describe('complexity', () => {
  it('gini is 0 for a flat map, (n-1)/n for one hot pixel, and a hand value otherwise', () => {
    expect(gini([1, 1, 1, 1])).toBeCloseTo(0, 10);
    expect(gini([0, 0, 0, 5])).toBeCloseTo(3 / 4, 10);
    // sorted [1,2,3]: sum 6; weights (n-k+0.5)/n = 2.5/3, 1.5/3, 0.5/3 -> G = 1 - 2*(1*2.5+2*1.5+3*0.5)/(3*6) = 1 - 14/18
    expect(gini([3, -1, 2])).toBeCloseTo(1 - 14 / 18, 10);
    expect(gini([0, 0])).toBe(0);
  });
});
