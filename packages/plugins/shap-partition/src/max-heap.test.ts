import { describe, expect, it } from 'vitest';
import { MaxHeap } from './max-heap.ts';

describe('MaxHeap', () => {
  it('pops the highest priority first, the smaller tie-break first among equals', () => {
    const heap = new MaxHeap<string>();
    const entries: [string, number, number][] = [
      ['c', 1, 0.5],
      ['a', 3, 0.9],
      ['e', 0, 0],
      ['b', 1, 0.1],
      ['d', 1, 0.7],
      ['f', 2, 0.3],
    ];
    for (const [item, priority, tie] of entries) heap.push(item, priority, tie);
    const order: string[] = [];
    while (heap.size > 0) order.push(heap.pop());
    expect(order).toEqual(['a', 'f', 'b', 'c', 'd', 'e']);
    expect(() => heap.pop()).toThrow(RangeError);
  });

  it('stays ordered under interleaved pushes and pops', () => {
    const heap = new MaxHeap<number>();
    const popped: number[] = [];
    for (let i = 0; i < 200; i++) {
      heap.push(i, (i * 37) % 101, i);
      if (i % 3 === 2) popped.push(heap.pop());
    }
    while (heap.size > 0) popped.push(heap.pop());
    const rest = popped.slice(66);
    expect(rest).toEqual([...rest].sort((x, y) => ((y * 37) % 101) - ((x * 37) % 101) || x - y));
    expect(new Set(popped).size).toBe(200);
  });
});
