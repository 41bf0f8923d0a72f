import type { Map2D } from '../contract/attribution.ts';
import { LumenError } from '../errors.ts';
import { topMask } from './ranking.ts';

function checkMask(map: Map2D, mask: ArrayLike<number>): void {
  if (mask.length !== map.width * map.height) {
    throw new LumenError('SHAPE_MISMATCH', `mask has ${mask.length} pixels; the map has ${map.width}x${map.height}`);
  }
}

export interface PointingResult {
  hit: boolean;
  /** The map's maximum (first one in row-major order on ties). */
  peak: { x: number; y: number };
}

/**
 * Pointing game (Zhang et al. 2016): a hit when the map's maximum falls inside the mask, or
 * within `tolerance` pixels of it (the paper uses 15 px at 224 px).
 */
export function pointingGame(map: Map2D, mask: ArrayLike<number>, options: { tolerance?: number } = {}): PointingResult {
  checkMask(map, mask);
  let best = 0;
  for (let i = 1; i < map.data.length; i++) if ((map.data[i] as number) > (map.data[best] as number)) best = i;
  const peak = { x: best % map.width, y: Math.floor(best / map.width) };
  const tolerance = options.tolerance ?? 0;
  if (mask[best]) return { hit: true, peak };
  if (tolerance <= 0) return { hit: false, peak };
  const r = Math.ceil(tolerance);
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      const x = peak.x + dx;
      const y = peak.y + dy;
      if (x < 0 || y < 0 || x >= map.width || y >= map.height || dx * dx + dy * dy > tolerance * tolerance) continue;
      if (mask[y * map.width + x]) return { hit: true, peak };
    }
  }
  return { hit: false, peak };
}

/**
 * Energy-based pointing game (Wang et al. 2020, Score-CAM): the share of the map's positive
 * attribution that lies inside the mask. With a spurious-cue mask it reads as "how much of the
 * evidence is on the cue". 0 when the map has no positive values.
 */
export function energyInMask(map: Map2D, mask: ArrayLike<number>): number {
  checkMask(map, mask);
  let inside = 0;
  let total = 0;
  for (let i = 0; i < map.data.length; i++) {
    const v = map.data[i] as number;
    if (v <= 0) continue;
    total += v;
    if (mask[i]) inside += v;
  }
  return total > 0 ? inside / total : 0;
}

/** IoU between the top `fraction` of pixels by attribution and the mask. */
export function topKIoU(map: Map2D, mask: ArrayLike<number>, fraction: number): number {
  checkMask(map, mask);
  const top = topMask(map.data, fraction);
  let intersection = 0;
  let union = 0;
  for (let i = 0; i < top.length; i++) {
    const a = top[i] === 1;
    const b = !!mask[i];
    if (a && b) intersection++;
    if (a || b) union++;
  }
  return union > 0 ? intersection / union : 0;
}
