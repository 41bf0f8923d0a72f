import { LumenError } from '../errors.ts';

/**
 * How map values become colormap positions:
 * - `auto`: [min, max] of the finite values;
 * - `signed`: [-m, m] with m = max |value|, so 0 sits in the middle (t = 0.5);
 * - `[lo, hi]`: fixed bounds; values outside are clipped.
 */
export type MapRange = 'auto' | 'signed' | readonly [number, number];

export interface ResolvedRange {
  lo: number;
  hi: number;
  /** The t of values when hi == lo (a flat map) and of NaN: 0.5 for signed ranges, else 0. */
  neutral: number;
}

export function resolveRange(values: ArrayLike<number>, range: MapRange = 'auto'): ResolvedRange {
  if (range === 'auto' || range === 'signed') {
    let min = Infinity;
    let max = -Infinity;
    let absMax = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] ?? NaN;
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      const a = Math.abs(v);
      if (a > absMax) absMax = a;
    }
    if (range === 'signed') return { lo: -absMax, hi: absMax, neutral: 0.5 };
    if (min > max) return { lo: 0, hi: 0, neutral: 0 };
    return { lo: min, hi: max, neutral: 0 };
  }
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    !Number.isFinite(range[0]) ||
    !Number.isFinite(range[1]) ||
    !(range[0] < range[1])
  ) {
    throw new LumenError(
      'INVALID_PARAMS',
      `range must be 'auto', 'signed' or [lo, hi] with finite lo < hi, got ${JSON.stringify(range)}.`,
    );
  }
  return { lo: range[0], hi: range[1], neutral: 0 };
}

/** Position in [0, 1] of a value: (v - lo) / (hi - lo), clipped. */
export function toUnit(v: number, { lo, hi, neutral }: ResolvedRange): number {
  if (Number.isNaN(v) || !(hi > lo)) return neutral;
  const t = (v - lo) / (hi - lo);
  return t <= 0 ? 0 : t >= 1 ? 1 : t;
}
