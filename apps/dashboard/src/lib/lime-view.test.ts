import { describe, expect, it } from 'vitest';
import { renderLimeView, selectSuperpixels, type LimeViewOptions } from './lime-view.ts';

// Superpixel weights: 0: +0.5, 1: -0.8, 2: +0.1, 3: -0.05; lime's order is by |weight|.
const weights = Float32Array.from([0.5, -0.8, 0.1, -0.05]);
const order = Int32Array.from([1, 0, 2, 3]);
const options = (overrides: Partial<LimeViewOptions>): LimeViewOptions => ({
  positiveOnly: false,
  negativeOnly: false,
  numFeatures: 10,
  hideRest: false,
  minWeight: 0,
  ...overrides,
});

describe('selectSuperpixels, as get_image_and_mask', () => {
  it('takes the strongest positive superpixels when positive_only', () => {
    expect(
      selectSuperpixels(order, weights, options({ positiveOnly: true, numFeatures: 1 })),
    ).toEqual({ positive: [0], negative: [] });
    expect(
      selectSuperpixels(order, weights, options({ positiveOnly: true, minWeight: 0.2 })),
    ).toEqual({ positive: [0], negative: [] });
  });

  it('takes the strongest negative superpixels when negative_only', () => {
    expect(selectSuperpixels(order, weights, options({ negativeOnly: true }))).toEqual({
      positive: [],
      negative: [1, 3],
    });
  });

  it('counts num_features over both signs, then drops weights under min_weight', () => {
    expect(selectSuperpixels(order, weights, options({ numFeatures: 2 }))).toEqual({
      positive: [0],
      negative: [1],
    });
    expect(selectSuperpixels(order, weights, options({ numFeatures: 4, minWeight: 0.06 }))).toEqual(
      { positive: [0, 2], negative: [1] },
    );
  });
});

describe('renderLimeView', () => {
  // 2 x 2 image, one superpixel per pixel (labels 0..3), grey level 100 everywhere but one at 200.
  const image = Uint8ClampedArray.from([
    100, 100, 100, 255, 100, 100, 100, 255, 100, 100, 100, 255, 200, 200, 200, 255,
  ]);
  const segments = Int32Array.from([0, 1, 2, 3]);
  const pixel = (rgba: Uint8ClampedArray, p: number) => Array.from(rgba.slice(p * 4, p * 4 + 4));

  it('raises green on positive and red on negative superpixels, to the image maximum', () => {
    const out = renderLimeView(
      image,
      segments,
      2,
      2,
      { positive: [0], negative: [1] },
      { hideRest: false, positiveOnly: false, negativeOnly: false, boundaries: false },
    );
    expect(pixel(out, 0)).toEqual([100, 200, 100, 255]);
    expect(pixel(out, 1)).toEqual([200, 100, 100, 255]);
    expect(pixel(out, 2)).toEqual([100, 100, 100, 255]);
  });

  it('blacks out the rest when hide_rest, and keeps colours when one sign only', () => {
    const out = renderLimeView(
      image,
      segments,
      2,
      2,
      { positive: [3], negative: [] },
      { hideRest: true, positiveOnly: true, negativeOnly: false, boundaries: false },
    );
    expect(pixel(out, 0)).toEqual([0, 0, 0, 255]);
    expect(pixel(out, 3)).toEqual([200, 200, 200, 255]);
  });

  it('outlines the shown area in yellow', () => {
    const out = renderLimeView(
      image,
      segments,
      2,
      2,
      { positive: [0], negative: [] },
      { hideRest: false, positiveOnly: true, negativeOnly: false },
    );
    expect(pixel(out, 0)).toEqual([255, 255, 0, 255]);
    expect(pixel(out, 3)).toEqual([200, 200, 200, 255]);
  });

  it('refuses segments of another size', () => {
    expect(() =>
      renderLimeView(
        image,
        Int32Array.from([0]),
        2,
        2,
        { positive: [], negative: [] },
        { hideRest: false, positiveOnly: true, negativeOnly: false },
      ),
    ).toThrow(/2 x 2/);
  });
});
