import type { AttributionMap, Map2D } from '../contract/attribution.ts';
import { LumenError } from '../errors.ts';
import { attributionDims } from './maps.ts';

/**
 * How a per-channel attribution collapses to one value per pixel:
 * `sum` (signed), `abs-sum` (sum of |v|), `max-abs` (largest |v|), `l2` (sqrt of sum of v^2).
 */
export type ChannelReduction = 'sum' | 'abs-sum' | 'max-abs' | 'l2';

export function reduceChannels(map: AttributionMap, how: ChannelReduction = 'sum'): Map2D {
  const [height, width, channels] = attributionDims(map, 'map');
  if (how !== 'sum' && how !== 'abs-sum' && how !== 'max-abs' && how !== 'l2') {
    throw new LumenError(
      'INVALID_PARAMS',
      `how must be 'sum', 'abs-sum', 'max-abs' or 'l2', got ${JSON.stringify(how)}.`,
    );
  }
  const n = width * height;
  const out = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    let acc = 0;
    for (let c = 0; c < channels; c++) {
      const v = map.data[p * channels + c] ?? 0;
      if (how === 'sum') acc += v;
      else if (how === 'abs-sum') acc += Math.abs(v);
      else if (how === 'max-abs') acc = Math.max(acc, Math.abs(v));
      else acc += v * v;
    }
    out[p] = how === 'l2' ? Math.sqrt(acc) : acc;
  }
  return { width, height, data: out };
}
