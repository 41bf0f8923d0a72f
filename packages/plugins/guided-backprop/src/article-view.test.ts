import { describe, expect, it } from 'vitest';
import { renderArticleView } from './article-view.ts';

describe('renderArticleView', () => {
  it("reproduces the article's numbers on a hand case, truncating like astype(uint8)", () => {
    // mean 0, population std sqrt(20/6) = 1.8257: -3 -> 0.08921 * 255 = 22.75 -> 22,
    // -1 -> 92.58 -> 92, 1 -> 162.42 -> 162, 3 -> 232.25 -> 232, 0 -> 127.5 -> 127.
    const view = renderArticleView({
      data: Float32Array.from([-3, -1, 1, 3, 0, 0]),
      shape: [1, 2, 3],
    });
    expect(view).toEqual({
      width: 2,
      height: 1,
      data: Uint8Array.from([22, 92, 162, 232, 127, 127]),
    });
  });

  it('clips what lies beyond two standard deviations', () => {
    // mean 5/3, std 3.7268: 10 -> 1.059 -> clipped to 1 -> 255; 0 -> 0.3882 * 255 = 98.99 -> 98.
    const view = renderArticleView({
      data: Float32Array.from([10, 0, 0, 0, 0, 0]),
      shape: [2, 1, 3],
    });
    expect(Array.from(view.data)).toEqual([255, 98, 98, 98, 98, 98]);
    expect([view.width, view.height]).toEqual([1, 2]);
  });

  it('shows a single-channel map in grey and a constant map as mid-grey', () => {
    const grey = renderArticleView({ data: Float32Array.from([-1, 1]), shape: [1, 2] });
    expect(Array.from(grey.data)).toEqual([63, 63, 63, 191, 191, 191]);
    const flat = renderArticleView({ data: Float32Array.from([4, 4, 4]), shape: [1, 1, 3] });
    expect(Array.from(flat.data)).toEqual([127, 127, 127]);
  });

  it('refuses maps it cannot show', () => {
    expect(() => renderArticleView({ data: new Float32Array(8), shape: [1, 2, 4] })).toThrow(
      /SHAPE_MISMATCH|\[1, 2, 4\]/,
    );
    expect(() => renderArticleView({ data: new Float32Array(5), shape: [1, 2, 3] })).toThrow(
      /5 values/,
    );
  });
});
