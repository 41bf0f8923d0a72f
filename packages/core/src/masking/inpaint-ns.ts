import { INSIDE, type MarchingGrid } from './marching-grid.ts';
import { neighbourhood } from './neighbourhood.ts';
import { toUint8, type PixelEstimator } from './estimator.ts';

/**
 * OpenCV's INPAINT_NS rule. OpenCV does not solve Bertalmio et al.'s Navier-Stokes equations
 * iteratively: it fills the hole in the same fast-marching order as Telea's method, and each
 * hole pixel p becomes a weighted mean of the known pixels q within the radius, per channel,
 * with weights that favour continuing isophotes:
 *   w = dst * dir,  dst = 1 / (|q - p|^4 + 1),
 *   dir = |cos| of the angle between q - p and the isophote at q (1e-6 when the dot product is
 *         at most 0.01 in magnitude),
 * where the isophote at q is (-gv, gh), gv and gh being sums of absolute forward and backward
 * differences along the rows and the columns (a one-sided difference doubled at a hole's edge).
 */
export function navierStokesEstimator(
  grid: MarchingGrid,
  channels: number,
  radius: number,
  eightBit: boolean,
): PixelEstimator {
  const { height, width, stride, flags } = grid;
  const { count, dy, dx, distance2 } = neighbourhood(radius);
  const distanceWeight = Float64Array.from(distance2, (d2) => 1 / (d2 * d2 + 1));
  const sum = new Float64Array(channels);
  const total = new Float64Array(channels);

  return (cell, out) => {
    const i = Math.floor(cell / stride);
    const j = cell - i * stride;
    sum.fill(0);
    total.fill(1e-20);
    for (let n = 0; n < count; n++) {
      const k = i + (dy[n] as number);
      const l = j + (dx[n] as number);
      if (k < 1 || k > height || l < 1 || l > width) continue;
      const q = k * stride + l;
      if (flags[q] === INSIDE) continue;
      const ry = dy[n] as number;
      const rx = dx[n] as number;
      const r2 = distance2[n] as number;
      const dst = distanceWeight[n] as number;

      const y = k - 1;
      const x = l - 1;
      const qRight = flags[q + 1] !== INSIDE;
      const qLeft = flags[q - 1] !== INSIDE;
      const qDown = flags[q + stride] !== INSIDE;
      const qUp = flags[q - stride] !== INSIDE;
      const at = (y * width + x) * channels;
      const atRight = (y * width + Math.min(x + 1, width - 1)) * channels;
      const atLeft = (y * width + Math.max(x - 1, 0)) * channels;
      const atDown = (Math.min(y + 1, height - 1) * width + x) * channels;
      const atUp = (Math.max(y - 1, 0) * width + x) * channels;
      for (let c = 0; c < channels; c++) {
        const v = out[at + c] as number;
        const forwardRow = Math.abs((out[atDown + c] as number) - v);
        const backwardRow = Math.abs(v - (out[atUp + c] as number));
        const forwardCol = Math.abs((out[atRight + c] as number) - v);
        const backwardCol = Math.abs(v - (out[atLeft + c] as number));
        const gv = qDown
          ? qUp
            ? forwardRow + backwardRow
            : forwardRow * 2
          : qUp
            ? backwardRow * 2
            : 0;
        const gh = qRight
          ? qLeft
            ? forwardCol + backwardCol
            : forwardCol * 2
          : qLeft
            ? backwardCol * 2
            : 0;
        const dot = -rx * gv + ry * gh;
        const dir =
          Math.abs(dot) <= 0.01 ? 1e-6 : Math.abs(dot) / Math.sqrt(r2 * (gv * gv + gh * gh));
        const w = dst * dir;
        sum[c] = (sum[c] as number) + w * v;
        total[c] = (total[c] as number) + w;
      }
    }
    const target = ((i - 1) * width + (j - 1)) * channels;
    for (let c = 0; c < channels; c++) {
      const value = (sum[c] as number) / (total[c] as number);
      out[target + c] = eightBit ? toUint8(value) : value;
    }
  };
}
