import type { Map2D } from '../contract/attribution.ts';
import { gini } from './complexity.ts';
import { energyInMask, pointingGame, topKIoU } from './localisation.ts';

export interface MapMasks {
  /** Ground truth of the object (1 inside), the map's size. */
  object?: ArrayLike<number>;
  /** A known spurious region, the map's size. */
  cue?: ArrayLike<number>;
}

/** The metrics that need only the map and masks (no model calls). */
export function mapMetrics(map: Map2D, masks: MapMasks = {}): Record<string, number> {
  const metrics: Record<string, number> = { sparseness: gini(map.data) };
  if (masks.object) {
    metrics['pointingGame'] = pointingGame(map, masks.object).hit ? 1 : 0;
    metrics['energyOnObject'] = energyInMask(map, masks.object);
    metrics['iouTop20'] = topKIoU(map, masks.object, 0.2);
  }
  if (masks.cue) metrics['energyOnCue'] = energyInMask(map, masks.cue);
  return metrics;
}
