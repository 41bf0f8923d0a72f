import type { AttributionMap } from '../contract/attribution.ts';
import { LumenError } from '../errors.ts';
import type { RgbImage } from '../image/types.ts';
import { attributionDims } from './maps.ts';

/**
 * The article's display normalisation for (guided) backprop maps, over all values at once:
 * (x - mean) / (std + 1e-7) * 0.25 + 0.5, clipped to [0, 1] (std is the population std).
 */
export function articleNormalize(values: ArrayLike<number>): Float32Array {
  const n = values.length;
  const out = new Float32Array(n);
  if (n === 0) return out;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] ?? 0;
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] ?? 0) - mean;
    sq += d * d;
  }
  const std = Math.sqrt(sq / n);
  for (let i = 0; i < n; i++) {
    const v = (((values[i] ?? 0) - mean) / (std + 1e-7)) * 0.25 + 0.5;
    out[i] = v > 0 ? (v < 1 ? v : 1) : 0;
  }
  return out;
}

/**
 * A pixel-space attribution (e.g. guided backprop, [h, w, 3]) shown as an RGB image via
 * `articleNormalize` and round(v * 255). Single-channel maps ([h, w] or [h, w, 1]) are shown
 * in grey.
 */
export function renderPixelMap(map: AttributionMap): RgbImage {
  const [height, width, channels] = attributionDims(map, 'map');
  if (channels !== 3 && channels !== 1) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `renderPixelMap shows 3-channel (RGB) or 1-channel maps, got shape [${map.shape.join(', ')}]; reduce the channels first (reduceChannels).`,
    );
  }
  const unit = articleNormalize(map.data);
  const data = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++)
      data[3 * p + c] = Math.round((unit[channels === 3 ? 3 * p + c : p] ?? 0) * 255);
  }
  return { width, height, data };
}
