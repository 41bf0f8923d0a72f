import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

/**
 * Seeded randomness for the demo data. Every random decision about sample `i` comes from a
 * stream keyed by (seed, i, purpose), never from a shared sequence, so a sample can be
 * re-rendered alone, and deciding whether it carries the cue cannot shift anything else.
 */

/** A 32-bit integer from any number of integer keys (murmur3-style finalised mixing). */
export function mixKeys(...keys: readonly number[]): number {
  let h = 0x9e3779b9 | 0;
  for (const key of keys) {
    // Split non-32-bit integers (negative, or up to 2^53) into two words so none are lost.
    const lo = key | 0;
    const hi = Math.floor(key / 0x100000000) | 0;
    for (const word of [lo, hi]) {
      let k = Math.imul(word, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, 0x1b873593);
      h ^= k;
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Purposes of the independent streams of one sample. */
export const STREAM = {
  classOrder: 1,
  content: 2,
  cue: 3,
} as const;

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  /** Uniform integer in [min, max] (both included). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Approximately standard normal (sum of uniforms; bounded, which suits image noise). */
  normal(): number;
}

export function createRng(...keys: readonly number[]): Rng {
  const generator = xoroshiro128plus(mixKeys(...keys));
  const next = (): number => uniformFloat64(generator);
  return {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: (min, max) => uniformInt(generator, min, max),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      const item = items[uniformInt(generator, 0, items.length - 1)];
      if (item === undefined) throw new RangeError('pick() from an empty list');
      return item;
    },
    normal: () => {
      let sum = 0;
      for (let i = 0; i < 6; i++) sum += next();
      return (sum - 3) * Math.SQRT2;
    },
  };
}

/** A seeded Fisher-Yates permutation of 0..n-1. */
export function permutation(n: number, rng: Rng): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const a = order[i] as number;
    order[i] = order[j] as number;
    order[j] = a;
  }
  return order;
}
