/** Fills one hole pixel (a grid cell) of `out` from the known pixels around it. */
export type PixelEstimator = (cell: number, out: Float32Array) => void;

/** OpenCV's saturate_cast<uchar>: round half to even, clamp to 0..255. */
export function toUint8(value: number): number {
  const rounded = Math.round(value);
  const even = rounded - value === 0.5 && rounded % 2 !== 0 ? rounded - 1 : rounded;
  return Math.min(255, Math.max(0, even));
}
