import type { Rng } from './rng.ts';

/**
 * Backgrounds for the demo images. All colours of one background lie in a narrow luminance
 * band and near one another, and the object's colour is drawn well outside that band: the
 * backgrounds vary in texture and hue, but the object is always the most salient thing.
 */

export const DEMO_BACKGROUNDS = ['gradient', 'noise', 'stripes', 'checker', 'blobs'] as const;
export type DemoBackgroundKind = (typeof DEMO_BACKGROUNDS)[number];

export type Rgb = readonly [number, number, number];

export function luminance([r, g, b]: Rgb): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/** A random colour whose luminance lies in [lo, hi]. */
export function colourInBand(rng: Rng, lo: number, hi: number): Rgb {
  for (let attempt = 0; attempt < 200; attempt++) {
    const colour: Rgb = [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)];
    const l = luminance(colour);
    if (l >= lo && l <= hi) return colour;
  }
  const grey = Math.round((lo + hi) / 2);
  return [grey, grey, grey];
}

/** A random colour within `maxDistance` (RGB, Euclidean) of `base`, luminance in [lo, hi]. */
export function colourNear(rng: Rng, base: Rgb, maxDistance: number, lo: number, hi: number): Rgb {
  for (let attempt = 0; attempt < 200; attempt++) {
    const colour: Rgb = [
      Math.round(Math.min(255, Math.max(0, base[0] + rng.range(-maxDistance, maxDistance)))),
      Math.round(Math.min(255, Math.max(0, base[1] + rng.range(-maxDistance, maxDistance)))),
      Math.round(Math.min(255, Math.max(0, base[2] + rng.range(-maxDistance, maxDistance)))),
    ];
    const distance = Math.hypot(colour[0] - base[0], colour[1] - base[1], colour[2] - base[2]);
    const l = luminance(colour);
    if (distance <= maxDistance && l >= lo && l <= hi) return colour;
  }
  return base;
}

/** How far apart (RGB distance) the colours of one background may be. */
const BACKGROUND_SPREAD = 90;

/** The parameters of a background, decided up front so painting needs no randomness. */
export type BackgroundPlan =
  | { kind: 'gradient'; a: Rgb; b: Rgb; angle: number }
  | { kind: 'noise'; a: Rgb; b: Rgb; cell: number; grid: number[]; gridWidth: number }
  | {
      kind: 'stripes';
      a: Rgb;
      b: Rgb;
      angle: number;
      period: number;
      phase: number;
      sharpness: number;
    }
  | {
      kind: 'checker';
      a: Rgb;
      b: Rgb;
      angle: number;
      cell: number;
      offsetX: number;
      offsetY: number;
    }
  | {
      kind: 'blobs';
      a: Rgb;
      blobs: { x: number; y: number; radius: number; colour: Rgb; alpha: number }[];
    };

export function planBackground(
  rng: Rng,
  kind: DemoBackgroundKind,
  band: readonly [number, number],
  width: number,
  height: number,
): BackgroundPlan {
  const [lo, hi] = band;
  const a = colourInBand(rng, lo, hi);
  const b = colourNear(rng, a, BACKGROUND_SPREAD, lo, hi);
  const angle = rng.range(0, Math.PI);
  switch (kind) {
    case 'gradient':
      return { kind, a, b, angle: rng.range(0, 2 * Math.PI) };
    case 'noise': {
      const cell = rng.int(4, 14);
      const gridWidth = Math.ceil(width / cell) + 2;
      const gridHeight = Math.ceil(height / cell) + 2;
      const grid = Array.from({ length: gridWidth * gridHeight }, () => rng.next());
      return { kind, a, b, cell, grid, gridWidth };
    }
    case 'stripes':
      return {
        kind,
        a,
        b,
        angle,
        period: rng.range(4, 14),
        phase: rng.range(0, 2 * Math.PI),
        sharpness: rng.range(1, 6),
      };
    case 'checker':
      return {
        kind,
        a,
        b,
        angle,
        cell: rng.range(4, 12),
        offsetX: rng.range(0, 12),
        offsetY: rng.range(0, 12),
      };
    case 'blobs': {
      const count = rng.int(3, 8);
      const blobs = Array.from({ length: count }, () => ({
        x: rng.range(0, width),
        y: rng.range(0, height),
        radius: rng.range(4, Math.max(6, width / 4)),
        colour: colourNear(rng, a, BACKGROUND_SPREAD, lo, hi),
        alpha: rng.range(0.4, 0.9),
      }));
      return { kind, a, blobs };
    }
  }
}

const smoothstep = (t: number): number => t * t * (3 - 2 * t);

function mix(a: Rgb, b: Rgb, t: number, out: Float32Array, i: number): void {
  out[i] = a[0] + (b[0] - a[0]) * t;
  out[i + 1] = a[1] + (b[1] - a[1]) * t;
  out[i + 2] = a[2] + (b[2] - a[2]) * t;
}

/** Paints the background into `out` (RGB, float 0..255, row-major HWC). */
export function paintBackground(
  plan: BackgroundPlan,
  width: number,
  height: number,
  out: Float32Array,
): void {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const px = x + 0.5;
      const py = y + 0.5;
      switch (plan.kind) {
        case 'gradient': {
          // Project onto the direction, normalised so the gradient spans the image.
          const dx = Math.cos(plan.angle);
          const dy = Math.sin(plan.angle);
          const span = Math.abs(dx) * width + Math.abs(dy) * height;
          const t = ((px - width / 2) * dx + (py - height / 2) * dy) / span + 0.5;
          mix(plan.a, plan.b, Math.min(1, Math.max(0, t)), out, i);
          break;
        }
        case 'noise': {
          const gx = px / plan.cell;
          const gy = py / plan.cell;
          const ix = Math.floor(gx);
          const iy = Math.floor(gy);
          const fx = smoothstep(gx - ix);
          const fy = smoothstep(gy - iy);
          const at = (cx: number, cy: number): number => plan.grid[cy * plan.gridWidth + cx] ?? 0;
          const top = at(ix, iy) + (at(ix + 1, iy) - at(ix, iy)) * fx;
          const bottom = at(ix, iy + 1) + (at(ix + 1, iy + 1) - at(ix, iy + 1)) * fx;
          mix(plan.a, plan.b, top + (bottom - top) * fy, out, i);
          break;
        }
        case 'stripes': {
          const u = px * Math.cos(plan.angle) + py * Math.sin(plan.angle);
          const s = Math.sin((2 * Math.PI * u) / plan.period + plan.phase);
          const t = 0.5 + 0.5 * Math.tanh(plan.sharpness * s);
          mix(plan.a, plan.b, t, out, i);
          break;
        }
        case 'checker': {
          const cos = Math.cos(plan.angle);
          const sin = Math.sin(plan.angle);
          const u = (px * cos + py * sin + plan.offsetX) / plan.cell;
          const v = (-px * sin + py * cos + plan.offsetY) / plan.cell;
          mix(plan.a, plan.b, (Math.floor(u) + Math.floor(v)) & 1, out, i);
          break;
        }
        case 'blobs': {
          out[i] = plan.a[0];
          out[i + 1] = plan.a[1];
          out[i + 2] = plan.a[2];
          for (const blob of plan.blobs) {
            const d2 = (px - blob.x) ** 2 + (py - blob.y) ** 2;
            const w = blob.alpha * Math.exp(-d2 / (2 * blob.radius * blob.radius));
            out[i] = (out[i] as number) + (blob.colour[0] - (out[i] as number)) * w;
            out[i + 1] = (out[i + 1] as number) + (blob.colour[1] - (out[i + 1] as number)) * w;
            out[i + 2] = (out[i + 2] as number) + (blob.colour[2] - (out[i + 2] as number)) * w;
          }
          break;
        }
      }
    }
  }
}
