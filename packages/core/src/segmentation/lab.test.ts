import { describe, expect, it } from 'vitest';
import { rgbToLab } from './lab.ts';

describe('rgbToLab', () => {
  it.each([
    ['black', [0, 0, 0], [0, 0, 0]],
    ['white', [255, 255, 255], [100, 0, 0]],
    ['mid grey', [128, 128, 128], [53.585, 0, 0]],
    ['red', [255, 0, 0], [53.24, 80.09, 67.2]],
    ['green', [0, 255, 0], [87.73, -86.18, 83.18]],
    ['blue', [0, 0, 255], [32.3, 79.19, -107.86]],
  ] as const)('matches the published CIE L*a*b* (D65) of sRGB %s', (_, rgb, lab) => {
    const out = rgbToLab(rgb);
    expect(out[0]).toBeCloseTo(lab[0], 1);
    expect(Math.abs((out[1] as number) - lab[1])).toBeLessThan(0.1);
    expect(Math.abs((out[2] as number) - lab[2])).toBeLessThan(0.1);
  });

  it('reads 0..1 input with scale 1 like 0..255 input with the default scale', () => {
    expect(Array.from(rgbToLab([0.2, 0.5, 0.9], 1))).toEqual(
      Array.from(rgbToLab([51, 127.5, 229.5])),
    );
  });
});
