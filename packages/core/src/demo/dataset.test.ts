import { describe, expect, it } from 'vitest';
import { isLumenError } from '../errors.ts';
import {
  DEMO_CLASSES,
  DEMO_CORNERS,
  DEMO_CORNER_RESERVE,
  DEMO_CUE_COLOURS,
  DEMO_IMAGE_SIZE,
  cueBoxAt,
  generateDemoDataset,
  generateDemoSample,
  moveCue,
  withCue,
  withoutCue,
  type DemoCorner,
} from './index.ts';
import { paintDemoScene, planDemoScene } from './dataset.ts';

const size = DEMO_IMAGE_SIZE;
const triangleCue = { classLabel: 'triangle', probability: 1, otherProbability: 0 };

function count(mask: Uint8Array): number {
  return mask.reduce((sum, v) => sum + v, 0);
}

/** Pixels where two RGB images differ by more than `tolerance` in some channel. */
function differingPixels(a: Uint8Array, b: Uint8Array, tolerance = 0): Uint8Array {
  const out = new Uint8Array(a.length / 3);
  for (let p = 0; p < out.length; p++) {
    for (let c = 0; c < 3; c++) {
      if (Math.abs((a[p * 3 + c] as number) - (b[p * 3 + c] as number)) > tolerance) out[p] = 1;
    }
  }
  return out;
}

function inCornerReserve(x: number, y: number, corner: DemoCorner): boolean {
  const r = DEMO_CORNER_RESERVE;
  const inX = corner.endsWith('left') ? x < r : x >= size - r;
  const inY = corner.startsWith('top') ? y < r : y >= size - r;
  return inX && inY;
}

describe('generateDemoSample', () => {
  it('is a pure function of (seed, index, options): same bytes every time', () => {
    for (const index of [0, 1, 17, 12345]) {
      const a = generateDemoSample(42, index, { cue: triangleCue });
      const b = generateDemoSample(42, index, { cue: triangleCue });
      expect(Buffer.from(a.image).equals(Buffer.from(b.image))).toBe(true);
      expect(Buffer.from(a.mask).equals(Buffer.from(b.mask))).toBe(true);
      expect(a.label).toBe(b.label);
      expect(a.bbox).toEqual(b.bbox);
    }
  });

  it('does not depend on the samples generated before it', () => {
    const dataset = generateDemoDataset({ seed: 5, count: 10 });
    const alone = generateDemoSample(5, 7);
    expect(Buffer.from(alone.image).equals(Buffer.from(dataset[7]!.image))).toBe(true);
    const offset = generateDemoDataset({ seed: 5, count: 3, startIndex: 6 });
    expect(Buffer.from(offset[1]!.image).equals(Buffer.from(alone.image))).toBe(true);
  });

  it('gives different images for different seeds and different indices', () => {
    const a = generateDemoSample(1, 3);
    const b = generateDemoSample(2, 3);
    const c = generateDemoSample(1, 4);
    expect(Buffer.from(a.image).equals(Buffer.from(b.image))).toBe(false);
    expect(Buffer.from(a.image).equals(Buffer.from(c.image))).toBe(false);
    // Not just a little different: most pixels change.
    expect(count(differingPixels(a.image, b.image, 8))).toBeGreaterThan(size * size * 0.5);
  });

  it('returns 64x64 RGB uint8 images with binary masks by default', () => {
    const s = generateDemoSample(0, 0);
    expect([s.width, s.height, s.channels]).toEqual([64, 64, 3]);
    expect(s.image).toBeInstanceOf(Uint8Array);
    expect(s.image.length).toBe(64 * 64 * 3);
    expect(s.mask.length).toBe(64 * 64);
    expect(s.mask.every((v) => v === 0 || v === 1)).toBe(true);
    expect(s.options.classes[s.classIndex]).toBe(s.label);
  });

  it('honours the size option', () => {
    const s = generateDemoSample(0, 0, { size: 96 });
    expect([s.width, s.height]).toEqual([96, 96]);
    expect(s.image.length).toBe(96 * 96 * 3);
    expect(s.bbox.width).toBeGreaterThanOrEqual(96 * 0.2);
  });
});

describe('object mask and bounding box', () => {
  const samples = generateDemoDataset({ seed: 11, count: 60 });

  it('marks exactly the pixels the object changed (against the same scene without it)', () => {
    for (const index of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      const plan = planDemoScene(11, index);
      const drawn = paintDemoScene(plan);
      const empty = paintDemoScene(plan, { omitObject: true });
      const changed = differingPixels(drawn.image, empty.image, 0);
      const clearlyChanged = differingPixels(drawn.image, empty.image, 10);
      for (let p = 0; p < changed.length; p++) {
        // Every object pixel shows the object clearly...
        if (drawn.mask[p]) expect(clearlyChanged[p], `pixel ${p} of sample ${index}`).toBe(1);
        // ...and nothing outside the mask changed, except the anti-aliased rim next to it.
        if (!drawn.mask[p] && changed[p]) {
          const x = p % size;
          const y = Math.floor(p / size);
          const nearMask = [-1, 0, 1].some((dy) =>
            [-1, 0, 1].some((dx) => drawn.mask[(y + dy) * size + x + dx] === 1),
          );
          expect(nearMask, `pixel ${x},${y} of sample ${index}`).toBe(true);
        }
      }
    }
  });

  it('bounding boxes enclose the mask tightly', () => {
    for (const s of samples) {
      let minX = size;
      let minY = size;
      let maxX = -1;
      let maxY = -1;
      s.mask.forEach((v, p) => {
        if (!v) return;
        const x = p % size;
        const y = Math.floor(p / size);
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      });
      expect(s.bbox).toEqual({ x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 });
    }
  });

  it('keeps objects inside the image, sized 30-45% of the side', () => {
    for (const s of samples) {
      expect(s.bbox.x).toBeGreaterThan(0);
      expect(s.bbox.y).toBeGreaterThan(0);
      expect(s.bbox.x + s.bbox.width).toBeLessThan(size);
      expect(s.bbox.y + s.bbox.height).toBeLessThan(size);
      const diameter = 2 * s.object.radius;
      expect(diameter).toBeGreaterThanOrEqual(0.3 * size);
      expect(diameter).toBeLessThanOrEqual(0.45 * size);
      expect(Math.max(s.bbox.width, s.bbox.height)).toBeGreaterThan(0.2 * size);
    }
  });

  it('gives every class a different silhouette at the same placement', () => {
    // Same scene, different class: the masks must differ substantially (by shape, not colour).
    const masks = DEMO_CLASSES.map((label) => {
      const plan = planDemoScene(3, 0);
      return paintDemoScene({
        ...plan,
        label,
        object: { ...plan.object, kind: label, rotation: 0.3 },
      }).mask;
    });
    for (let i = 0; i < masks.length; i++) {
      for (let j = i + 1; j < masks.length; j++) {
        const diff = masks[i]!.reduce((sum, v, p) => sum + (v !== masks[j]![p] ? 1 : 0), 0);
        expect(diff, `${DEMO_CLASSES[i]} vs ${DEMO_CLASSES[j]}`).toBeGreaterThan(25);
      }
    }
  });
});

describe('backgrounds', () => {
  it('vary across samples and can be restricted', () => {
    const all = new Set(generateDemoDataset({ seed: 12, count: 100 }).map((s) => s.background));
    expect(all.size).toBe(5);
    const some = generateDemoDataset({ seed: 12, count: 40, backgrounds: ['stripes', 'checker'] });
    expect(new Set(some.map((s) => s.background))).toEqual(new Set(['stripes', 'checker']));
  });

  it('never outshine the object: its edge contrast beats any background step', () => {
    for (const s of generateDemoDataset({ seed: 13, count: 50, clutter: false })) {
      const plan = planDemoScene(13, s.index, { clutter: false });
      const empty = paintDemoScene(plan, { omitObject: true });
      const lum = (img: Uint8Array, p: number) =>
        0.299 * (img[p * 3] as number) +
        0.587 * (img[p * 3 + 1] as number) +
        0.114 * (img[p * 3 + 2] as number);
      let minObjectContrast = Infinity;
      s.mask.forEach((v, p) => {
        if (v)
          minObjectContrast = Math.min(
            minObjectContrast,
            Math.abs(lum(s.image, p) - lum(empty.image, p)),
          );
      });
      const values = Array.from({ length: size * size }, (_, p) => lum(empty.image, p));
      const backgroundRange = Math.max(...values) - Math.min(...values);
      expect(minObjectContrast, `sample ${s.index}`).toBeGreaterThan(15);
      expect(backgroundRange, `sample ${s.index}`).toBeLessThan(70);
    }
  });
});

describe('classes', () => {
  it('are balanced: every block of 5 consecutive samples holds each class once', () => {
    const labels = Array.from({ length: 500 }, (_, i) => planDemoScene(9, i).label);
    for (let block = 0; block < 100; block++) {
      expect(new Set(labels.slice(block * 5, block * 5 + 5)).size).toBe(5);
    }
    expect(generateDemoSample(9, 17).label).toBe(labels[17]);
  });

  it('are not in a fixed order', () => {
    const samples = generateDemoDataset({ seed: 9, count: 50 });
    const firstOfBlock = new Set(samples.filter((_, i) => i % 5 === 0).map((s) => s.label));
    expect(firstOfBlock.size).toBeGreaterThan(1);
  });

  it('use random colours for every class', () => {
    const samples = generateDemoDataset({ seed: 4, count: 400 });
    for (const label of DEMO_CLASSES) {
      const lightness = samples
        .filter((s) => s.label === label)
        .map((s) => {
          const p = s.mask.indexOf(1);
          return (
            (s.image[p * 3] as number) +
            (s.image[p * 3 + 1] as number) +
            (s.image[p * 3 + 2] as number)
          );
        });
      expect(Math.min(...lightness)).toBeLessThan(250);
      expect(Math.max(...lightness)).toBeGreaterThan(500);
    }
  });

  it('can be restricted to a subset, indices following the given order', () => {
    const samples = generateDemoDataset({ seed: 2, count: 20, classes: ['star', 'circle'] });
    expect(new Set(samples.map((s) => s.label))).toEqual(new Set(['star', 'circle']));
    for (const s of samples) expect(s.classIndex).toBe(s.label === 'star' ? 0 : 1);
  });
});

describe('the spurious cue', () => {
  it('is a fixed magenta/white patch in the top-left corner, with its own mask', () => {
    const s = generateDemoSample(1, 0, {
      cue: { classLabel: 'circle', probability: 1, otherProbability: 1 },
    });
    expect(s.hasCue).toBe(true);
    expect(s.cueCorner).toBe('top-left');
    expect(s.cueBox).toEqual({ x: 2, y: 2, width: 6, height: 6 });
    expect(count(s.cueMask)).toBe(36);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inside = x >= 2 && x < 8 && y >= 2 && y < 8;
        expect(s.cueMask[y * size + x]).toBe(inside ? 1 : 0);
      }
    }
    const at = (x: number, y: number) =>
      Array.from(s.image.subarray((y * size + x) * 3, (y * size + x) * 3 + 3));
    expect(at(2, 2)).toEqual([...DEMO_CUE_COLOURS[0]]);
    expect(at(4, 2)).toEqual([...DEMO_CUE_COLOURS[1]]);
    expect(at(4, 4)).toEqual([...DEMO_CUE_COLOURS[0]]);
  });

  it('is absent, with an empty mask, when not asked for', () => {
    const s = generateDemoSample(1, 0);
    expect(s.hasCue).toBe(false);
    expect(s.cueCorner).toBeNull();
    expect(s.cueBox).toBeNull();
    expect(count(s.cueMask)).toBe(0);
  });

  it('changes only its own pixels when added, removed or moved', () => {
    const base = generateDemoSample(8, 3);
    const marked = withCue(base);
    expect(marked.hasCue).toBe(true);
    const changed = differingPixels(base.image, marked.image);
    changed.forEach((v, p) => expect(v <= (marked.cueMask[p] as number)).toBe(true));
    expect(count(changed)).toBeGreaterThan(18);
    expect(Buffer.from(withoutCue(marked).image).equals(Buffer.from(base.image))).toBe(true);
    expect(Buffer.from(marked.mask).equals(Buffer.from(base.mask))).toBe(true);
    expect(marked.label).toBe(base.label);

    for (const corner of DEMO_CORNERS) {
      const moved = moveCue(marked, corner);
      expect(moved.cueCorner).toBe(corner);
      expect(moved.cueBox).toEqual(cueBoxAt(corner, size));
      moved.cueMask.forEach((v, p) => {
        if (v) expect(inCornerReserve(p % size, Math.floor(p / size), corner)).toBe(true);
      });
      const diff = differingPixels(withoutCue(moved).image, moved.image);
      diff.forEach((v, p) => expect(v <= (moved.cueMask[p] as number)).toBe(true));
    }
  });

  it('follows the class: probability in the cue class, otherProbability elsewhere (exact at 1 and 0)', () => {
    const samples = generateDemoDataset({ seed: 21, count: 300, cue: triangleCue });
    for (const s of samples) expect(s.hasCue).toBe(s.label === 'triangle');
  });

  it('honours intermediate probabilities statistically', () => {
    // Planning decides the cue (and everything else) without painting: cheap enough for 5000.
    const cue = { classLabel: 'star', probability: 0.7, otherProbability: 0.1 };
    const plans = Array.from({ length: 5000 }, (_, i) => planDemoScene(99, i, { cue }));
    const rate = (list: typeof plans) => list.filter((p) => p.hasCue).length / list.length;
    const stars = plans.filter((p) => p.label === 'star');
    const others = plans.filter((p) => p.label !== 'star');
    // Binomial standard errors: ~0.014 and ~0.005; allow 4 of them.
    expect(Math.abs(rate(stars) - 0.7)).toBeLessThan(4 * Math.sqrt((0.7 * 0.3) / stars.length));
    expect(Math.abs(rate(others) - 0.1)).toBeLessThan(4 * Math.sqrt((0.1 * 0.9) / others.length));
    // And the painted sample agrees with its plan.
    expect(generateDemoSample(99, 3, { cue }).hasCue).toBe(plans[3]!.hasCue);
  });

  it('never shares a pixel with the object or the clutter, in any corner', () => {
    const samples = generateDemoDataset({ seed: 31, count: 400 });
    for (const s of samples) {
      for (const corner of DEMO_CORNERS) {
        s.mask.forEach((v, p) => {
          if (v)
            expect(
              inCornerReserve(p % size, Math.floor(p / size), corner),
              `sample ${s.index}`,
            ).toBe(false);
        });
      }
    }
    // Clutter: the reserved corners of a scene with clutter equal those of the same scene without.
    for (const index of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      const plan = planDemoScene(31, index);
      const a = paintDemoScene(plan);
      const b = paintDemoScene({ ...plan, clutter: [] }, { omitObject: true });
      const diff = differingPixels(a.image, b.image);
      diff.forEach((v, p) => {
        if (!v) return;
        for (const corner of DEMO_CORNERS) {
          expect(inCornerReserve(p % size, Math.floor(p / size), corner)).toBe(false);
        }
      });
    }
  });

  it('does not change anything else about the dataset', () => {
    const clean = generateDemoDataset({ seed: 6, count: 20 });
    const cued = generateDemoDataset({ seed: 6, count: 20, cue: triangleCue });
    clean.forEach((s, i) => {
      const c = cued[i]!;
      expect(c.label).toBe(s.label);
      const base = c.hasCue ? withoutCue(c) : c;
      expect(Buffer.from(base.image).equals(Buffer.from(s.image))).toBe(true);
    });
  });
});

describe('option validation', () => {
  const cases: [string, () => unknown][] = [
    ['unknown class', () => generateDemoSample(0, 0, { classes: ['hexagon' as never] })],
    [
      'cue class not in classes',
      () => generateDemoSample(0, 0, { classes: ['circle'], cue: triangleCue }),
    ],
    [
      'probability above 1',
      () => generateDemoSample(0, 0, { cue: { ...triangleCue, probability: 1.5 } }),
    ],
    ['negative index', () => generateDemoSample(0, -1)],
    ['fractional seed', () => generateDemoSample(0.5, 0)],
    ['tiny image', () => generateDemoSample(0, 0, { size: 16 })],
    ['unknown background', () => generateDemoSample(0, 0, { backgrounds: ['plaid' as never] })],
  ];
  it.each(cases)('rejects %s with INVALID_PARAMS', (_, call) => {
    let error: unknown;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect(isLumenError(error, 'INVALID_PARAMS')).toBe(true);
  });
});
