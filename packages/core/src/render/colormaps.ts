import { interpolateViridis, schemeRdBu } from 'd3-scale-chromatic';
import { LumenError } from '../errors.ts';

/**
 * Colormaps as 256-entry lookup tables (`Uint8Array` of 768 bytes, RGB interleaved).
 *
 * A value t in [0, 1] picks entry `floor(t * 256)` (t = 1 picks 255), the way matplotlib's
 * `Colormap.__call__` indexes its table.
 */
export const COLORMAP_NAMES = ['jet', 'viridis', 'diverging', 'gray'] as const;
export type ColormapName = (typeof COLORMAP_NAMES)[number];

/** A named colormap, or a custom 256-entry RGB table (768 bytes). */
export type Colormap = ColormapName | Uint8Array;

export const LUT_SIZE = 256;

type Segment = readonly (readonly [x: number, below: number, above: number])[];

/**
 * matplotlib's `jet` (its `_jet_data` segment table: per channel, anchor points
 * (x, value just below x, value just above x), linearly interpolated between anchors).
 */
const JET_SEGMENTS: Readonly<Record<'red' | 'green' | 'blue', Segment>> = {
  red: [
    [0, 0, 0],
    [0.35, 0, 0],
    [0.66, 1, 1],
    [0.89, 1, 1],
    [1, 0.5, 0.5],
  ],
  green: [
    [0, 0, 0],
    [0.125, 0, 0],
    [0.375, 1, 1],
    [0.64, 1, 1],
    [0.91, 0, 0],
    [1, 0, 0],
  ],
  blue: [
    [0, 0.5, 0.5],
    [0.11, 1, 1],
    [0.34, 1, 1],
    [0.65, 0, 0],
    [1, 0, 0],
  ],
};

/**
 * One channel of a segment-defined colormap sampled at n evenly spaced points, with the
 * same floating-point steps as matplotlib's LinearSegmentedColormap (gamma 1), so that
 * the byte table matches `cmap(np.arange(n), bytes=True)`, which truncates `v * 255`.
 */
function sampleSegments(segment: Segment, n: number): Float64Array {
  const xs = segment.map(([x]) => x * (n - 1));
  const out = new Float64Array(n);
  const first = segment[0];
  const last = segment[segment.length - 1];
  if (first === undefined || last === undefined) throw new Error('empty colormap segment');
  out[0] = first[2];
  out[n - 1] = last[1];
  const step = 1 / (n - 1);
  for (let i = 1; i < n - 1; i++) {
    const xi = (n - 1) * (i * step);
    let k = 0;
    while (k < xs.length && (xs[k] ?? Infinity) < xi) k++; // searchsorted, side 'left'
    const x0 = xs[k - 1] ?? 0;
    const x1 = xs[k] ?? 1;
    const distance = (xi - x0) / (x1 - x0);
    const below = segment[k]?.[1] ?? 0;
    const aboveLeft = segment[k - 1]?.[2] ?? 0;
    out[i] = distance * (below - aboveLeft) + aboveLeft;
  }
  for (let i = 0; i < n; i++) out[i] = Math.min(1, Math.max(0, out[i] ?? 0));
  return out;
}

function jetLut(): Uint8Array {
  const lut = new Uint8Array(LUT_SIZE * 3);
  const channels = [JET_SEGMENTS.red, JET_SEGMENTS.green, JET_SEGMENTS.blue].map((s) =>
    sampleSegments(s, LUT_SIZE),
  );
  channels.forEach((values, c) => {
    for (let i = 0; i < LUT_SIZE; i++) lut[3 * i + c] = Math.trunc((values[i] ?? 0) * 255);
  });
  return lut;
}

function parseHex(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`unexpected colour ${hex}`);
  return [parseInt(m[1] ?? '0', 16), parseInt(m[2] ?? '0', 16), parseInt(m[3] ?? '0', 16)];
}

/** d3's viridis: `interpolateViridis(i / 255)` is exactly d3's i-th ramp colour. */
function viridisLut(): Uint8Array {
  const lut = new Uint8Array(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++)
    lut.set(parseHex(interpolateViridis(i / (LUT_SIZE - 1))), 3 * i);
  return lut;
}

/**
 * Blue-white-red: ColorBrewer's 11-class RdBu (from d3), reversed so that low = blue and
 * high = red, linearly interpolated in RGB between the 11 colours. Entry 128, which a
 * value exactly in the middle (t = 0.5) selects, is the scheme's neutral centre, #f7f7f7;
 * entries 0 and 255 are the darkest blue and red. The halves are sampled separately
 * (128 steps below the centre, 127 above) so that the centre lands on entry 128.
 */
function divergingLut(): Uint8Array {
  const scheme = schemeRdBu[11];
  if (scheme === undefined) throw new Error('d3-scale-chromatic has no 11-class RdBu');
  const stops = [...scheme].reverse().map(parseHex);
  const segments = stops.length - 1;
  const lut = new Uint8Array(LUT_SIZE * 3);
  const centre = LUT_SIZE / 2;
  for (let i = 0; i < LUT_SIZE; i++) {
    const t =
      i <= centre ? (0.5 * i) / centre : 0.5 + (0.5 * (i - centre)) / (LUT_SIZE - 1 - centre);
    const pos = t * segments;
    const k = Math.min(segments - 1, Math.floor(pos));
    const f = pos - k;
    const a = stops[k] ?? [0, 0, 0];
    const b = stops[k + 1] ?? a;
    for (let c = 0; c < 3; c++)
      lut[3 * i + c] = Math.round((a[c] ?? 0) + f * ((b[c] ?? 0) - (a[c] ?? 0)));
  }
  return lut;
}

function grayLut(): Uint8Array {
  const lut = new Uint8Array(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) lut.fill(i, 3 * i, 3 * i + 3);
  return lut;
}

const BUILDERS: Record<ColormapName, () => Uint8Array> = {
  jet: jetLut,
  viridis: viridisLut,
  diverging: divergingLut,
  gray: grayLut,
};
const cache = new Map<ColormapName, Uint8Array>();

/** The 256-entry RGB table (768 bytes) of a colormap; a copy, safe to modify. */
export function colormapLut(colormap: Colormap): Uint8Array {
  return resolveLut(colormap).slice();
}

/** The table itself (shared, do not modify). */
export function resolveLut(colormap: Colormap): Uint8Array {
  if (colormap instanceof Uint8Array) {
    if (colormap.length !== LUT_SIZE * 3) {
      throw new LumenError(
        'SHAPE_MISMATCH',
        `A custom colormap must be a Uint8Array of ${LUT_SIZE * 3} bytes (256 RGB entries), got ${colormap.length} bytes.`,
      );
    }
    return colormap;
  }
  const build = Object.hasOwn(BUILDERS, colormap) ? BUILDERS[colormap] : undefined;
  if (build === undefined) {
    throw new LumenError(
      'INVALID_PARAMS',
      `Unknown colormap ${JSON.stringify(colormap)}; use one of ${COLORMAP_NAMES.join(', ')}.`,
    );
  }
  let lut = cache.get(colormap);
  if (lut === undefined) {
    lut = build();
    cache.set(colormap, lut);
  }
  return lut;
}

/** The table entry for t in [0, 1]: floor(t * 256), clamped to 0..255; NaN picks 0. */
export function lutIndex(t: number): number {
  if (!(t > 0)) return 0;
  if (t >= 1) return LUT_SIZE - 1;
  return Math.min(LUT_SIZE - 1, Math.floor(t * LUT_SIZE));
}

/** The colour of t in [0, 1] under a colormap. */
export function colorAt(colormap: Colormap, t: number): [number, number, number] {
  const lut = resolveLut(colormap);
  const i = 3 * lutIndex(t);
  return [lut[i] ?? 0, lut[i + 1] ?? 0, lut[i + 2] ?? 0];
}
