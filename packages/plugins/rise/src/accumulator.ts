import type { MaskDraws, MaskGeometry } from './masks.ts';

/**
 * sum_i w_i * mask_i for several weightings at once, without ever building a mask. A mask is
 * linear in its grid, rowCrop(dy) * grid * colCrop(dx)^T, so the weighted grids are summed per
 * shift (dy, dx) and each shift's sum is upsampled once at the end.
 */
export interface WeightedMaskSum {
  /** Adds mask i of `draws` with weight weights[t] to sum t. */
  add(draws: MaskDraws, i: number, weights: ArrayLike<number>): void;
  /** Sum t as a [height, width] row-major map. */
  render(t: number): Float64Array;
}

export function weightedMaskSum(geometry: MaskGeometry, sums: number): WeightedMaskSum {
  const { gridSize: s, height, width, cellHeight, cellWidth, rowCrops, colCrops } = geometry;
  const cells = s * s;
  const perShift = sums * cells;
  const grouped = new Float64Array(cellHeight * cellWidth * perShift);
  const used = new Uint8Array(cellHeight * cellWidth);

  return {
    add(draws, i, weights) {
      const shift = (draws.rowShifts[i] as number) * cellWidth + (draws.colShifts[i] as number);
      used[shift] = 1;
      for (let t = 0; t < sums; t++) {
        const w = weights[t] as number;
        const into = shift * perShift + t * cells;
        for (let j = 0; j < cells; j++)
          grouped[into + j]! += w * (draws.grids[i * cells + j] as number);
      }
    },
    render(t) {
      const map = new Float64Array(height * width);
      const partial = new Float64Array(s * width);
      for (let dy = 0; dy < cellHeight; dy++) {
        partial.fill(0);
        let any = false;
        for (let dx = 0; dx < cellWidth; dx++) {
          const shift = dy * cellWidth + dx;
          if (!used[shift]) continue;
          any = true;
          const grid = shift * perShift + t * cells;
          // partial += grid * colCrop(dx)^T : [s x s] x [s x width]
          for (let a = 0; a < s; a++) {
            for (let x = 0; x < width; x++) {
              const col = (dx * width + x) * s;
              let v = 0;
              for (let b = 0; b < s; b++)
                v += (grouped[grid + a * s + b] as number) * (colCrops[col + b] as number);
              partial[a * width + x]! += v;
            }
          }
        }
        if (!any) continue;
        // map += rowCrop(dy) * partial : [height x s] x [s x width]
        for (let y = 0; y < height; y++) {
          const row = (dy * height + y) * s;
          for (let a = 0; a < s; a++) {
            const r = rowCrops[row + a] as number;
            if (r === 0) continue;
            for (let x = 0; x < width; x++)
              map[y * width + x]! += r * (partial[a * width + x] as number);
          }
        }
      }
      return map;
    },
  };
}
