import { describe, expect, it } from 'vitest';
import type { Map2D } from '../contract/attribution.ts';
import { isLumenError } from '../errors.ts';
import { tf } from '../tf.ts';
import { colorAt, colormapLut } from './colormaps.ts';
import { overlayHeatmap, renderHeatmap } from './heatmap.ts';
import { resolveRange } from './range.ts';

function map(width: number, height: number, values: number[]): Map2D {
  return { width, height, data: Float32Array.from(values) };
}

function pixels(data: Uint8Array): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < data.length; i += 3) out.push(Array.from(data.subarray(i, i + 3)));
  return out;
}

describe('resolveRange', () => {
  it('auto is [min, max] of finite values; signed is symmetric around 0', () => {
    expect(resolveRange(Float32Array.from([-1, 3, NaN, Infinity]), 'auto')).toMatchObject({
      lo: -1,
      hi: 3,
    });
    expect(resolveRange(Float32Array.from([-1, 3]), 'signed')).toMatchObject({ lo: -3, hi: 3 });
    expect(resolveRange(Float32Array.from([-5, 3]), 'signed')).toMatchObject({ lo: -5, hi: 5 });
    expect(resolveRange([], [2, 4])).toMatchObject({ lo: 2, hi: 4 });
    expect(() => resolveRange([], [4, 2])).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMS' }),
    );
  });
});

describe('renderHeatmap', () => {
  it('maps auto range min..max onto the table', () => {
    const img = renderHeatmap(map(3, 1, [0, 5, 10]), { colormap: 'gray' });
    expect(img.width).toBe(3);
    expect(pixels(img.data)).toEqual([
      [0, 0, 0],
      [128, 128, 128],
      [255, 255, 255],
    ]);
  });

  it('defaults to jet', () => {
    const img = renderHeatmap(map(2, 1, [0, 1]));
    expect(pixels(img.data)).toEqual([colorAt('jet', 0), colorAt('jet', 1)]);
  });

  it("'signed' is symmetric around 0 on the diverging map", () => {
    const values = [-2, -1, 0, 1, 2];
    const img = renderHeatmap(map(5, 1, values), { range: 'signed' });
    const lut = colormapLut('diverging');
    const at = (i: number) => Array.from(lut.subarray(3 * i, 3 * i + 3));
    // t = (v + 2) / 4 -> 0, 0.25, 0.5, 0.75, 1 -> entries 0, 64, 128, 192, 255
    expect(pixels(img.data)).toEqual([at(0), at(64), at(128), at(192), at(255)]);
    expect(pixels(img.data)[2]).toEqual([247, 247, 247]);
    // negating the map mirrors the colours end for end
    const mirrored = pixels(
      renderHeatmap(
        map(
          5,
          1,
          values.map((v) => -v),
        ),
        { range: 'signed' },
      ).data,
    );
    expect(mirrored[0]).toEqual(at(255));
    expect(mirrored[4]).toEqual(at(0));
    expect(mirrored[2]).toEqual(at(128));
    // the positive side stays red-dominant however lopsided the values are
    const lopsided = pixels(renderHeatmap(map(2, 1, [0, 0.1]), { range: 'signed' }).data);
    expect(lopsided[0]).toEqual(at(128));
    expect(lopsided[1]).toEqual(at(255));
  });

  it('clips a fixed range, and shows flat maps and NaN neutrally', () => {
    expect(
      pixels(renderHeatmap(map(3, 1, [-1, 0.5, 2]), { colormap: 'gray', range: [0, 1] }).data),
    ).toEqual([
      [0, 0, 0],
      [128, 128, 128],
      [255, 255, 255],
    ]);
    expect(pixels(renderHeatmap(map(2, 1, [3, 3]), { colormap: 'gray' }).data)).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(pixels(renderHeatmap(map(2, 1, [0, 0]), { range: 'signed' }).data)).toEqual([
      [247, 247, 247],
      [247, 247, 247],
    ]);
    expect(pixels(renderHeatmap(map(2, 1, [NaN, 1]), { range: 'signed' }).data)[0]).toEqual([
      247, 247, 247,
    ]);
  });

  it('refuses a malformed map', () => {
    expect(() => renderHeatmap({ width: 2, height: 2, data: new Float32Array(3) })).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
  });
});

describe('overlayHeatmap', () => {
  const grey100 = { width: 2, height: 2, data: new Uint8Array(12).fill(100) };

  it('blends (1 - alpha) * image + alpha * heat, rounded', async () => {
    const ones = map(2, 2, [1, 1, 1, 1]);
    // heat = 255 (gray, range [0, 1]); 0.6 * 100 + 0.4 * 255 = 162
    const out = await overlayHeatmap(grey100, ones, { colormap: 'gray', range: [0, 1] });
    expect(Array.from(out.data)).toEqual(new Array(12).fill(162));
    // heat = 0, alpha 0.5: 50
    const half = await overlayHeatmap(grey100, map(2, 2, [0, 0, 0, 0]), {
      colormap: 'gray',
      range: [0, 1],
      alpha: 0.5,
    });
    expect(Array.from(half.data)).toEqual(new Array(12).fill(50));
    // alpha 0 keeps the image; alpha 1 is the heatmap
    expect(
      Array.from(
        (await overlayHeatmap(grey100, ones, { alpha: 0, colormap: 'gray', range: [0, 1] })).data,
      ),
    ).toEqual(Array.from(grey100.data));
    // 0.7 * 100 + 0.3 * 255 = 146.5 -> 147 (half up)
    expect(
      (await overlayHeatmap(grey100, ones, { alpha: 0.3, colormap: 'gray', range: [0, 1] }))
        .data[0],
    ).toBe(147);
  });

  it('upsamples the map bilinearly with half-pixel centres, without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const image = { width: 4, height: 1, data: new Uint8Array(12) };
    // [0, 1] -> [0, 0.25, 0.75, 1] -> gray entries 0, 64, 192, 255
    const out = await overlayHeatmap(image, map(2, 1, [0, 1]), { alpha: 1, colormap: 'gray' });
    expect(pixels(out.data)).toEqual([
      [0, 0, 0],
      [64, 64, 64],
      [192, 192, 192],
      [255, 255, 255],
    ]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('uses the range of the map before resizing', async () => {
    // [0, 1, 0] resized to 2 pixels samples 0.25 and 1.75 -> 0.25, 0.25 (a flat map); with the
    // original range [0, 1] that is t = 0.25 -> gray entry 64, not the flat-map colour 0.
    const image = { width: 2, height: 1, data: new Uint8Array(6) };
    const out = await overlayHeatmap(image, map(3, 1, [0, 1, 0]), { alpha: 1, colormap: 'gray' });
    expect(Array.from(out.data)).toEqual([64, 64, 64, 64, 64, 64]);
  });

  it('refuses a bad alpha', async () => {
    await expect(overlayHeatmap(grey100, map(1, 1, [1]), { alpha: 1.5 })).rejects.toSatisfy((e) =>
      isLumenError(e, 'INVALID_PARAMS'),
    );
  });
});
