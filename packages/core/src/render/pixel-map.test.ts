import { describe, expect, it } from 'vitest';
import { articleNormalize, renderPixelMap } from './pixel-map.ts';

function close(a: Float32Array, b: number[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(v).toBeCloseTo(b[i] ?? NaN, 5));
}

describe('articleNormalize', () => {
  it('computes (x - mean) / (std + 1e-7) * 0.25 + 0.5', () => {
    // mean 2.5, population std sqrt(1.25) = 1.118034
    close(articleNormalize([1, 2, 3, 4]), [0.16459, 0.388197, 0.611803, 0.83541]);
  });

  it('clips to [0, 1]', () => {
    // 15 zeros and one 100: mean 6.25, std 24.2061; 100 -> 1.468 -> 1; 0 -> 0.435451
    const out = articleNormalize([...new Array(15).fill(0), 100]);
    expect(out[15]).toBe(1);
    expect(out[0]).toBeCloseTo(0.435451, 5);
    expect(articleNormalize([-100, ...new Array(15).fill(0)])[0]).toBe(0);
  });

  it('maps a constant to 0.5', () => {
    close(articleNormalize([3, 3, 3]), [0.5, 0.5, 0.5]);
  });
});

describe('renderPixelMap', () => {
  it('shows a 3-channel map as RGB', () => {
    // mean 2, std sqrt(2/3) = 0.816497: 0.193814, 0.5, 0.806186 -> x255 -> 49.4, 127.5, 205.6
    const img = renderPixelMap({ data: Float32Array.from([1, 2, 3]), shape: [1, 1, 3] });
    expect(img).toEqual({ width: 1, height: 1, data: Uint8Array.from([49, 128, 206]) });
  });

  it('shows a single-channel map in grey', () => {
    const img = renderPixelMap({ data: Float32Array.from([1, 3]), shape: [1, 2] });
    // mean 2, std 1: 0.25, 0.75 -> 64 (63.75), 191 (191.25)
    expect(Array.from(img.data)).toEqual([64, 64, 64, 191, 191, 191]);
  });

  it('refuses other channel counts', () => {
    expect(() => renderPixelMap({ data: new Float32Array(4), shape: [1, 1, 4] })).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
  });
});
