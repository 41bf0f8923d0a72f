/**
 * Attribution maps as the dashboard draws them: one value per pixel (channels reduced the way
 * the API's renderer reduces them), positions for a colormap, resizing, and the difference
 * between two versions' maps.
 */
export interface Map2D {
  width: number;
  height: number;
  /** Row-major, height x width. */
  data: Float32Array;
}

/** [H, W] as is; [H, W, C] summed over channels when signed, summed in absolute value when not. */
export function toMap2D(values: Float32Array, shape: readonly number[], signed: boolean): Map2D {
  const [height, width, channels = 1] = shape;
  if (height === undefined || width === undefined || shape.length < 2 || shape.length > 3) {
    throw new Error(`an attribution map has shape [H, W] or [H, W, C], got [${shape.join(', ')}]`);
  }
  if (values.length !== height * width * channels) {
    throw new Error(
      `shape [${shape.join(', ')}] needs ${height * width * channels} values, got ${values.length}`,
    );
  }
  if (channels === 1) return { width, height, data: values };
  const data = new Float32Array(width * height);
  for (let p = 0; p < data.length; p++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) {
      const v = values[p * channels + c] ?? 0;
      sum += signed ? v : Math.abs(v);
    }
    data[p] = sum;
  }
  return { width, height, data };
}

export interface ValueRange {
  min: number;
  max: number;
  /** Largest |value|. */
  absMax: number;
}

export function valueRange(data: ArrayLike<number>): ValueRange {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] ?? NaN;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return { min: 0, max: 0, absMax: 0 };
  return { min, max, absMax: Math.max(Math.abs(min), Math.abs(max)) };
}

/**
 * Colormap positions in [0, 1]. Signed: value / max|value| mapped so that 0 sits at 0.5
 * (for a diverging colormap). Unsigned: min..max stretched to 0..1. A flat map sits at the
 * neutral position (0.5 signed, 0 unsigned); non-finite values too.
 */
export function colormapPositions(map: Map2D, signed: boolean): Float32Array {
  const { min, max, absMax } = valueRange(map.data);
  const out = new Float32Array(map.data.length);
  for (let p = 0; p < out.length; p++) {
    const v = map.data[p] ?? NaN;
    if (!Number.isFinite(v)) out[p] = signed ? 0.5 : 0;
    else if (signed) out[p] = absMax > 0 ? 0.5 + (0.5 * v) / absMax : 0.5;
    else out[p] = max > min ? (v - min) / (max - min) : 0;
  }
  return out;
}

/**
 * A map on a common scale, so maps of different methods or models can be subtracted:
 * signed maps are divided by their largest |value| (to -1..1, zero kept at zero);
 * unsigned maps are stretched from min..max to 0..1. A flat map becomes all zeros.
 */
export function normaliseMap(map: Map2D, signed: boolean): Map2D {
  const { min, max, absMax } = valueRange(map.data);
  const data = new Float32Array(map.data.length);
  for (let p = 0; p < data.length; p++) {
    const v = map.data[p] ?? NaN;
    if (!Number.isFinite(v)) data[p] = 0;
    else if (signed) data[p] = absMax > 0 ? v / absMax : 0;
    else data[p] = max > min ? (v - min) / (max - min) : 0;
  }
  return { width: map.width, height: map.height, data };
}

/** Bilinear resampling with pixel centres aligned (half-pixel offsets), edges clamped. */
export function resizeBilinear(map: Map2D, width: number, height: number): Map2D {
  if (map.width === width && map.height === height) return map;
  const data = new Float32Array(width * height);
  const sx = map.width / width;
  const sy = map.height / height;
  const at = (x: number, y: number) => map.data[y * map.width + x] ?? 0;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), map.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, map.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), map.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, map.width - 1);
      const wx = fx - x0;
      const top = at(x0, y0) * (1 - wx) + at(x1, y0) * wx;
      const bottom = at(x0, y1) * (1 - wx) + at(x1, y1) * wx;
      data[y * width + x] = top * (1 - wy) + bottom * wy;
    }
  }
  return { width, height, data };
}

export interface DifferenceMap {
  /** B's normalised map minus A's, at A's size: positive where B attributes more. */
  map: Map2D;
  /** The largest possible |difference| (1 when both maps are unsigned, else 2): the colour scale. */
  bound: number;
  /** Mean |difference| over the pixels, from 0 (same maps) to `bound`. */
  meanAbs: number;
}

export function differenceMap(
  a: { map: Map2D; signed: boolean },
  b: { map: Map2D; signed: boolean },
): DifferenceMap {
  const na = normaliseMap(a.map, a.signed);
  const nb = resizeBilinear(normaliseMap(b.map, b.signed), na.width, na.height);
  const data = new Float32Array(na.data.length);
  let total = 0;
  for (let p = 0; p < data.length; p++) {
    const d = (nb.data[p] ?? 0) - (na.data[p] ?? 0);
    data[p] = d;
    total += Math.abs(d);
  }
  return {
    map: { width: na.width, height: na.height, data },
    bound: a.signed || b.signed ? 2 : 1,
    meanAbs: data.length ? total / data.length : 0,
  };
}

/** Positions in [0, 1] for a diverging colormap over [-bound, bound], zero at 0.5. */
export function differencePositions(diff: DifferenceMap): Float32Array {
  const out = new Float32Array(diff.map.data.length);
  for (let p = 0; p < out.length; p++) {
    const t = 0.5 + (0.5 * (diff.map.data[p] ?? 0)) / diff.bound;
    out[p] = Math.min(1, Math.max(0, t));
  }
  return out;
}
