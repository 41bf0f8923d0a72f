import { createRandom } from '../random/random.ts';
import type { SegmentationImage } from './input.ts';

export type Rgb = readonly [number, number, number];

/** An image whose pixel colours come from `colourAt(x, y)`. */
export function paint(
  width: number,
  height: number,
  colourAt: (x: number, y: number) => Rgb,
): SegmentationImage {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(colourAt(x, y), 3 * (y * width + x));
  }
  return { width, height, data };
}

/** A smooth colour gradient with seeded noise: a stand-in for a natural photo. */
export function texturedImage(width: number, height: number, seed: number): SegmentationImage {
  const random = createRandom(seed);
  return paint(width, height, (x, y) => [
    Math.min(255, Math.max(0, (255 * x) / width + 6 * random.normal())),
    Math.min(255, Math.max(0, (255 * y) / height + 6 * random.normal())),
    Math.min(255, Math.max(0, 128 + 60 * Math.sin(x / 7) * Math.cos(y / 5) + 6 * random.normal())),
  ]);
}

/** Labels 0..n-1 each used at least once. */
export function isContiguous(labels: Int32Array): boolean {
  let max = -1;
  for (const v of labels) max = Math.max(max, v);
  const seen = new Uint8Array(max + 1);
  for (const v of labels) {
    if (v < 0) return false;
    seen[v] = 1;
  }
  return seen.every((s) => s === 1);
}

/** The number of 4-connected components each label has, by label. */
export function componentsPerLabel(
  labels: Int32Array,
  width: number,
  height: number,
): Map<number, number> {
  const seen = new Uint8Array(labels.length);
  const counts = new Map<number, number>();
  for (let start = 0; start < labels.length; start++) {
    if (seen[start]) continue;
    const label = labels[start] as number;
    counts.set(label, (counts.get(label) ?? 0) + 1);
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const p = stack.pop() as number;
      const x = p % width;
      const y = (p - x) / width;
      for (const [xx, yy] of [
        [x + 1, y],
        [x - 1, y],
        [x, y + 1],
        [x, y - 1],
      ] as const) {
        if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
        const q = yy * width + xx;
        if (!seen[q] && labels[q] === label) {
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
  }
  return counts;
}
