/** The metrics Lumen stores with each explanation, as the dashboard describes them. */
export interface MetricInfo {
  name: string;
  title: string;
  description: string;
  higherIsBetter: boolean;
  /** What must exist for the metric: a ground-truth mask, a cue mask, or the model. */
  needs: 'object-mask' | 'cue-mask' | 'model' | 'map';
}

export const METRICS: readonly MetricInfo[] = [
  {
    name: 'pointingGame',
    title: 'Pointing game',
    description: "1 when the map's strongest pixel lies on the object (its ground-truth mask), else 0. Averaged, it is the hit rate.",
    higherIsBetter: true,
    needs: 'object-mask',
  },
  {
    name: 'energyOnObject',
    title: 'Attribution on object',
    description: 'Share of the positive attribution that falls on the object (energy-based pointing game).',
    higherIsBetter: true,
    needs: 'object-mask',
  },
  {
    name: 'iouTop20',
    title: 'IoU of top 20%',
    description: 'Overlap (intersection over union) between the 20% most attributed pixels and the object mask.',
    higherIsBetter: true,
    needs: 'object-mask',
  },
  {
    name: 'energyOnCue',
    title: 'Attribution on spurious cue',
    description: 'Share of the positive attribution that falls on a known spurious region (e.g. a watermark or corner mark). Lower is better.',
    higherIsBetter: false,
    needs: 'cue-mask',
  },
  {
    name: 'deletionAuc',
    title: 'Deletion AUC',
    description: 'Area under the class score as the most attributed pixels are removed first. A faithful map makes the score drop fast: lower is better.',
    higherIsBetter: false,
    needs: 'model',
  },
  {
    name: 'insertionAuc',
    title: 'Insertion AUC',
    description: 'Area under the class score as the most attributed pixels are added first to a blank/blurred image. A faithful map makes it rise fast: higher is better.',
    higherIsBetter: true,
    needs: 'model',
  },
  {
    name: 'sparseness',
    title: 'Sparseness (Gini)',
    description: 'How concentrated the map is: 0 when attribution is spread evenly, near 1 when a few pixels carry it all.',
    higherIsBetter: true,
    needs: 'map',
  },
];

export const AGREEMENT_METRICS: readonly MetricInfo[] = [
  {
    name: 'rankCorrelation',
    title: 'Rank correlation',
    description: "Spearman correlation between two maps' pixel rankings: 1 when they order pixels identically.",
    higherIsBetter: true,
    needs: 'map',
  },
  {
    name: 'topKOverlap',
    title: 'Top-20% overlap',
    description: "Share of one map's 20% most attributed pixels that are also among the other's.",
    higherIsBetter: true,
    needs: 'map',
  },
];

export function metricInfo(name: string): MetricInfo | undefined {
  return [...METRICS, ...AGREEMENT_METRICS].find((m) => m.name === name);
}
