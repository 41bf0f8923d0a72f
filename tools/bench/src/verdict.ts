import type { AnyExplainer } from '@lumen/core';
import { perImage, type PassSweep, type Throughput, type TimeMetric } from './reference.ts';

/** The targets: perturbation methods within 15% of their model evaluations, gradient methods within 30%. */
export const TARGETS = { perturbation: 1.15, gradient: 1.3 } as const;
export type MethodKind = keyof typeof TARGETS;

/** Named in the issue as perturbation methods, whatever they declare. */
const PERTURBATION_METHODS = new Set(['lime', 'shap-partition', 'occlusion', 'rise', 'score-cam']);

export function methodKind(explainer: Pick<AnyExplainer, 'name' | 'requires'>): MethodKind {
  if (PERTURBATION_METHODS.has(explainer.name)) return 'perturbation';
  return explainer.requires.gradients ? 'gradient' : 'perturbation';
}

export interface ReferenceCost {
  /** What the explanation's passes cost at the best batch size, wall and CPU. */
  wallMs: number;
  cpuMs: number;
  /** Pass ids with images but no reference throughput. */
  missing: string[];
}

/** Sum over pass kinds of images x best per-image time of that kind. */
export function referenceCost(
  images: Readonly<Record<string, number>>,
  throughput: Readonly<Record<string, Throughput | undefined>>,
): ReferenceCost {
  let wallMs = 0;
  let cpuMs = 0;
  const missing: string[] = [];
  for (const [id, count] of Object.entries(images)) {
    if (count === 0) continue;
    const reference = throughput[id];
    if (!reference) {
      missing.push(id);
      continue;
    }
    wallMs += count * reference.msPerImage;
    cpuMs += count * reference.cpuMsPerImage;
  }
  return { wallMs, cpuMs, missing };
}

export interface Verdict {
  /** Explanation time / reference time, by wall clock and by process CPU time. */
  wallRatio: number | null;
  cpuRatio: number | null;
  /** The clock the verdict uses. */
  metric: TimeMetric;
  ratio: number | null;
  target: number;
  pass: boolean | null;
  /** The other clock's ratio reaches the other verdict. */
  disagree: boolean;
}

export function verdict(
  explanation: { wallMs: number; cpuMs: number },
  reference: ReferenceCost,
  kind: MethodKind,
  metric: TimeMetric,
): Verdict {
  const target = TARGETS[kind];
  if (reference.missing.length > 0 || reference.wallMs <= 0) {
    return {
      wallRatio: null,
      cpuRatio: null,
      metric,
      ratio: null,
      target,
      pass: null,
      disagree: false,
    };
  }
  const wallRatio = explanation.wallMs / reference.wallMs;
  const cpuRatio = reference.cpuMs > 0 ? explanation.cpuMs / reference.cpuMs : null;
  const ratio = metric === 'cpu' ? cpuRatio : wallRatio;
  const other = metric === 'cpu' ? wallRatio : cpuRatio;
  const pass = ratio === null ? null : ratio <= target;
  const disagree = pass !== null && other !== null && other <= target !== pass;
  return { wallRatio, cpuRatio, metric, ratio, target, pass, disagree };
}

/** Measured batch sizes of a pass kind and their per-image time by the verdict's clock. */
export type PointTimes = readonly { batchSize: number; ms: number }[];

/** Per-image time at batch size `b`: the measured size closest below it (batching only gets better up to the best size), else the smallest measured. */
export function timeAtBatch(points: PointTimes, b: number): number | undefined {
  const sorted = [...points].sort((x, y) => x.batchSize - y.batchSize);
  const below = sorted.filter((p) => p.batchSize <= b).at(-1);
  return (below ?? sorted[0])?.ms;
}

/**
 * What the explanation's passes would cost at the batch sizes it actually used, instead of the
 * best one: explanation / this is the overhead outside the passes; this / the best-batch
 * reference is what the method's batching (single images, small rounds) costs.
 */
export function referenceAtUsedBatches(
  batches: Readonly<Record<string, Readonly<Record<string, number>>>>,
  points: Readonly<Record<string, PointTimes | undefined>>,
  scale: Readonly<Record<string, number>>,
): number | null {
  let total = 0;
  for (const [id, sizes] of Object.entries(batches)) {
    const measured = points[id];
    if (!measured || measured.length === 0) return null;
    for (const [size, calls] of Object.entries(sizes)) {
      const b = Number(size);
      const ms = timeAtBatch(measured, b);
      if (ms === undefined) return null;
      total += calls * b * ms * (scale[id] ?? 1);
    }
  }
  return total;
}

/**
 * referenceAtUsedBatches from a run's sweeps and the per-pass throughput the method was judged
 * against: each batch size's sweep time, scaled by how the re-timed best compares with the sweep's.
 */
export function usedBatchReference(
  batches: Readonly<Record<string, Readonly<Record<string, number>>>>,
  sweeps: readonly Pick<PassSweep, 'id' | 'points' | 'best'>[],
  throughput: Readonly<Record<string, Pick<Throughput, 'msPerImage' | 'cpuMsPerImage'>>>,
  metric: TimeMetric,
): number | null {
  const points: Record<string, PointTimes> = {};
  const scale: Record<string, number> = {};
  for (const id of Object.keys(batches)) {
    const sweep = sweeps.find((s) => s.id === id);
    const measured = throughput[id];
    if (!sweep || !measured) return null;
    points[id] = sweep.points
      .filter((p) => p.msPerImage !== undefined)
      .map((p) => ({ batchSize: p.batchSize, ms: perImage(p, metric) }));
    scale[id] = perImage(measured, metric) / perImage(sweep.best, metric);
  }
  return referenceAtUsedBatches(batches, points, scale);
}
