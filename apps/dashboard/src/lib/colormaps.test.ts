import { describe, expect, it } from 'vitest';
import {
  DIVERGING_COLORMAPS,
  SEQUENTIAL_COLORMAPS,
  colormapLut,
  colourise,
  isDiverging,
  lutIndex,
  parseColour,
} from './colormaps.ts';

const luminance = (r: number, g: number, b: number) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

function entry(lut: Uint8Array, i: number): [number, number, number] {
  return [lut[i * 3] ?? -1, lut[i * 3 + 1] ?? -1, lut[i * 3 + 2] ?? -1];
}

describe('colormaps', () => {
  it('parses both colour notations d3 produces', () => {
    expect(parseColour('#440154')).toEqual([0x44, 0x01, 0x54]);
    expect(parseColour('rgb(5, 48, 97)')).toEqual([5, 48, 97]);
    expect(() => parseColour('hsl(1, 2%, 3%)')).toThrow(/cannot read/);
  });

  it('starts and ends viridis on its published end colours', () => {
    const lut = colormapLut('viridis');
    expect(lut.length).toBe(768);
    expect(entry(lut, 0)).toEqual([0x44, 0x01, 0x54]);
    expect(entry(lut, 255)).toEqual([0xfd, 0xe7, 0x25]);
  });

  it('makes the perceptual sequential maps brighter from low to high', () => {
    for (const name of ['viridis', 'inferno', 'magma', 'gray'] as const) {
      const lut = colormapLut(name);
      for (let i = 16; i < 256; i += 16)
        expect(luminance(...entry(lut, i)), `${name} at ${i}`).toBeGreaterThan(
          luminance(...entry(lut, i - 16)),
        );
    }
  });

  it('centres diverging maps on a light neutral with opposite hues at the ends', () => {
    for (const name of DIVERGING_COLORMAPS) {
      const lut = colormapLut(name);
      const centre = entry(lut, lutIndex(0.5));
      expect(Math.min(...centre), name).toBeGreaterThan(220);
      const low = entry(lut, 0);
      const high = entry(lut, 255);
      expect(luminance(...low), name).toBeLessThan(luminance(...centre));
      expect(luminance(...high), name).toBeLessThan(luminance(...centre));
      expect(low, name).not.toEqual(high);
    }
    const blueRed = colormapLut('blue-red');
    const [r0, , b0] = entry(blueRed, 0);
    const [r1, , b1] = entry(blueRed, 255);
    expect(b0).toBeGreaterThan(r0);
    expect(r1).toBeGreaterThan(b1);
  });

  it('tells diverging from sequential', () => {
    for (const name of SEQUENTIAL_COLORMAPS) expect(isDiverging(name)).toBe(false);
    for (const name of DIVERGING_COLORMAPS) expect(isDiverging(name)).toBe(true);
  });

  it('indexes like a 256-entry table and clips', () => {
    expect(lutIndex(-1)).toBe(0);
    expect(lutIndex(Number.NaN)).toBe(0);
    expect(lutIndex(0.5)).toBe(128);
    expect(lutIndex(1)).toBe(255);
    expect(lutIndex(2)).toBe(255);
  });

  it('colourises positions into opaque RGBA', () => {
    const rgba = colourise(new Float32Array([0, 1]), 'gray');
    expect(Array.from(rgba)).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
  });
});
