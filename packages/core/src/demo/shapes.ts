/**
 * Shape geometry and a supersampled rasteriser. Each class is defined inside the unit circle,
 * then scaled by the object's radius, rotated and moved; coverage is the share of sub-pixel
 * samples that fall inside.
 */

export const DEMO_CLASSES = ['circle', 'square', 'triangle', 'star', 'cross'] as const;
export type DemoClassLabel = (typeof DEMO_CLASSES)[number];

export interface Point {
  x: number;
  y: number;
}

/** Axis-aligned box in pixels: x, y of the top-left pixel; width and height in pixels. */
export interface DemoBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A shape in image coordinates (pixel centres are at i + 0.5). */
export interface ShapePlacement {
  kind: DemoClassLabel;
  cx: number;
  cy: number;
  /** Radius of the bounding circle: no part of the shape lies farther from the centre. */
  radius: number;
  rotation: number;
}

// Proportions chosen so that the classes cover roughly similar areas (1.3 to 2.1 r^2) at the
// same radius: size alone should not tell them apart.
const CIRCLE_RADIUS = 0.82;
const SQUARE_CORNER = 0.9;
const STAR_INNER = 0.48;
const CROSS_HALF_WIDTH = 0.27;

/** The outline of a polygonal class inside the unit circle, before rotation. */
export function unitPolygon(kind: Exclude<DemoClassLabel, 'circle'>): Point[] {
  const polar = (r: number, angle: number): Point => ({
    x: r * Math.cos(angle),
    y: r * Math.sin(angle),
  });
  const up = -Math.PI / 2;
  switch (kind) {
    case 'square':
      return [0, 1, 2, 3].map((k) => polar(SQUARE_CORNER, Math.PI / 4 + (k * Math.PI) / 2));
    case 'triangle':
      return [0, 1, 2].map((k) => polar(1, up + (k * 2 * Math.PI) / 3));
    case 'star':
      return Array.from({ length: 10 }, (_, k) =>
        polar(k % 2 === 0 ? 1 : STAR_INNER, up + (k * Math.PI) / 5),
      );
    case 'cross': {
      const w = CROSS_HALF_WIDTH;
      const l = Math.sqrt(1 - w * w);
      return [
        { x: -w, y: -l },
        { x: w, y: -l },
        { x: w, y: -w },
        { x: l, y: -w },
        { x: l, y: w },
        { x: w, y: w },
        { x: w, y: l },
        { x: -w, y: l },
        { x: -w, y: w },
        { x: -l, y: w },
        { x: -l, y: -w },
        { x: -w, y: -w },
      ];
    }
  }
}

/** Even-odd crossing test; works for the concave star and cross. */
export function pointInPolygon(x: number, y: number, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i] as Point;
    const b = polygon[j] as Point;
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

export type InsideTest = (x: number, y: number) => boolean;

export function shapeInsideTest(shape: ShapePlacement): InsideTest {
  if (shape.kind === 'circle') {
    const r = CIRCLE_RADIUS * shape.radius;
    const r2 = r * r;
    return (x, y) => (x - shape.cx) ** 2 + (y - shape.cy) ** 2 <= r2;
  }
  const cos = Math.cos(shape.rotation);
  const sin = Math.sin(shape.rotation);
  const polygon = unitPolygon(shape.kind).map((p) => ({
    x: shape.cx + shape.radius * (p.x * cos - p.y * sin),
    y: shape.cy + shape.radius * (p.x * sin + p.y * cos),
  }));
  return (x, y) => pointInPolygon(x, y, polygon);
}

/** A round-ended line of the given thickness from a to b. */
export function segmentInsideTest(a: Point, b: Point, thickness: number): InsideTest {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy || 1e-12;
  const half2 = (thickness / 2) ** 2;
  return (x, y) => {
    const t = Math.min(1, Math.max(0, ((x - a.x) * dx + (y - a.y) * dy) / length2));
    return (x - a.x - t * dx) ** 2 + (y - a.y - t * dy) ** 2 <= half2;
  };
}

export function discInsideTest(cx: number, cy: number, radius: number): InsideTest {
  const r2 = radius * radius;
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r2;
}

/**
 * Coverage (0..1) of every pixel by a shape, with `samples` x `samples` sub-pixel points per
 * pixel. Only pixels whose square meets `bounds` are tested.
 */
export function rasterise(
  inside: InsideTest,
  bounds: { minX: number; minY: number; maxX: number; maxY: number },
  width: number,
  height: number,
  samples = 4,
): Float32Array {
  const coverage = new Float32Array(width * height);
  const x0 = Math.max(0, Math.floor(bounds.minX));
  const y0 = Math.max(0, Math.floor(bounds.minY));
  const x1 = Math.min(width - 1, Math.ceil(bounds.maxX));
  const y1 = Math.min(height - 1, Math.ceil(bounds.maxY));
  const weight = 1 / (samples * samples);
  for (let py = y0; py <= y1; py++) {
    for (let px = x0; px <= x1; px++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        const y = py + (sy + 0.5) / samples;
        for (let sx = 0; sx < samples; sx++) {
          if (inside(px + (sx + 0.5) / samples, y)) hits++;
        }
      }
      if (hits > 0) coverage[py * width + px] = hits * weight;
    }
  }
  return coverage;
}

/** Binary mask of the pixels at least half covered, and its bounding box (null if empty). */
export function coverageToMask(
  coverage: Float32Array,
  width: number,
  height: number,
): { mask: Uint8Array; box: DemoBox | null } {
  const mask = new Uint8Array(width * height);
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if ((coverage[i] as number) >= 0.5) {
        mask[i] = 1;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  const box =
    maxX < 0 ? null : { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
  return { mask, box };
}
