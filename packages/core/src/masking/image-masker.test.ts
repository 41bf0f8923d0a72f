import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/index.ts';
import { isLumenError } from '../errors.ts';
import { createImageMasker } from './image-masker.ts';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', env: {} });
});

const apply = (masker: ReturnType<typeof createImageMasker>, shown: number[]): number[] => {
  const out = new Float32Array(shown.length);
  masker.apply(Uint8Array.from(shown), out);
  return Array.from(out);
};

describe('constant masker', () => {
  const shape = { height: 1, width: 2, channels: 3 };
  const image = Float32Array.from([10, 20, 30, 40, 50, 60]);

  it('replaces each hidden feature (pixel and channel) with the value', () => {
    const masker = createImageMasker(image, shape, { kind: 'constant', value: 7 });
    expect(apply(masker, [1, 0, 1, 0, 0, 1])).toEqual([10, 7, 30, 7, 7, 60]);
    expect(apply(masker, [0, 0, 0, 0, 0, 0])).toEqual([7, 7, 7, 7, 7, 7]);
    expect(apply(masker, [1, 1, 1, 1, 1, 1])).toEqual(Array.from(image));
  });

  it('takes one value per channel, and writes at an offset', () => {
    const masker = createImageMasker(image, shape, { kind: 'constant', value: [1, 2, 3] });
    const out = new Float32Array(8).fill(-1);
    masker.apply(Uint8Array.from([0, 1, 0, 0, 0, 1]), out, 2);
    expect(Array.from(out)).toEqual([-1, -1, 1, 20, 3, 1, 2, 60]);
    expect(() => masker.apply(new Uint8Array(6), out, 3)).toThrow(/no room/);
  });

  it('refuses a value list of the wrong length', () => {
    const error = (() => {
      try {
        createImageMasker(image, shape, { kind: 'constant', value: [1, 2] });
      } catch (e) {
        return e;
      }
    })();
    expect(isLumenError(error, 'INVALID_PARAMS')).toBe(true);
  });
});

describe('blur masker', () => {
  // 3x3 grey image 1..9; cv2.blur reflects borders without repeating the edge (BORDER_REFLECT_101).
  const shape = { height: 3, width: 3, channels: 1 };
  const image = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);

  it('replaces hidden pixels with the box-blurred image (3x3 window)', () => {
    const masker = createImageMasker(image, shape, { kind: 'blur', kx: 3, ky: 3 });
    const out = apply(masker, [0, 1, 1, 1, 0, 1, 1, 1, 0]);
    // (0,0): rows 1,0,1 x cols 1,0,1 -> 5+4+5+2+1+2+5+4+5 = 33; (1,1): the mean 5; (2,2): 5+6+5+8+9+8+5+6+5 = 57.
    expect(out[0]).toBeCloseTo(33 / 9, 5);
    expect(out[4]).toBeCloseTo(5, 5);
    expect(out[8]).toBeCloseTo(57 / 9, 5);
    expect([out[1], out[2], out[3], out[5], out[6], out[7]]).toEqual([2, 3, 4, 6, 7, 8]);
  });

  it('takes kx as the window width and ky as its height, like cv2.blur((kx, ky))', () => {
    const wide = createImageMasker(image, shape, { kind: 'blur', kx: 3, ky: 1 });
    const tall = createImageMasker(image, shape, { kind: 'blur', kx: 1, ky: 3 });
    // (0,0) wide: cols 1,0,1 of row 0 -> (2+1+2)/3; tall: rows 1,0,1 of col 0 -> (4+1+4)/3.
    expect(apply(wide, [0, 1, 1, 1, 1, 1, 1, 1, 1])[0]).toBeCloseTo(5 / 3, 5);
    expect(apply(tall, [0, 1, 1, 1, 1, 1, 1, 1, 1])[0]).toBeCloseTo(3, 5);
  });

  it('masks channel by channel', () => {
    // Channel 1 is 100, 110, 120, 130: with a 2x2 window and reflected borders, pixel (0,0) sees all four.
    const colour = createImageMasker(
      Float32Array.from([0, 100, 10, 110, 20, 120, 30, 130]),
      { height: 2, width: 2, channels: 2 },
      {
        kind: 'blur',
        kx: 2,
        ky: 2,
      },
    );
    const out = apply(colour, [1, 0, 1, 1, 1, 1, 1, 1]);
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(115, 5);
    expect(out.slice(2)).toEqual([10, 110, 20, 120, 30, 130]);
  });
});

describe('inpainting maskers', () => {
  const shape = { height: 6, width: 6, channels: 3 };
  const flat = (): Float32Array =>
    Float32Array.from({ length: 108 }, (_, i) => [50, 100, 150][i % 3] as number);

  it.each(['inpaint_telea', 'inpaint_ns'] as const)(
    '%s inpaints a pixel whole when any of its channels is hidden',
    (kind) => {
      const image = flat();
      image.set([255, 0, 255], (2 * 6 + 3) * 3);
      const masker = createImageMasker(image, shape, { kind });
      const shown = new Array(108).fill(1);
      shown[(2 * 6 + 3) * 3] = 0;
      const out = apply(masker, shown);
      expect(out.slice(45, 48).map((v) => Math.round(v * 1000) / 1000)).toEqual([50, 100, 150]);
      expect(out.slice(0, 45)).toEqual(Array.from(image.slice(0, 45)));
    },
  );

  it.each(['inpaint_telea', 'inpaint_ns'] as const)(
    '%s shows the mean colour when every pixel is hidden',
    (kind) => {
      const image = Float32Array.from({ length: 108 }, (_, i) => (i % 3) * 10 + Math.floor(i / 3));
      const masker = createImageMasker(image, shape, { kind });
      const out = apply(
        masker,
        new Array(108).fill(0).map((_, i) => (i % 3 === 1 ? 1 : 0)),
      );
      // Every pixel has a hidden channel, so all of them are hidden: channel c becomes 10c + 17.5.
      expect(out.slice(0, 3)).toEqual([17.5, 27.5, 37.5]);
      expect(new Set(out.filter((_, i) => i % 3 === 0)).size).toBe(1);
    },
  );

  it('in 8-bit mode truncates the image to integers, as shap casts it to uint8', () => {
    const image = flat().map((v, i) => v + (i % 2 ? 0.75 : 0.25));
    const masker = createImageMasker(image, shape, { kind: 'inpaint_telea', eightBit: true });
    expect(apply(masker, new Array(108).fill(1))).toEqual(Array.from(image, Math.trunc));
    const exact = createImageMasker(image, shape, { kind: 'inpaint_telea' });
    expect(apply(exact, new Array(108).fill(1))).toEqual(Array.from(image));
  });

  it('refuses masks and images of the wrong size', () => {
    expect(() => createImageMasker(new Float32Array(10), shape, { kind: 'inpaint_ns' })).toThrow(
      /108/,
    );
    const masker = createImageMasker(flat(), shape, { kind: 'inpaint_ns' });
    expect(() => masker.apply(new Uint8Array(36), new Float32Array(108))).toThrow(
      /needs 108 entries/,
    );
  });
});
