import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';

describe('createRandom', () => {
  it('repeats the same stream for the same seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it('gives different streams for different seeds and for different fork labels', () => {
    expect(createRandom(1).next()).not.toBe(createRandom(2).next());
    const root = createRandom(7);
    expect(root.fork('lime').next()).not.toBe(root.fork('shap').next());
    expect(root.fork('lime').next()).toBe(createRandom(7).fork('lime').next());
  });

  it('draws normals with mean ~0 and std ~1', () => {
    const values = createRandom(3).normalArray(20000);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(Math.sqrt(variance) - 1)).toBeLessThan(0.03);
  });

  it('keeps integers in range and samples distinct indices', () => {
    const random = createRandom(9);
    for (let i = 0; i < 1000; i++) {
      const v = random.int(5);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(5);
    }
    const picked = random.sample(10, 10);
    expect(new Set(picked).size).toBe(10);
    expect(() => random.sample(3, 4)).toThrow(RangeError);
  });

  it('shuffles without losing items', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = createRandom(11).shuffle(items);
    expect([...shuffled].sort()).toEqual(items);
    expect(shuffled).not.toEqual(items);
  });
});
