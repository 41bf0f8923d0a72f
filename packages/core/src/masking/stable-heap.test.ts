import { describe, expect, it } from 'vitest';
import { StableMinHeap } from './stable-heap.ts';

describe('StableMinHeap', () => {
  it('pops by increasing key, first-in first-out among equal keys', () => {
    const heap = new StableMinHeap(16);
    const entries: [number, number][] = [
      [10, 2],
      [11, 0],
      [12, 1],
      [13, 0],
      [14, 2],
      [15, 0.5],
      [16, 0],
      [17, 1],
    ];
    for (const [cell, key] of entries) heap.push(cell, key);
    const order: number[] = [];
    for (let c = heap.pop(); c >= 0; c = heap.pop()) order.push(c);
    expect(order).toEqual([11, 13, 16, 15, 12, 17, 10, 14]);
    expect(heap.size).toBe(0);
  });

  it('keeps the order across interleaved pushes and pops, and refuses to overflow', () => {
    const heap = new StableMinHeap(3);
    heap.push(1, 1);
    heap.push(2, 1);
    expect(heap.pop()).toBe(1);
    heap.push(3, 1);
    heap.push(4, 0.5);
    expect([heap.pop(), heap.pop(), heap.pop(), heap.pop()]).toEqual([4, 2, 3, -1]);
    heap.push(5, 0);
    heap.push(6, 0);
    heap.push(7, 0);
    expect(() => heap.push(8, 0)).toThrow(RangeError);
  });
});
