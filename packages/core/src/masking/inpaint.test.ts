import { describe, expect, it } from 'vitest';
import { createInpainter, inpaint, type InpaintMethod } from './inpaint.ts';
import type { ImageShape } from './partition-tree.ts';

const methods: InpaintMethod[] = ['telea', 'ns'];

function image(
  shape: ImageShape,
  value: (y: number, x: number, c: number) => number,
): Float32Array {
  const data = new Float32Array(shape.height * shape.width * shape.channels);
  for (let y = 0; y < shape.height; y++) {
    for (let x = 0; x < shape.width; x++) {
      for (let c = 0; c < shape.channels; c++)
        data[(y * shape.width + x) * shape.channels + c] = value(y, x, c);
    }
  }
  return data;
}

function holes(shape: ImageShape, inHole: (y: number, x: number) => boolean): Uint8Array {
  return Uint8Array.from({ length: shape.height * shape.width }, (_, p) =>
    inHole(Math.floor(p / shape.width), p % shape.width) ? 1 : 0,
  );
}

const at = (data: Float32Array, shape: ImageShape, y: number, x: number, c = 0): number =>
  data[(y * shape.width + x) * shape.channels + c] as number;

describe.each(methods)('inpainting (%s)', (method) => {
  it('fills any hole in a flat image with the flat colour, also at the image border', () => {
    const shape = { height: 12, width: 10, channels: 3 };
    const flat = image(shape, (_y, _x, c) => [40, 120, 210][c] as number);
    for (const hole of [
      holes(shape, (y, x) => y >= 3 && y < 8 && x >= 4 && x < 7),
      holes(shape, (y, x) => y < 4 && x < 5),
      holes(shape, (y, x) => y === 11 || x === 9),
    ]) {
      const out = inpaint(flat, shape, hole, method);
      for (let i = 0; i < out.length; i++) expect(out[i]).toBeCloseTo(flat[i] as number, 4);
    }
  });

  it('with radius 1 fills a one-pixel hole with the mean of its four neighbours', () => {
    const shape = { height: 3, width: 3, channels: 2 };
    const data = Float32Array.from([10, 1, 50, 2, 30, 7, 20, 4, 99, 9, 60, 3, 25, 8, 90, 5, 45, 6]);
    const out = inpaint(
      data,
      shape,
      holes(shape, (y, x) => y === 1 && x === 1),
      method,
      { radius: 1 },
    );
    for (let c = 0; c < 2; c++) {
      const mean =
        (at(data, shape, 0, 1, c) +
          at(data, shape, 1, 0, c) +
          at(data, shape, 1, 2, c) +
          at(data, shape, 2, 1, c)) /
        4;
      expect(at(out, shape, 1, 1, c)).toBeCloseTo(mean, 4);
    }
    expect(Array.from(out).filter((_, i) => i !== 8 && i !== 9)).toEqual(
      Array.from(data).filter((_, i) => i !== 8 && i !== 9),
    );
  });

  it('fills a one-pixel hole in a linear ramp with the ramp value (the weights are symmetric)', () => {
    const shape = { height: 15, width: 15, channels: 1 };
    const ramp = image(shape, (_y, x) => 10 * x);
    const out = inpaint(
      ramp,
      shape,
      holes(shape, (y, x) => y === 7 && x === 7),
      method,
    );
    // OpenCV's Telea adds a first-order term normalised to at most sqrt(2) grey levels.
    expect(Math.abs(at(out, shape, 7, 7) - 70)).toBeLessThan(method === 'telea' ? 1.5 : 1e-3);
  });

  it('fills a larger hole in a linear ramp with nearly the ramp, monotone along it', () => {
    const shape = { height: 16, width: 16, channels: 1 };
    const ramp = image(shape, (_y, x) => 10 * x);
    const out = inpaint(
      ramp,
      shape,
      holes(shape, (y, x) => y >= 5 && y < 10 && x >= 5 && x < 10),
      method,
    );
    let error = 0;
    for (let y = 5; y < 10; y++) {
      for (let x = 5; x < 10; x++) {
        const value = at(out, shape, y, x);
        expect(value).toBeGreaterThan(35);
        expect(value).toBeLessThan(105);
        error += Math.abs(value - 10 * x);
        if (x > 5) expect(value).toBeGreaterThan(at(out, shape, y, x - 1) - 1.5);
      }
    }
    expect(error / 25).toBeLessThan(6);
  });

  it('leaves the image alone without holes, and the holes alone without any known pixel', () => {
    const shape = { height: 4, width: 5, channels: 3 };
    const data = image(shape, (y, x, c) => y * 50 + x * 7 + c);
    expect(
      inpaint(
        data,
        shape,
        holes(shape, () => false),
        method,
      ),
    ).toEqual(data);
    expect(
      inpaint(
        data,
        shape,
        holes(shape, () => true),
        method,
      ),
    ).toEqual(data);
  });

  it('gives the same result when an inpainter is reused for other masks in between', () => {
    const shape = { height: 10, width: 9, channels: 3 };
    const data = image(shape, (y, x, c) => ((y * 31 + x * 17 + c * 5) % 97) * 2);
    const first = holes(shape, (y, x) => (y + 2 * x) % 5 === 0);
    const inpainter = createInpainter(shape, method);
    const a = new Float32Array(data.length);
    const b = new Float32Array(data.length);
    inpainter.run(data, first, a);
    inpainter.run(
      data,
      holes(shape, (y) => y < 6),
      b,
    );
    inpainter.run(data, first, b);
    expect(b).toEqual(a);
    expect(a).toEqual(inpaint(data, shape, first, method));
  });
});

describe('Navier-Stokes versus Telea', () => {
  it('NS favours pixels along the isophote: a hole in vertical stripes takes its own stripe', () => {
    const shape = { height: 15, width: 15, channels: 1 };
    const stripes = image(shape, (_y, x) => (x % 2 === 0 ? 150 : 100));
    const hole = holes(shape, (y, x) => y === 7 && x === 6);
    const ns = at(inpaint(stripes, shape, hole, 'ns'), shape, 7, 6);
    const telea = at(inpaint(stripes, shape, hole, 'telea'), shape, 7, 6);
    expect(ns).toBeGreaterThan(telea + 5);
    expect(ns).toBeLessThan(150);
  });
});

describe('inpainting arguments', () => {
  it('refuses mismatched sizes and clamps the radius like OpenCV', () => {
    const shape = { height: 4, width: 4, channels: 3 };
    const data = new Float32Array(48);
    expect(() => inpaint(data, shape, new Uint8Array(15), 'telea')).toThrow(/holes of 16/);
    expect(() => inpaint(data.subarray(1), shape, new Uint8Array(16), 'ns')).toThrow(/48 values/);
    expect(() => inpaint(data, shape, new Uint8Array(16), 'ns', { radius: 0 })).not.toThrow();
    expect(() => createInpainter({ height: 0, width: 4, channels: 3 }, 'telea')).toThrow(
      /non-empty/,
    );
  });
});
