/**
 * sRGB to CIE L*a*b* (D65 white, 2 degree observer), with the constants scikit-image's
 * `rgb2lab` uses, so that colour distances (and hence superpixels) match it.
 */
const XYZ_FROM_RGB = [
  [0.412453, 0.35758, 0.180423],
  [0.212671, 0.71516, 0.072169],
  [0.019334, 0.119193, 0.950227],
] as const;
const D65_WHITE = [0.95047, 1.0, 1.08883] as const;

function linearize(c: number): number {
  return c > 0.04045 ? Math.pow((c + 0.055) / 1.055, 2.4) : c / 12.92;
}

function labCompand(t: number): number {
  return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116;
}

/**
 * Converts interleaved RGB values to interleaved L*a*b*. `scale` maps the input to 0..1
 * (1/255 for 8-bit or image-space values; 1 when the values are already 0..1).
 */
export function rgbToLab(rgb: ArrayLike<number>, scale = 1 / 255): Float64Array {
  const out = new Float64Array(rgb.length);
  const [mx, my, mz] = XYZ_FROM_RGB;
  for (let i = 0; i + 2 < rgb.length; i += 3) {
    const r = linearize((rgb[i] ?? 0) * scale);
    const g = linearize((rgb[i + 1] ?? 0) * scale);
    const b = linearize((rgb[i + 2] ?? 0) * scale);
    const fx = labCompand((mx[0] * r + mx[1] * g + mx[2] * b) / D65_WHITE[0]);
    const fy = labCompand((my[0] * r + my[1] * g + my[2] * b) / D65_WHITE[1]);
    const fz = labCompand((mz[0] * r + mz[1] * g + mz[2] * b) / D65_WHITE[2]);
    out[i] = 116 * fy - 16;
    out[i + 1] = 500 * (fx - fy);
    out[i + 2] = 200 * (fy - fz);
  }
  return out;
}
