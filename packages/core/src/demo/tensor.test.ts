import { describe, expect, it } from 'vitest';
import { generateDemoDataset, toBatchTensor, toLabelTensor } from './index.ts';

describe('toBatchTensor / toLabelTensor', () => {
  it('stacks images as float32 NHWC 0..255 and labels as one-hot', async () => {
    const samples = generateDemoDataset({ seed: 1, count: 3 });
    const x = toBatchTensor(samples);
    const y = toLabelTensor(samples);
    try {
      expect(x.shape).toEqual([3, 64, 64, 3]);
      expect(x.dtype).toBe('float32');
      const data = await x.data();
      expect(Array.from(data.subarray(64 * 64 * 3, 64 * 64 * 3 + 30))).toEqual(
        Array.from(samples[1]!.image.subarray(0, 30)),
      );
      expect(y.shape).toEqual([3, 5]);
      const labels = (await y.array()) as number[][];
      labels.forEach((row, n) => expect(row.indexOf(1)).toBe(samples[n]!.classIndex));
    } finally {
      x.dispose();
      y.dispose();
    }
  });
});
