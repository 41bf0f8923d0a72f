import { describe, expect, it } from 'vitest';
import { splitExtras } from './extras.ts';

describe('splitExtras', () => {
  it('moves typed arrays out of the JSON and leaves a reference in their place', () => {
    const segments = Int32Array.from([0, 0, 1, 1]);
    const low = Float32Array.from([0.5, 1, 0, 0.25]);
    const { json, arrays } = splitExtras({ layer: 'conv', segments, lowRes: { data: low, shape: [2, 2] }, score: 0.9, list: [1, 2] });
    expect(json).toEqual({
      layer: 'conv',
      segments: { array: 'segments', dtype: 'int32', shape: [4] },
      lowRes: { array: 'lowRes', dtype: 'float32', shape: [2, 2] },
      score: 0.9,
      list: [1, 2],
    });
    expect(arrays.map(({ key, dtype, shape }) => ({ key, dtype, shape }))).toEqual([
      { key: 'segments', dtype: 'int32', shape: [4] },
      { key: 'lowRes', dtype: 'float32', shape: [2, 2] },
    ]);
    expect(arrays[0]?.data).toBe(segments);
  });

  it('keeps objects whose data is not a typed array as JSON', () => {
    const { json, arrays } = splitExtras({ view: { data: [1, 2], shape: [2] } });
    expect(arrays).toEqual([]);
    expect(json).toEqual({ view: { data: [1, 2], shape: [2] } });
  });
});
