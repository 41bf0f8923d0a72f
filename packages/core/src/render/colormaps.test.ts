import { describe, expect, it } from 'vitest';
import { isLumenError } from '../errors.ts';
import { COLORMAP_NAMES, colorAt, colormapLut, lutIndex } from './colormaps.ts';

function entry(lut: Uint8Array, i: number): number[] {
  return Array.from(lut.subarray(3 * i, 3 * i + 3));
}

describe('colormaps', () => {
  it('are 256-entry RGB tables', () => {
    for (const name of COLORMAP_NAMES) expect(colormapLut(name).length).toBe(768);
  });

  it('index t in [0, 1] as matplotlib does: floor(t * 256), 1 -> 255', () => {
    expect(lutIndex(0)).toBe(0);
    expect(lutIndex(1 / 256)).toBe(1);
    expect(lutIndex(0.5)).toBe(128);
    expect(lutIndex(0.999)).toBe(255);
    expect(lutIndex(1)).toBe(255);
    expect(lutIndex(-3)).toBe(0);
    expect(lutIndex(7)).toBe(255);
    expect(lutIndex(NaN)).toBe(0);
  });

  it('gray is the identity ramp', () => {
    const lut = colormapLut('gray');
    expect(entry(lut, 0)).toEqual([0, 0, 0]);
    expect(entry(lut, 128)).toEqual([128, 128, 128]);
    expect(entry(lut, 255)).toEqual([255, 255, 255]);
  });

  it("jet follows matplotlib's segment data, bytes truncated like cmap(x, bytes=True)", () => {
    // t = 0: red 0, green 0, blue 0.5 -> trunc(127.5) = 127
    expect(colorAt('jet', 0)).toEqual([0, 0, 127]);
    // t = 1: red 0.5, green 0, blue 0
    expect(colorAt('jet', 1)).toEqual([127, 0, 0]);
    // entry 64 (x = 64 on the 0..255 axis): red 0 (before 0.35*255); green on the ramp
    // 0.125*255 .. 0.375*255: (64 - 31.875) / 63.75 = 0.50392 -> 128.5 -> 128; blue plateau 1.
    expect(colorAt('jet', 0.25)).toEqual([0, 128, 255]);
    // t = 0.5 -> entry 128: red (128 - 89.25) / (168.3 - 89.25) = 0.490196 (125/255 exactly in
    // real numbers; matplotlib's float steps land one ulp below, so the byte is 124); green 1;
    // blue 1 - (128 - 86.7) / (165.75 - 86.7) = 0.477546 -> 121.8 -> 121.
    expect(colorAt('jet', 0.5)).toEqual([124, 255, 121]);
    // t = 0.75 -> entry 192: red on its plateau (168.3..226.95) -> 255; green ramps down from
    // 163.2 to 232.05: 1 - (192 - 163.2) / 68.85 = 0.5817 -> 148.3 -> 148; blue 0 after 165.75.
    expect(colorAt('jet', 0.75)).toEqual([255, 148, 0]);
  });

  it('viridis comes from d3 (matplotlib viridis, hex-rounded)', () => {
    expect(colorAt('viridis', 0)).toEqual([0x44, 0x01, 0x54]);
    expect(colorAt('viridis', 0.5)).toEqual([0x21, 0x91, 0x8c]);
    expect(colorAt('viridis', 1)).toEqual([0xfd, 0xe7, 0x25]);
  });

  it('diverging runs blue -> neutral white -> red with the centre on entry 128', () => {
    expect(colorAt('diverging', 0)).toEqual([0x05, 0x30, 0x61]); // darkest RdBu blue
    expect(colorAt('diverging', 0.5)).toEqual([0xf7, 0xf7, 0xf7]); // RdBu's neutral centre
    expect(colorAt('diverging', 1)).toEqual([0x67, 0x00, 0x1f]); // darkest RdBu red
    // entry 64: t = 0.25 -> halfway between the 3rd and 4th reversed stops #4393c3 and #92c5de
    expect(colorAt('diverging', 0.25)).toEqual([107, 172, 209]);
    const lut = colormapLut('diverging');
    // blue side is blue-dominant, red side red-dominant
    for (let i = 0; i < 128; i++) expect(lut[3 * i + 2]).toBeGreaterThanOrEqual(lut[3 * i] ?? 0);
    for (let i = 129; i < 256; i++) expect(lut[3 * i]).toBeGreaterThanOrEqual(lut[3 * i + 2] ?? 0);
  });

  it('returns copies, accepts custom tables, rejects unknown names', () => {
    const a = colormapLut('gray');
    a[0] = 99;
    expect(colormapLut('gray')[0]).toBe(0);
    const custom = new Uint8Array(768).fill(7);
    expect(colorAt(custom, 0.3)).toEqual([7, 7, 7]);
    expect(() => colormapLut(new Uint8Array(10))).toThrow(/768 bytes/);
    expect(() => colormapLut('plasma' as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMS' }),
    );
    try {
      colormapLut('toString' as never);
    } catch (e) {
      expect(isLumenError(e, 'INVALID_PARAMS')).toBe(true);
    }
  });
});
