import type { Explanation, Image, Plugin, Run } from '../generated/prisma/client.ts';

/** An image row without its bytes, plus its label when read through a dataset. */
export type ImageParent = Omit<Image, 'bytes'> & { label?: string | null };

export type PluginParent = Plugin;

/** An explanation row without its blobs (attribution, PNGs), which are fetched over HTTP. */
export type ExplanationParent = Omit<Explanation, 'attribution' | 'overlayPng' | 'heatmapPng'>;

export interface ComparisonPairParent {
  image: ImageParent;
  a: ExplanationParent | null;
  b: ExplanationParent | null;
  agreement: { rankCorrelation: number; topKOverlap: number; topKFraction: number } | null;
  metricDeltas: Record<string, number>;
}

export interface ComparisonParent {
  modelVersionAId: string;
  modelVersionBId: string;
  method: string;
  pairs: ComparisonPairParent[];
  metrics: {
    name: string;
    description: string;
    higherIsBetter: boolean;
    meanA: number | null;
    meanB: number | null;
    delta: number | null;
    count: number;
  }[];
  summary: string;
  missing: number;
}

export interface RunProgressEventParent {
  run: Run;
}
