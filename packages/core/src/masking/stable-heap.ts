function precedes(key: number, order: number, otherKey: number, otherOrder: number): boolean {
  return key < otherKey || (key === otherKey && order < otherOrder);
}

/**
 * A min-heap of grid cells keyed by float32 arrival times; equal keys come out in the order they
 * went in (OpenCV's inpainting queue is a sorted list with that behaviour, and the order in which
 * pixels are filled changes the result).
 */
export class StableMinHeap {
  private readonly cells: Int32Array;
  private readonly keys: Float32Array;
  private readonly order: Float64Array;
  private count = 0;
  private pushed = 0;

  constructor(capacity: number) {
    this.cells = new Int32Array(capacity);
    this.keys = new Float32Array(capacity);
    this.order = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.count = 0;
    this.pushed = 0;
  }

  push(cell: number, key: number): void {
    if (this.count === this.cells.length) throw new RangeError('heap capacity exceeded');
    let at = this.count++;
    const order = this.pushed++;
    const k = Math.fround(key);
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!precedes(k, order, this.keys[parent] as number, this.order[parent] as number)) break;
      this.move(parent, at);
      at = parent;
    }
    this.cells[at] = cell;
    this.keys[at] = k;
    this.order[at] = order;
  }

  /** The cell with the smallest key (first pushed among equals), or -1 when empty. */
  pop(): number {
    if (this.count === 0) return -1;
    const top = this.cells[0] as number;
    const last = --this.count;
    if (last > 0) {
      const cell = this.cells[last] as number;
      const key = this.keys[last] as number;
      const order = this.order[last] as number;
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        if (left >= last) break;
        const right = left + 1;
        const child =
          right < last &&
          precedes(
            this.keys[right] as number,
            this.order[right] as number,
            this.keys[left] as number,
            this.order[left] as number,
          )
            ? right
            : left;
        if (!precedes(this.keys[child] as number, this.order[child] as number, key, order)) break;
        this.move(child, at);
        at = child;
      }
      this.cells[at] = cell;
      this.keys[at] = key;
      this.order[at] = order;
    }
    return top;
  }

  private move(from: number, to: number): void {
    this.cells[to] = this.cells[from] as number;
    this.keys[to] = this.keys[from] as number;
    this.order[to] = this.order[from] as number;
  }
}
