import { describe, expect, it } from 'vitest';
import { enforceConnectivity } from './connectivity.ts';
import { slic } from './slic.ts';
import { componentsPerLabel, isContiguous, paint, texturedImage } from './test-images.ts';

const RED = [220, 30, 30] as const;
const BLUE = [30, 40, 200] as const;

describe('slic', () => {
  it('splits two flat colour halves into two segments at the boundary', () => {
    const labels = slic(
      paint(64, 32, (x) => (x < 32 ? RED : BLUE)),
      { nSegments: 2 },
    );
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 64; x++) expect(labels[y * 64 + x]).toBe(x < 32 ? 0 : 1);
    }
  });

  it('follows a colour edge that is off the seed grid', () => {
    // Seeds sit at x = 16 and 48, so a purely spatial split would fall at x = 32.
    const labels = slic(
      paint(64, 32, (x) => (x < 20 ? RED : BLUE)),
      { nSegments: 2 },
    );
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 64; x++) expect(labels[y * 64 + x]).toBe(x < 20 ? 0 : 1);
    }
  });

  it('tiles a flat image into grid-like rectangles, one per seed', () => {
    const labels = slic(
      paint(64, 64, () => [120, 120, 120]),
      { nSegments: 16 },
    );
    const count = new Set(labels).size;
    expect(count).toBe(16);
    for (let label = 0; label < count; label++) {
      let minX = 64;
      let maxX = -1;
      let minY = 64;
      let maxY = -1;
      let size = 0;
      labels.forEach((v, p) => {
        if (v !== label) return;
        size++;
        minX = Math.min(minX, p % 64);
        maxX = Math.max(maxX, p % 64);
        minY = Math.min(minY, Math.floor(p / 64));
        maxY = Math.max(maxY, Math.floor(p / 64));
      });
      expect((maxX - minX + 1) * (maxY - minY + 1)).toBe(size);
      expect(size).toBeGreaterThan(200);
      expect(size).toBeLessThan(300);
    }
  });

  it('returns connected segments numbered 0..n-1, about nSegments of them, deterministically', () => {
    const image = texturedImage(96, 80, 7);
    const labels = slic(image, { nSegments: 60, compactness: 10 });
    expect(isContiguous(labels)).toBe(true);
    const count = new Set(labels).size;
    expect(count).toBeGreaterThan(30);
    expect(count).toBeLessThan(120);
    for (const components of componentsPerLabel(labels, 96, 80).values())
      expect(components).toBe(1);
    expect(Array.from(slic(image, { nSegments: 60, compactness: 10 }))).toEqual(Array.from(labels));
  });

  it('starts at 1 with startLabel 1, and may leave pieces disconnected without enforcement', () => {
    const image = texturedImage(48, 48, 8);
    const zero = slic(image, { nSegments: 25 });
    const one = slic(image, { nSegments: 25, startLabel: 1 });
    expect(Array.from(one)).toEqual(Array.from(zero, (v) => v + 1));
    const loose = slic(image, { nSegments: 25, compactness: 0.5, enforceConnectivity: false });
    expect(isContiguous(loose)).toBe(true);
  });

  it('makes squarer segments with higher compactness', () => {
    const image = texturedImage(64, 64, 9);
    const perimeter = (labels: Int32Array): number => {
      let edges = 0;
      for (let y = 0; y < 64; y++) {
        for (let x = 0; x < 63; x++) if (labels[y * 64 + x] !== labels[y * 64 + x + 1]) edges++;
      }
      for (let y = 0; y < 63; y++) {
        for (let x = 0; x < 64; x++) if (labels[y * 64 + x] !== labels[(y + 1) * 64 + x]) edges++;
      }
      return edges / new Set(labels).size;
    };
    expect(perimeter(slic(image, { nSegments: 36, compactness: 100 }))).toBeLessThan(
      perimeter(slic(image, { nSegments: 36, compactness: 1 })),
    );
  });

  it('is fast: 224x224 with 100 segments in well under a second or two', () => {
    const image = texturedImage(224, 224, 10);
    const started = performance.now();
    const labels = slic(image, { nSegments: 100 });
    const ms = performance.now() - started;
    console.info(
      `slic (100 segments): 224x224 ${ms.toFixed(0)} ms, ${new Set(labels).size} segments`,
    );
    expect(ms).toBeLessThan(2000);
  });
});

describe('enforceConnectivity', () => {
  it('splits a label with two components and merges a component below the minimum size', () => {
    // 6x3: label 0 on the left and right columns, label 1 in the middle with a 1-pixel island of 2.
    // prettier-ignore
    const labels = Int32Array.from([
      0, 1, 1, 1, 1, 0,
      0, 1, 2, 1, 1, 0,
      0, 1, 1, 1, 1, 0,
    ]);
    const out = enforceConnectivity(labels, 6, 3, 2, 100);
    // prettier-ignore
    expect(Array.from(out)).toEqual([
      0, 1, 1, 1, 1, 2,
      0, 1, 1, 1, 1, 2,
      0, 1, 1, 1, 1, 2,
    ]);
  });

  it('caps a component at maxSize pixels and continues the label as a new segment', () => {
    const out = enforceConnectivity(new Int32Array(8), 8, 1, 1, 3);
    expect(Array.from(out)).toEqual([0, 0, 0, 1, 1, 1, 2, 2]);
  });
});
