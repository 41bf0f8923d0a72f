/**
 * Where the occluding windows go, and how per-window score drops become a per-pixel map.
 * The layout follows Captum's `Occlusion`: the first window sits at 0, windows step by the
 * stride until the axis is covered, and the last one may be cut off by the border.
 */

/** Start offsets along one axis: k * stride for k = 0 .. ceil((length - window) / stride). */
export function windowStarts(length: number, window: number, stride: number): number[] {
  if (window > length) throw new RangeError(`window ${window} is larger than the axis (${length})`);
  const count = Math.ceil((length - window) / stride) + 1;
  return Array.from({ length: count }, (_, k) => k * stride);
}

export interface WindowGrid {
  height: number;
  width: number;
  window: number;
  rowStarts: number[];
  colStarts: number[];
}

export function windowGrid(
  height: number,
  width: number,
  window: number,
  stride: number,
): WindowGrid {
  return {
    height,
    width,
    window,
    rowStarts: windowStarts(height, window, stride),
    colStarts: windowStarts(width, window, stride),
  };
}

export function windowCount(grid: WindowGrid): number {
  return grid.rowStarts.length * grid.colStarts.length;
}

/** The rows [top, bottom) and columns [left, right) window `index` covers (row-major order). */
export function windowBounds(
  grid: WindowGrid,
  index: number,
): { top: number; bottom: number; left: number; right: number } {
  const top = grid.rowStarts[Math.floor(index / grid.colStarts.length)] as number;
  const left = grid.colStarts[index % grid.colStarts.length] as number;
  return {
    top,
    left,
    bottom: Math.min(grid.height, top + grid.window),
    right: Math.min(grid.width, left + grid.window),
  };
}

/**
 * Each pixel's value: the mean of `values[w]` over the windows w that cover it (0 where none
 * does). Window sums are spread with a 2-D difference array, so the cost is O(windows + pixels).
 */
export function averageOverWindows(grid: WindowGrid, values: ArrayLike<number>): Float32Array {
  const { height, width } = grid;
  const stride = width + 1;
  const sums = new Float64Array((height + 1) * stride);
  const counts = new Float64Array((height + 1) * stride);
  const spread = (into: Float64Array, b: ReturnType<typeof windowBounds>, v: number): void => {
    into[b.top * stride + b.left]! += v;
    into[b.top * stride + b.right]! -= v;
    into[b.bottom * stride + b.left]! -= v;
    into[b.bottom * stride + b.right]! += v;
  };
  const windows = windowCount(grid);
  for (let w = 0; w < windows; w++) {
    const bounds = windowBounds(grid, w);
    spread(sums, bounds, values[w] as number);
    spread(counts, bounds, 1);
  }
  const out = new Float32Array(height * width);
  const sumRow = new Float64Array(width);
  const countRow = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    let sumRun = 0;
    let countRun = 0;
    for (let x = 0; x < width; x++) {
      sumRun += sums[y * stride + x] as number;
      countRun += counts[y * stride + x] as number;
      sumRow[x]! += sumRun;
      countRow[x]! += countRun;
      const count = Math.round(countRow[x] as number);
      out[y * width + x] = count > 0 ? (sumRow[x] as number) / count : 0;
    }
  }
  return out;
}
