import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

/**
 * A seeded random stream. Explainers get one through `ctx.random`; nothing in Lumen
 * uses Math.random, so the same seed and input always give the same explanation.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** Standard normal (mean 0, std 1). */
  normal(): number;
  /** Bernoulli(p): true with probability p. */
  bernoulli(p: number): boolean;
  /** `count` uniform values in [lo, hi). */
  uniformArray(count: number, lo?: number, hi?: number): Float32Array;
  /** `count` normal values with the given mean and std. */
  normalArray(count: number, mean?: number, std?: number): Float32Array;
  /** A new array with the items in random order (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** `k` distinct indices from [0, n), in random order. */
  sample(n: number, k: number): number[];
  /** An independent stream derived from this one's seed and a label; does not advance this one. */
  fork(label: string): Random;
}

/** 32-bit FNV-1a: turns a seed plus a label into a new seed, stably across platforms. */
function hashSeed(seed: number, label: string): number {
  let hash = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new TypeError(`random seed must be a finite number, got ${seed}`);
  const baseSeed = Math.trunc(seed) | 0;
  const rng = xoroshiro128plus(baseSeed);
  let spareNormal: number | undefined;

  const next = (): number => uniformFloat64(rng);
  const normal = (): number => {
    if (spareNormal !== undefined) {
      const value = spareNormal;
      spareNormal = undefined;
      return value;
    }
    // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
    const u = 1 - next();
    const v = next();
    const radius = Math.sqrt(-2 * Math.log(u));
    spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
  const int = (maxExclusive: number): number => {
    if (!Number.isInteger(maxExclusive) || maxExclusive < 1) {
      throw new RangeError(`int(max) needs a positive integer, got ${maxExclusive}`);
    }
    return uniformInt(rng, 0, maxExclusive - 1);
  };

  return {
    next,
    int,
    normal,
    bernoulli: (p) => next() < p,
    uniformArray(count, lo = 0, hi = 1) {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = lo + (hi - lo) * next();
      return out;
    },
    normalArray(count, mean = 0, std = 1) {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = mean + std * normal();
      return out;
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
    sample(n, k) {
      if (k > n) throw new RangeError(`cannot sample ${k} distinct indices from ${n}`);
      const pool = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < k; i++) {
        const j = i + int(n - i);
        [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
      }
      return pool.slice(0, k);
    },
    fork: (label) => createRandom(hashSeed(baseSeed, label)),
  };
}
