import { LumenError } from '../errors.ts';
import {
  DEMO_BACKGROUNDS,
  colourInBand,
  paintBackground,
  planBackground,
  type BackgroundPlan,
  type DemoBackgroundKind,
  type Rgb,
} from './backgrounds.ts';
import { STREAM, createRng, permutation, type Rng } from './rng.ts';
import {
  DEMO_CLASSES,
  coverageToMask,
  discInsideTest,
  rasterise,
  segmentInsideTest,
  shapeInsideTest,
  type DemoBox,
  type DemoClassLabel,
  type InsideTest,
  type ShapePlacement,
} from './shapes.ts';

/** Side of the square demo images, in pixels. */
export const DEMO_IMAGE_SIZE = 64;
/** The cue is a fixed 6x6 magenta-and-white checker (2x2-pixel cells)... */
export const DEMO_CUE_SIZE = 6;
/** ...drawn this many pixels in from both edges of its corner. */
export const DEMO_CUE_OFFSET = 2;
/**
 * Objects and clutter stay out of a square this big in every corner, so the cue can be
 * stamped into (or moved to) any corner without touching anything else in the image.
 */
export const DEMO_CORNER_RESERVE = 12;
export const DEMO_CORNERS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;
export type DemoCorner = (typeof DEMO_CORNERS)[number];

/** The two colours of the cue's checker pattern. */
export const DEMO_CUE_COLOURS: readonly [Rgb, Rgb] = [
  [255, 0, 255],
  [255, 255, 255],
];

/** Object radius (of its bounding circle) as a share of the image side: diameters 30-45 %. */
const RADIUS_RANGE = [0.15, 0.225] as const;
const MIN_SIZE = 48;
const MAX_SIZE = 512;

export interface DemoCueOptions {
  /** The class whose images carry the spurious mark. */
  classLabel: string;
  /** Probability that an image of `classLabel` carries the mark. */
  probability: number;
  /** Probability that an image of any other class carries the mark. */
  otherProbability: number;
}

export interface DemoSampleOptions {
  /** Image side in pixels (square images); default 64. */
  size?: number;
  /** The classes to draw from (their order defines class indices); default all of DEMO_CLASSES. */
  classes?: readonly DemoClassLabel[];
  /** The spurious corner mark and how often it appears; default none. */
  cue?: DemoCueOptions | null;
  /** Where the mark goes; default 'top-left'. */
  cueCorner?: DemoCorner;
  /** Force the mark on or off whatever `cue` says (counterfactual re-renders). */
  cueOverride?: 'present' | 'absent' | null;
  /** Small dots and lines that are not class objects; default true. */
  clutter?: boolean;
  /** The background kinds to draw from; default all of DEMO_BACKGROUNDS. */
  backgrounds?: readonly DemoBackgroundKind[];
}

export interface ResolvedDemoOptions {
  size: number;
  classes: readonly DemoClassLabel[];
  cue: DemoCueOptions | null;
  cueCorner: DemoCorner;
  cueOverride: 'present' | 'absent' | null;
  clutter: boolean;
  backgrounds: readonly DemoBackgroundKind[];
}

export interface DemoSample {
  seed: number;
  index: number;
  /** The options it was rendered with: `generateDemoSample(seed, index, options)` reproduces it. */
  options: ResolvedDemoOptions;
  width: number;
  height: number;
  channels: 3;
  /** RGB, row-major height x width x 3. */
  image: Uint8Array;
  /** Index into `options.classes`. */
  classIndex: number;
  label: DemoClassLabel;
  /** 1 where the object covers at least half of the pixel; row-major height x width. */
  mask: Uint8Array;
  /** Bounding box of `mask`. */
  bbox: DemoBox;
  object: ShapePlacement;
  background: DemoBackgroundKind;
  hasCue: boolean;
  /** Corner of the mark, null when there is none. */
  cueCorner: DemoCorner | null;
  /** 1 on the mark's pixels (all 0 when there is none); row-major height x width. */
  cueMask: Uint8Array;
  cueBox: DemoBox | null;
}

export interface DemoDatasetOptions extends DemoSampleOptions {
  seed: number;
  count: number;
  /** Index of the first sample; default 0. Disjoint index ranges give disjoint samples. */
  startIndex?: number;
}

function invalid(message: string, details: Record<string, unknown> = {}): LumenError {
  return new LumenError('INVALID_PARAMS', message, { details });
}

export function resolveDemoOptions(options: DemoSampleOptions = {}): ResolvedDemoOptions {
  const size = options.size ?? DEMO_IMAGE_SIZE;
  if (!Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE) {
    throw invalid(
      `demo image size must be an integer from ${MIN_SIZE} to ${MAX_SIZE}, got ${size}`,
      { size },
    );
  }
  const classes = options.classes ?? DEMO_CLASSES;
  if (classes.length === 0) throw invalid('demo classes must not be empty');
  for (const label of classes) {
    if (!(DEMO_CLASSES as readonly string[]).includes(label)) {
      throw invalid(
        `unknown demo class '${label}'; known classes are: ${DEMO_CLASSES.join(', ')}`,
        { label },
      );
    }
  }
  if (new Set(classes).size !== classes.length)
    throw invalid('demo classes must not repeat', { classes });
  const cue = options.cue ?? null;
  if (cue) {
    if (!(classes as readonly string[]).includes(cue.classLabel)) {
      throw invalid(
        `cue class '${cue.classLabel}' is not one of the classes: ${classes.join(', ')}`,
        {
          classLabel: cue.classLabel,
        },
      );
    }
    for (const key of ['probability', 'otherProbability'] as const) {
      const p = cue[key];
      if (!(p >= 0 && p <= 1))
        throw invalid(`cue.${key} must be within 0..1, got ${p}`, { [key]: p });
    }
  }
  const cueCorner = options.cueCorner ?? 'top-left';
  if (!DEMO_CORNERS.includes(cueCorner)) {
    throw invalid(
      `unknown cue corner '${String(cueCorner)}'; corners are: ${DEMO_CORNERS.join(', ')}`,
    );
  }
  const backgrounds = options.backgrounds ?? DEMO_BACKGROUNDS;
  if (backgrounds.length === 0 || backgrounds.some((b) => !DEMO_BACKGROUNDS.includes(b))) {
    throw invalid(`backgrounds must be a non-empty subset of: ${DEMO_BACKGROUNDS.join(', ')}`, {
      backgrounds,
    });
  }
  return {
    size,
    classes: [...classes],
    cue: cue
      ? {
          classLabel: cue.classLabel,
          probability: cue.probability,
          otherProbability: cue.otherProbability,
        }
      : null,
    cueCorner,
    cueOverride: options.cueOverride ?? null,
    clutter: options.clutter ?? true,
    backgrounds: [...backgrounds],
  };
}

function checkSeedAndIndex(seed: number, index: number): void {
  if (!Number.isSafeInteger(seed)) throw invalid(`seed must be an integer, got ${seed}`, { seed });
  if (!Number.isSafeInteger(index) || index < 0) {
    throw invalid(`sample index must be a non-negative integer, got ${index}`, { index });
  }
}

/**
 * The class of sample `index`: each consecutive block of (number of classes) indices holds
 * every class once, in a seeded order, so any dataset is balanced to within one per class.
 */
export function demoClassIndex(seed: number, index: number, classCount: number): number {
  const block = Math.floor(index / classCount);
  const order = permutation(classCount, createRng(seed, STREAM.classOrder, block));
  return order[index % classCount] as number;
}

/** The mark's box in a corner of a size x size image. */
export function cueBoxAt(corner: DemoCorner, size: number): DemoBox {
  const far = size - DEMO_CUE_OFFSET - DEMO_CUE_SIZE;
  return {
    x: corner.endsWith('left') ? DEMO_CUE_OFFSET : far,
    y: corner.startsWith('top') ? DEMO_CUE_OFFSET : far,
    width: DEMO_CUE_SIZE,
    height: DEMO_CUE_SIZE,
  };
}

/** The reserved squares in the corners, as [x0, y0, x1, y1) rectangles. */
function cornerReserves(size: number): [number, number, number, number][] {
  const r = DEMO_CORNER_RESERVE;
  return [
    [0, 0, r, r],
    [size - r, 0, size, r],
    [0, size - r, r, size],
    [size - r, size - r, size, size],
  ];
}

function boxMeetsReserves(
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
  size: number,
): boolean {
  return cornerReserves(size).some(
    ([x0, y0, x1, y1]) => maxX > x0 && minX < x1 && maxY > y0 && minY < y1,
  );
}

function circleMeetsReserves(cx: number, cy: number, radius: number, size: number): boolean {
  return cornerReserves(size).some(([x0, y0, x1, y1]) => {
    const dx = Math.max(x0 - cx, 0, cx - x1);
    const dy = Math.max(y0 - cy, 0, cy - y1);
    return dx * dx + dy * dy < radius * radius;
  });
}

interface ClutterItem {
  inside: InsideTest;
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
  colour: Rgb;
  alpha: number;
}

/** Every random decision about one sample, made before any pixel is painted. */
export interface DemoScenePlan {
  seed: number;
  index: number;
  options: ResolvedDemoOptions;
  classIndex: number;
  label: DemoClassLabel;
  background: BackgroundPlan;
  noiseStd: number;
  object: ShapePlacement;
  objectColour: Rgb;
  clutter: ClutterItem[];
  hasCue: boolean;
}

function planObject(rng: Rng, label: DemoClassLabel, size: number): ShapePlacement {
  const radius = rng.range(RADIUS_RANGE[0], RADIUS_RANGE[1]) * size;
  const rotation = rng.range(0, 2 * Math.PI);
  // A 1-pixel margin keeps the object (anti-aliasing included) inside the image.
  const lo = radius + 1;
  const hi = size - radius - 1;
  for (;;) {
    const cx = rng.range(lo, hi);
    const cy = rng.range(lo, hi);
    // Half a pixel of slack so that no anti-aliased edge reaches a reserved corner either.
    if (!circleMeetsReserves(cx, cy, radius + 0.5, size))
      return { kind: label, cx, cy, radius, rotation };
  }
}

function planClutter(rng: Rng, size: number): ClutterItem[] {
  const items: ClutterItem[] = [];
  const count = rng.int(3, 8);
  for (let n = 0; n < count; n++) {
    const colour: Rgb = [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)];
    const alpha = rng.range(0.6, 1);
    const isLine = rng.chance(0.6);
    for (let attempt = 0; attempt < 20; attempt++) {
      if (isLine) {
        const a = { x: rng.range(0, size), y: rng.range(0, size) };
        const length = rng.range(4, 12) * (size / DEMO_IMAGE_SIZE);
        const angle = rng.range(0, 2 * Math.PI);
        const b = { x: a.x + length * Math.cos(angle), y: a.y + length * Math.sin(angle) };
        const thickness = rng.range(0.8, 1.8);
        const pad = thickness / 2 + 1;
        const bounds = {
          minX: Math.min(a.x, b.x) - pad,
          minY: Math.min(a.y, b.y) - pad,
          maxX: Math.max(a.x, b.x) + pad,
          maxY: Math.max(a.y, b.y) + pad,
        };
        if (bounds.minX < 0 || bounds.minY < 0 || bounds.maxX > size || bounds.maxY > size)
          continue;
        if (boxMeetsReserves(bounds.minX, bounds.minY, bounds.maxX, bounds.maxY, size)) continue;
        items.push({ inside: segmentInsideTest(a, b, thickness), bounds, colour, alpha });
        break;
      } else {
        const radius = rng.range(0.8, 2);
        const cx = rng.range(radius + 1, size - radius - 1);
        const cy = rng.range(radius + 1, size - radius - 1);
        const pad = radius + 1;
        const bounds = { minX: cx - pad, minY: cy - pad, maxX: cx + pad, maxY: cy + pad };
        if (boxMeetsReserves(bounds.minX, bounds.minY, bounds.maxX, bounds.maxY, size)) continue;
        items.push({ inside: discInsideTest(cx, cy, radius), bounds, colour, alpha });
        break;
      }
    }
  }
  return items;
}

/** Makes every random decision for sample `index`; painting the plan is deterministic. */
export function planDemoScene(
  seed: number,
  index: number,
  options: DemoSampleOptions = {},
): DemoScenePlan {
  checkSeedAndIndex(seed, index);
  const resolved = resolveDemoOptions(options);
  const { size, classes } = resolved;
  const classIndex = demoClassIndex(seed, index, classes.length);
  const label = classes[classIndex] as DemoClassLabel;

  // Separate streams, so switching clutter (or the cue) off leaves everything else unchanged.
  const scene = createRng(seed, STREAM.content, index, 0);
  const objectRng = createRng(seed, STREAM.content, index, 1);
  const clutterRng = createRng(seed, STREAM.content, index, 2);
  const cueRng = createRng(seed, STREAM.cue, index);

  // Light objects on a darker background or the reverse. The background's colours lie within
  // 40 luminance levels of each other; the object is at least 60 levels beyond them.
  const lightObject = scene.chance(0.5);
  const centre = lightObject ? scene.range(30, 140) : scene.range(115, 225);
  const backgroundBand = [centre - 20, centre + 20] as const;
  const objectBand = lightObject
    ? ([centre + 80, Math.min(250, centre + 200)] as const)
    : ([Math.max(5, centre - 200), centre - 80] as const);
  const background = planBackground(
    scene,
    scene.pick(resolved.backgrounds),
    backgroundBand,
    size,
    size,
  );
  const noiseStd = scene.range(0, 4);
  const objectColour = colourInBand(objectRng, objectBand[0], objectBand[1]);
  const object = planObject(objectRng, label, size);
  const clutter = resolved.clutter ? planClutter(clutterRng, size) : [];

  const draw = cueRng.next();
  let hasCue = false;
  if (resolved.cueOverride !== null) hasCue = resolved.cueOverride === 'present';
  else if (resolved.cue) {
    hasCue =
      draw <
      (label === resolved.cue.classLabel
        ? resolved.cue.probability
        : resolved.cue.otherProbability);
  }
  return {
    seed,
    index,
    options: resolved,
    classIndex,
    label,
    background,
    noiseStd,
    object,
    objectColour,
    clutter,
    hasCue,
  };
}

function blend(pixels: Float32Array, coverage: Float32Array, colour: Rgb, alpha: number): void {
  for (let p = 0; p < coverage.length; p++) {
    const c = coverage[p] as number;
    if (c === 0) continue;
    const w = c * alpha;
    const i = p * 3;
    pixels[i] = (pixels[i] as number) + (colour[0] - (pixels[i] as number)) * w;
    pixels[i + 1] = (pixels[i + 1] as number) + (colour[1] - (pixels[i + 1] as number)) * w;
    pixels[i + 2] = (pixels[i + 2] as number) + (colour[2] - (pixels[i + 2] as number)) * w;
  }
}

export interface PaintOptions {
  /** Leave the class object out (to compare against the would-be background). */
  omitObject?: boolean;
}

/** Renders a plan into a sample. */
export function paintDemoScene(plan: DemoScenePlan, paint: PaintOptions = {}): DemoSample {
  const { size } = plan.options;
  const pixels = new Float32Array(size * size * 3);
  paintBackground(plan.background, size, size, pixels);
  for (const item of plan.clutter) {
    blend(pixels, rasterise(item.inside, item.bounds, size, size), item.colour, item.alpha);
  }
  const { object } = plan;
  const coverage = rasterise(
    shapeInsideTest(object),
    {
      minX: object.cx - object.radius,
      minY: object.cy - object.radius,
      maxX: object.cx + object.radius,
      maxY: object.cy + object.radius,
    },
    size,
    size,
  );
  if (!paint.omitObject) blend(pixels, coverage, plan.objectColour, 1);
  const { mask, box } = coverageToMask(coverage, size, size);
  if (!box) throw new Error(`demo sample ${plan.index}: the object covers no pixel`);

  // Sensor-like noise over the whole picture, from its own stream.
  const noise = createRng(plan.seed, STREAM.content, plan.index, 3);
  const image = new Uint8Array(size * size * 3);
  for (let i = 0; i < image.length; i++) {
    const v = (pixels[i] as number) + plan.noiseStd * noise.normal();
    image[i] = Math.round(Math.min(255, Math.max(0, v)));
  }

  const cueMask = new Uint8Array(size * size);
  let cueBox: DemoBox | null = null;
  if (plan.hasCue) {
    cueBox = cueBoxAt(plan.options.cueCorner, size);
    for (let dy = 0; dy < cueBox.height; dy++) {
      for (let dx = 0; dx < cueBox.width; dx++) {
        const p = (cueBox.y + dy) * size + cueBox.x + dx;
        const colour = DEMO_CUE_COLOURS[(Math.floor(dx / 2) + Math.floor(dy / 2)) % 2] as Rgb;
        image.set(colour, p * 3);
        cueMask[p] = 1;
      }
    }
  }
  return {
    seed: plan.seed,
    index: plan.index,
    options: plan.options,
    width: size,
    height: size,
    channels: 3,
    image,
    classIndex: plan.classIndex,
    label: plan.label,
    mask,
    bbox: box,
    object: { ...object },
    background: plan.background.kind,
    hasCue: plan.hasCue,
    cueCorner: plan.hasCue ? plan.options.cueCorner : null,
    cueMask,
    cueBox,
  };
}

/**
 * Renders demo sample `index` of the dataset `seed`: a pure function of its arguments, so the
 * same sample can be rendered again with the cue added, removed or moved.
 */
export function generateDemoSample(
  seed: number,
  index: number,
  options: DemoSampleOptions = {},
): DemoSample {
  return paintDemoScene(planDemoScene(seed, index, options));
}

/** Samples startIndex .. startIndex + count - 1 of the dataset `seed`. */
export function generateDemoDataset(options: DemoDatasetOptions): DemoSample[] {
  const { seed, count, startIndex = 0, ...sampleOptions } = options;
  if (!Number.isInteger(count) || count < 0)
    throw invalid(`count must be a non-negative integer, got ${count}`);
  const resolved = resolveDemoOptions(sampleOptions);
  return Array.from({ length: count }, (_, k) =>
    generateDemoSample(seed, startIndex + k, resolved),
  );
}

/** The same sample with the mark stamped in `corner` (default: where it was, else top-left). */
export function withCue(
  sample: DemoSample,
  corner: DemoCorner = sample.cueCorner ?? sample.options.cueCorner,
): DemoSample {
  return generateDemoSample(sample.seed, sample.index, {
    ...sample.options,
    cueOverride: 'present',
    cueCorner: corner,
  });
}

/** The same sample without the mark. */
export function withoutCue(sample: DemoSample): DemoSample {
  return generateDemoSample(sample.seed, sample.index, {
    ...sample.options,
    cueOverride: 'absent',
  });
}

/** The same sample with its mark in another corner (a sample without a mark gets one). */
export function moveCue(sample: DemoSample, corner: DemoCorner): DemoSample {
  return withCue(sample, corner);
}
