/**
 * A max-priority queue; among equal priorities the smaller tie-break comes out first (SHAP's
 * Partition explainer orders its work by (-priority, random tie-break) in a min-queue).
 */
export class MaxHeap<T> {
  private readonly items: { item: T; priority: number; tieBreak: number }[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: T, priority: number, tieBreak: number): void {
    const items = this.items;
    items.push({ item, priority, tieBreak });
    let at = items.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.above(at, parent)) break;
      this.swap(at, parent);
      at = parent;
    }
  }

  /** The item with the highest priority; throws when empty. */
  pop(): T {
    const items = this.items;
    const top = items[0];
    if (!top) throw new RangeError('pop from an empty heap');
    const last = items.pop() as (typeof items)[number];
    if (items.length > 0) {
      items[0] = last;
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        const right = left + 1;
        let best = at;
        if (left < items.length && this.above(left, best)) best = left;
        if (right < items.length && this.above(right, best)) best = right;
        if (best === at) break;
        this.swap(at, best);
        at = best;
      }
    }
    return top.item;
  }

  private above(a: number, b: number): boolean {
    const x = this.items[a] as (typeof this.items)[number];
    const y = this.items[b] as (typeof this.items)[number];
    return x.priority > y.priority || (x.priority === y.priority && x.tieBreak < y.tieBreak);
  }

  private swap(a: number, b: number): void {
    const items = this.items;
    const x = items[a] as (typeof items)[number];
    items[a] = items[b] as (typeof items)[number];
    items[b] = x;
  }
}
