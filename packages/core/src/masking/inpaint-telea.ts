import { INSIDE, type MarchingGrid } from './marching-grid.ts';
import { neighbourhood } from './neighbourhood.ts';
import { toUint8, type PixelEstimator } from './estimator.ts';

/**
 * Telea's fast-marching inpainting rule as OpenCV's INPAINT_TELEA computes it. A hole pixel p
 * becomes a weighted mean of the known pixels q within the radius, with
 *   w = |dir * dst * lev|,  dir = (p - q) . grad T(p)  (1e-6 when |dir| <= 0.01),
 *   dst = 1 / |p - q|^3,    lev = 1 / (1 + |T(q) - T(p)|),
 * T being the arrival time of the march (negative outside the hole). OpenCV's first-order term
 * is kept as it computes it: J = -sum w * (dI/dx(q) * (p-q).x, dI/dy(q) * (p-q).y), with
 * central differences doubled, added as (J.x + J.y) / |J|, i.e. at most sqrt(2) grey levels.
 * (In 8-bit mode OpenCV also adds 0.5 before rounding, so its fills are half a level brighter.)
 */
export function teleaEstimator(
  grid: MarchingGrid,
  channels: number,
  radius: number,
  eightBit: boolean,
): PixelEstimator {
  const { height, width, stride, flags, times } = grid;
  const { count, dy, dx, distance2 } = neighbourhood(radius);
  const distanceWeight = Float64Array.from(distance2, (d2) => 1 / (d2 * Math.sqrt(d2)));
  const sum = new Float64Array(channels);
  const jx = new Float64Array(channels);
  const jy = new Float64Array(channels);

  return (cell, out) => {
    const i = Math.floor(cell / stride);
    const j = cell - i * stride;
    const t = times[cell] as number;
    const rightKnown = flags[cell + 1] !== INSIDE;
    const leftKnown = flags[cell - 1] !== INSIDE;
    const downKnown = flags[cell + stride] !== INSIDE;
    const upKnown = flags[cell - stride] !== INSIDE;
    const right = times[cell + 1] as number;
    const left = times[cell - 1] as number;
    const down = times[cell + stride] as number;
    const up = times[cell - stride] as number;
    const gradTx = rightKnown
      ? leftKnown
        ? (right - left) * 0.5
        : right - t
      : leftKnown
        ? t - left
        : 0;
    const gradTy = downKnown ? (upKnown ? (down - up) * 0.5 : down - t) : upKnown ? t - up : 0;

    sum.fill(0);
    jx.fill(0);
    jy.fill(0);
    let total = 1e-20;
    for (let n = 0; n < count; n++) {
      const k = i + (dy[n] as number);
      const l = j + (dx[n] as number);
      if (k < 1 || k > height || l < 1 || l > width) continue;
      const q = k * stride + l;
      if (flags[q] === INSIDE) continue;
      const ry = -(dy[n] as number);
      const rx = -(dx[n] as number);
      const level = 1 / (1 + Math.abs((times[q] as number) - t));
      let dir = rx * gradTx + ry * gradTy;
      if (Math.abs(dir) <= 0.01) dir = 1e-6;
      const w = Math.abs((distanceWeight[n] as number) * level * dir);
      total += w;

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
        const gx = qRight
          ? qLeft
            ? ((out[atRight + c] as number) - (out[atLeft + c] as number)) * 2
            : (out[atRight + c] as number) - v
          : qLeft
            ? v - (out[atLeft + c] as number)
            : 0;
        const gy = qDown
          ? qUp
            ? ((out[atDown + c] as number) - (out[atUp + c] as number)) * 2
            : (out[atDown + c] as number) - v
          : qUp
            ? v - (out[atUp + c] as number)
            : 0;
        sum[c] = (sum[c] as number) + w * v;
        jx[c] = (jx[c] as number) - w * gx * rx;
        jy[c] = (jy[c] as number) - w * gy * ry;
      }
    }
    const target = ((i - 1) * width + (j - 1)) * channels;
    for (let c = 0; c < channels; c++) {
      const gx = jx[c] as number;
      const gy = jy[c] as number;
      const mean = (sum[c] as number) / total;
      const firstOrder = (gx + gy) / (Math.sqrt(gx * gx + gy * gy) + 1e-20);
      // OpenCV sums in float32 and adds 0.5 before rounding to 8 bits.
      out[target + c] = eightBit
        ? toUint8(Math.fround(Math.fround(mean) + Math.fround(firstOrder)) + 0.5)
        : mean + firstOrder;
    }
  };
}
