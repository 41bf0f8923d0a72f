import { tf, type Random } from '@lumen/core';
import { shiftedCrops } from './upsample.ts';

/**
 * RISE masks (Petsiuk et al. 2018): a random binary s x s grid, upsampled bilinearly to
 * (s + 1) * cell pixels (cell = ceil(size / s)) and cropped to the image at a random offset
 * in [0, cell). A mask is then rowCrop(dy) * grid * colCrop(dx)^T.
 */
export interface MaskGeometry {
  gridSize: number;
  height: number;
  width: number;
  cellHeight: number;
  cellWidth: number;
  /** [cellHeight, height, gridSize]: the upsampling rows each vertical shift selects. */
  rowCrops: Float32Array;
  /** [cellWidth, width, gridSize]. */
  colCrops: Float32Array;
  /** [cellWidth, gridSize, width * 3]: colCrops transposed, each column repeated for R, G, B. */
  colCropsRgb: Float32Array;
}

export function maskGeometry(height: number, width: number, gridSize: number): MaskGeometry {
  const cellHeight = Math.ceil(height / gridSize);
  const cellWidth = Math.ceil(width / gridSize);
  const colCrops = shiftedCrops(gridSize, cellWidth, width);
  const colCropsRgb = new Float32Array(cellWidth * gridSize * width * 3);
  for (let d = 0; d < cellWidth; d++) {
    for (let x = 0; x < width; x++) {
      for (let a = 0; a < gridSize; a++) {
        const weight = colCrops[(d * width + x) * gridSize + a] as number;
        colCropsRgb.fill(
          weight,
          (d * gridSize + a) * width * 3 + x * 3,
          (d * gridSize + a) * width * 3 + x * 3 + 3,
        );
      }
    }
  }
  return {
    gridSize,
    height,
    width,
    cellHeight,
    cellWidth,
    rowCrops: shiftedCrops(gridSize, cellHeight, height),
    colCrops,
    colCropsRgb,
  };
}

/** The random part of `count` masks, in plain memory (s * s values each, not pixels). */
export interface MaskDraws {
  count: number;
  /** [count, gridSize, gridSize] of 0 / 1. */
  grids: Float32Array;
  rowShifts: Int32Array;
  colShifts: Int32Array;
}

export function drawMasks(
  random: Random,
  geometry: MaskGeometry,
  count: number,
  keepProbability: number,
): MaskDraws {
  const cells = geometry.gridSize * geometry.gridSize;
  const grids = new Float32Array(count * cells);
  const rowShifts = new Int32Array(count);
  const colShifts = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < cells; j++) grids[i * cells + j] = random.next() < keepProbability ? 1 : 0;
    rowShifts[i] = random.int(geometry.cellHeight);
    colShifts[i] = random.int(geometry.cellWidth);
  }
  return { count, grids, rowShifts, colShifts };
}

/**
 * The same masks, ordered by horizontal shift (stable). Masks with one shift share their
 * column upsampling, so a batch of them is one plain matrix product instead of a batched one.
 */
export function orderByColumnShift(draws: MaskDraws): MaskDraws {
  const order = Array.from({ length: draws.count }, (_, i) => i).sort(
    (a, b) => (draws.colShifts[a] as number) - (draws.colShifts[b] as number) || a - b,
  );
  const cells = draws.grids.length / Math.max(1, draws.count);
  const grids = new Float32Array(draws.grids.length);
  order.forEach((from, to) =>
    grids.set(draws.grids.subarray(from * cells, (from + 1) * cells), to * cells),
  );
  return {
    count: draws.count,
    grids,
    rowShifts: Int32Array.from(order, (i) => draws.rowShifts[i] as number),
    colShifts: Int32Array.from(order, (i) => draws.colShifts[i] as number),
  };
}

/** rowCrop(dy) * grid for masks [start, end): [n, height, gridSize], row-major. */
function rowsTimesGrids(
  geometry: MaskGeometry,
  draws: MaskDraws,
  start: number,
  end: number,
): Float32Array {
  const { gridSize: s, height, rowCrops } = geometry;
  const out = new Float32Array((end - start) * height * s);
  for (let i = 0; i < end - start; i++) {
    const grid = (start + i) * s * s;
    const crop = (draws.rowShifts[start + i] as number) * height * s;
    for (let y = 0; y < height; y++) {
      const into = (i * height + y) * s;
      for (let a = 0; a < s; a++) {
        // Bilinear: each upsampled row mixes at most two grid rows.
        const weight = rowCrops[crop + y * s + a] as number;
        if (weight === 0) continue;
        for (let b = 0; b < s; b++)
          out[into + b]! += weight * (draws.grids[grid + a * s + b] as number);
      }
    }
  }
  return out;
}

/**
 * Masks [start, end) of the draws as [n, height, width, 3] (the same mask in each channel).
 * The row side (two grid rows per image row) is computed in plain memory; the column side is
 * one matrix product per run of equal horizontal shifts, which a batch of ordered draws has few of.
 */
export function maskBatch(
  geometry: MaskGeometry,
  draws: MaskDraws,
  start: number,
  end: number,
): tf.Tensor4D {
  const { gridSize: s, height, width, colCropsRgb } = geometry;
  const n = end - start;
  const rows = rowsTimesGrids(geometry, draws, start, end);
  return tf.tidy(() => {
    const parts: tf.Tensor2D[] = [];
    for (let first = 0; first < n;) {
      const dx = draws.colShifts[start + first] as number;
      let last = first + 1;
      while (last < n && draws.colShifts[start + last] === dx) last++;
      const block = tf.tensor2d(rows.subarray(first * height * s, last * height * s), [
        (last - first) * height,
        s,
      ]);
      const columns = tf.tensor2d(
        colCropsRgb.subarray(dx * s * width * 3, (dx + 1) * s * width * 3),
        [s, width * 3],
      );
      parts.push(tf.matMul(block, columns));
      first = last;
    }
    return tf.reshape(parts.length === 1 ? (parts[0] as tf.Tensor2D) : tf.concat(parts, 0), [
      n,
      height,
      width,
      3,
    ]);
  });
}
