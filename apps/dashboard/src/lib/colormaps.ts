import {
  interpolateInferno,
  interpolateMagma,
  interpolatePiYG,
  interpolatePuOr,
  interpolateRdBu,
  interpolateTurbo,
  interpolateViridis,
} from 'd3-scale-chromatic';

/**
 * Colormaps as 256-entry RGB lookup tables. Sequential maps colour unsigned attributions
 * (low to high); diverging maps colour signed ones, with zero at the neutral centre.
 */
export const SEQUENTIAL_COLORMAPS = ['viridis', 'inferno', 'magma', 'turbo', 'gray'] as const;
export const DIVERGING_COLORMAPS = ['blue-red', 'pink-green', 'orange-purple'] as const;
export type SequentialColormap = (typeof SEQUENTIAL_COLORMAPS)[number];
export type DivergingColormap = (typeof DIVERGING_COLORMAPS)[number];
export type ColormapName = SequentialColormap | DivergingColormap;

export const COLORMAP_LABELS: Record<ColormapName, string> = {
  viridis: 'Viridis',
  inferno: 'Inferno',
  magma: 'Magma',
  turbo: 'Turbo',
  gray: 'Gray',
  'blue-red': 'Blue – white – red',
  'pink-green': 'Pink – white – green',
  'orange-purple': 'Orange – white – purple',
};

const INTERPOLATORS: Record<ColormapName, (t: number) => string> = {
  viridis: interpolateViridis,
  inferno: interpolateInferno,
  magma: interpolateMagma,
  turbo: interpolateTurbo,
  gray: (t) => {
    const v = Math.round(t * 255);
    return `rgb(${v}, ${v}, ${v})`;
  },
  'blue-red': (t) => interpolateRdBu(1 - t),
  'pink-green': interpolatePiYG,
  'orange-purple': interpolatePuOr,
};

export const LUT_SIZE = 256;

export function isColormapName(value: unknown): value is ColormapName {
  return typeof value === 'string' && Object.hasOwn(INTERPOLATORS, value);
}

export function isDiverging(name: ColormapName): name is DivergingColormap {
  return (DIVERGING_COLORMAPS as readonly string[]).includes(name);
}

/** "rgb(r, g, b)" or "#rrggbb", as d3 writes colours. */
export function parseColour(colour: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (hex)
    return [parseInt(hex[1] ?? '0', 16), parseInt(hex[2] ?? '0', 16), parseInt(hex[3] ?? '0', 16)];
  const rgb = /^rgb\(\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*\)$/.exec(
    colour,
  );
  if (rgb)
    return [Math.round(Number(rgb[1])), Math.round(Number(rgb[2])), Math.round(Number(rgb[3]))];
  throw new Error(`cannot read colour '${colour}'`);
}

const luts = new Map<ColormapName, Uint8Array>();

/** Entry i is the colour at t = i / 255; 768 bytes, RGB interleaved. */
export function colormapLut(name: ColormapName): Uint8Array {
  const cached = luts.get(name);
  if (cached) return cached;
  const lut = new Uint8Array(LUT_SIZE * 3);
  const interpolate = INTERPOLATORS[name];
  for (let i = 0; i < LUT_SIZE; i++) lut.set(parseColour(interpolate(i / (LUT_SIZE - 1))), i * 3);
  luts.set(name, lut);
  return lut;
}

/** The LUT entry for a position t in [0, 1] (clipped; NaN counts as 0). */
export function lutIndex(t: number): number {
  if (!(t > 0)) return 0;
  if (t >= 1) return LUT_SIZE - 1;
  return Math.min(LUT_SIZE - 1, Math.floor(t * LUT_SIZE));
}

/** RGBA pixels (for ImageData) of positions in [0, 1], fully opaque. */
export function colourise(
  positions: Float32Array,
  name: ColormapName,
): Uint8ClampedArray<ArrayBuffer> {
  const lut = colormapLut(name);
  const out = new Uint8ClampedArray(new ArrayBuffer(positions.length * 4));
  for (let p = 0; p < positions.length; p++) {
    const k = lutIndex(positions[p] ?? 0) * 3;
    out[p * 4] = lut[k] ?? 0;
    out[p * 4 + 1] = lut[k + 1] ?? 0;
    out[p * 4 + 2] = lut[k + 2] ?? 0;
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** A CSS linear-gradient showing the colormap, for legends. */
export function colormapGradient(name: ColormapName, stops = 9): string {
  const lut = colormapLut(name);
  const colours = Array.from({ length: stops }, (_, i) => {
    const k = lutIndex(i / (stops - 1)) * 3;
    return `rgb(${lut[k]}, ${lut[k + 1]}, ${lut[k + 2]})`;
  });
  return `linear-gradient(to right, ${colours.join(', ')})`;
}
