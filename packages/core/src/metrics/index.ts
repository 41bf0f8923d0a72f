export { pointingGame, energyInMask, topKIoU, type PointingResult } from './localisation.ts';
export { rankCorrelation, topKOverlap } from './agreement.ts';
export { gini } from './complexity.ts';
export { descendingOrder, topMask, averageRanks } from './ranking.ts';
export { mapMetrics, type MapMasks } from './map-metrics.ts';
export { METRICS, AGREEMENT_METRICS, metricInfo, type MetricInfo } from './catalog.ts';
export { deletionInsertion, trapezoidAuc, type Curve, type FaithfulnessBaseline, type FaithfulnessOptions, type FaithfulnessResult } from './faithfulness.ts';
