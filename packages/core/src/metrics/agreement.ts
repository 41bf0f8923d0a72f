import { LumenError } from '../errors.ts';
import { averageRanks, topCount, topMask } from './ranking.ts';

function checkSameSize(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new LumenError('SHAPE_MISMATCH', `maps of ${a.length} and ${b.length} values cannot be compared`);
}

/** Spearman's rank correlation of two maps (ties get average ranks); 0 if either is constant. */
export function rankCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkSameSize(a, b);
  const ra = averageRanks(a);
  const rb = averageRanks(b);
  const n = ra.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += ra[i] as number;
    mb += rb[i] as number;
  }
  ma /= n;
  mb /= n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    const da = (ra[i] as number) - ma;
    const db = (rb[i] as number) - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
}

/** Share of the top `fraction` pixels of `a` that are also in the top `fraction` of `b`. */
export function topKOverlap(a: ArrayLike<number>, b: ArrayLike<number>, fraction: number): number {
  checkSameSize(a, b);
  const ta = topMask(a, fraction);
  const tb = topMask(b, fraction);
  let shared = 0;
  for (let i = 0; i < ta.length; i++) if (ta[i] && tb[i]) shared++;
  return shared / topCount(a.length, fraction);
}
