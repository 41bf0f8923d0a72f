import { describe, expect, it } from 'vitest';
import type { AttributionMap } from '../contract/attribution.ts';
import { reduceChannels } from './channels.ts';

describe('reduceChannels', () => {
  // two pixels (1x2), three channels: [1, -2, 2] and [-3, 0, 4]
  const map: AttributionMap = { data: Float32Array.from([1, -2, 2, -3, 0, 4]), shape: [1, 2, 3] };

  it.each([
    ['sum', [1, 1]],
    ['abs-sum', [5, 7]],
    ['max-abs', [2, 4]],
    ['l2', [3, 5]],
  ] as const)('%s', (how, expected) => {
    const out = reduceChannels(map, how);
    expect([out.width, out.height]).toEqual([2, 1]);
    expect(Array.from(out.data)).toEqual(expected);
  });

  it('passes single-channel maps through', () => {
    expect(
      Array.from(
        reduceChannels({ data: Float32Array.from([1, -2]), shape: [2, 1] }, 'abs-sum').data,
      ),
    ).toEqual([1, 2]);
  });

  it('refuses data that does not fit the shape', () => {
    expect(() => reduceChannels({ data: new Float32Array(5), shape: [1, 2, 3] })).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
  });
});
