import { StableMinHeap } from './stable-heap.ts';

/** Cell states of the fast marching method (Telea 2004, as OpenCV's inpainting numbers them). */
export const KNOWN = 0;
export const BAND = 1;
export const INSIDE = 2;
const CHANGED = 3;

/** Arrival time of cells that the march has not reached (OpenCV's initial value). */
export const FAR = 1e6;

/**
 * The image grid with a one-cell frame, as OpenCV's inpainting lays it out: cell (i, j) is
 * pixel (i - 1, j - 1); the frame counts as known, with arrival time FAR, and is never filled.
 * `flags` and `times` are the state of the march that fills the holes; pixels next to a hole
 * (the narrow band) start at time 0 and the holes are filled in order of arrival time.
 */
export class MarchingGrid {
  readonly height: number;
  readonly width: number;
  readonly stride: number;
  readonly flags: Uint8Array;
  readonly times: Float32Array;
  private readonly heap: StableMinHeap;
  private readonly band: Int32Array;
  private bandSize = 0;
  private readonly outsideFlags: Uint8Array;
  private readonly nearRows: Uint8Array;
  private readonly prefix: Int32Array;

  constructor(height: number, width: number) {
    this.height = height;
    this.width = width;
    this.stride = width + 2;
    const cells = (height + 2) * this.stride;
    this.flags = new Uint8Array(cells);
    this.times = new Float32Array(cells);
    this.heap = new StableMinHeap(cells);
    this.band = new Int32Array(cells);
    this.outsideFlags = new Uint8Array(cells);
    this.nearRows = new Uint8Array(height * width);
    this.prefix = new Int32Array(Math.max(height, width) + 1);
  }

  /** Cell index of pixel (y, x). */
  cell(y: number, x: number): number {
    return (y + 1) * this.stride + x + 1;
  }

  /** Mark the holes (1 = to fill, [height * width]) and the narrow band around them. */
  reset(holes: Uint8Array): void {
    const { height, width, flags, times } = this;
    flags.fill(KNOWN);
    times.fill(FAR);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) if (holes[y * width + x]) flags[this.cell(y, x)] = INSIDE;
    }
    this.bandSize = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (holes[y * width + x]) continue;
        const nextToHole =
          (y > 0 && holes[(y - 1) * width + x]) ||
          (y < height - 1 && holes[(y + 1) * width + x]) ||
          (x > 0 && holes[y * width + x - 1]) ||
          (x < width - 1 && holes[y * width + x + 1]);
        if (!nextToHole) continue;
        const c = this.cell(y, x);
        flags[c] = BAND;
        times[c] = 0;
        this.band[this.bandSize++] = c;
      }
    }
  }

  /**
   * Telea's method also weighs known pixels by their distance to the hole: march outwards from
   * the band through every known pixel within `radius` (Chebyshev) of a hole, and store those
   * distances negated.
   */
  measureOutside(holes: Uint8Array, radius: number): void {
    const { height, width, outsideFlags: outside, times, nearRows, prefix } = this;
    outside.fill(KNOWN);
    for (let y = 0; y < height; y++) {
      prefix[0] = 0;
      for (let x = 0; x < width; x++)
        prefix[x + 1] = (prefix[x] as number) + (holes[y * width + x] as number);
      for (let x = 0; x < width; x++) {
        const from = Math.max(0, x - radius);
        const to = Math.min(width, x + radius + 1);
        nearRows[y * width + x] = (prefix[to] as number) > (prefix[from] as number) ? 1 : 0;
      }
    }
    for (let x = 0; x < width; x++) {
      prefix[0] = 0;
      for (let y = 0; y < height; y++)
        prefix[y + 1] = (prefix[y] as number) + (nearRows[y * width + x] as number);
      for (let y = 0; y < height; y++) {
        const c = this.cell(y, x);
        if (holes[y * width + x] || this.flags[c] === BAND) continue;
        const from = Math.max(0, y - radius);
        const to = Math.min(height, y + radius + 1);
        if ((prefix[to] as number) > (prefix[from] as number)) outside[c] = INSIDE;
      }
    }
    this.march(outside, (c) => {
      outside[c] = CHANGED;
    });
    for (let c = 0; c < outside.length; c++) {
      if (outside[c] === CHANGED) times[c] = -(times[c] as number);
    }
  }

  /**
   * Fill the holes in order of arrival: `fill(cell)` is called once per hole pixel, after its
   * arrival time is set and before it joins the band (so it does not see itself as known).
   */
  fillHoles(fill: (cell: number) => void): void {
    const { flags } = this;
    this.march(
      flags,
      (c) => {
        flags[c] = KNOWN;
      },
      fill,
    );
  }

  private march(
    state: Uint8Array,
    onPop: (cell: number) => void,
    onReach?: (cell: number) => void,
  ): void {
    const { heap, stride, times } = this;
    heap.clear();
    for (let b = 0; b < this.bandSize; b++) heap.push(this.band[b] as number, 0);
    for (let p = heap.pop(); p >= 0; p = heap.pop()) {
      onPop(p);
      for (let q = 0; q < 4; q++) {
        const c = q === 0 ? p - stride : q === 1 ? p - 1 : q === 2 ? p + stride : p + 1;
        if (state[c] !== INSIDE) continue;
        const t = this.arrival(c, state);
        times[c] = t;
        onReach?.(c);
        state[c] = BAND;
        heap.push(c, t);
      }
    }
  }

  /** Upwind solution of |grad T| = 1 at a cell from its four neighbours (OpenCV's FastMarching_solve). */
  private arrival(c: number, state: Uint8Array): number {
    const up = c - this.stride;
    const down = c + this.stride;
    return Math.min(
      this.solve(up, c - 1, state),
      this.solve(down, c - 1, state),
      this.solve(up, c + 1, state),
      this.solve(down, c + 1, state),
    );
  }

  private solve(a: number, b: number, state: Uint8Array): number {
    const ta = this.times[a] as number;
    const tb = this.times[b] as number;
    const aKnown = state[a] !== INSIDE;
    const bKnown = state[b] !== INSIDE;
    let t: number;
    if (aKnown && bKnown) {
      const d = ta - tb;
      t = Math.abs(d) >= 1 ? 1 + Math.min(ta, tb) : (ta + tb + Math.sqrt(2 - d * d)) * 0.5;
    } else if (aKnown) {
      t = 1 + ta;
    } else if (bKnown) {
      t = 1 + tb;
    } else {
      t = 1 + Math.min(ta, tb);
    }
    return Math.fround(t);
  }
}
