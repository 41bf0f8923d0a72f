import { requireNumber } from './input.ts';

export interface GridOptions {
  /** Default 4. */
  rows?: number;
  /** Default 4. */
  cols?: number;
}

/**
 * A rows x cols grid of rectangular segments, numbered row by row; row r spans the pixels
 * y with floor(y * rows / height) = r (likewise for columns).
 */
export function gridSegments(width: number, height: number, options: GridOptions = {}): Int32Array {
  const rows = options.rows ?? 4;
  const cols = options.cols ?? 4;
  requireNumber(
    'rows',
    rows,
    (v) => Number.isInteger(v) && v >= 1 && v <= height,
    `an integer in 1..${height} (the image height)`,
  );
  requireNumber(
    'cols',
    cols,
    (v) => Number.isInteger(v) && v >= 1 && v <= width,
    `an integer in 1..${width} (the image width)`,
  );
  const labels = new Int32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = Math.floor((y * rows) / height);
    for (let x = 0; x < width; x++)
      labels[y * width + x] = row * cols + Math.floor((x * cols) / width);
  }
  return labels;
}
