import { METRICS, attributionToMap2D, rankCorrelation, resizeMap, topKOverlap, type AttributionMap, type Map2D } from '@lumen/core';
import type { ComparisonPairParent, ComparisonParent, ExplanationParent } from '../graphql/mappers.ts';
import { notFound, UserFacingError } from '../graphql/errors.ts';
import type { AppContext } from './app-context.ts';

const TOP_K_FRACTION = 0.2;

type StoredExplanation = ExplanationParent & { attribution: Uint8Array };

export function storedMap(e: { attribution: Uint8Array; shape: number[] }): AttributionMap {
  const bytes = e.attribution;
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { data, shape: e.shape as AttributionMap['shape'] };
}

function asMap2D(e: StoredExplanation): Map2D {
  return attributionToMap2D(storedMap(e), { signed: e.signed });
}

/** For each image, the explanation to compare: the given class if explained, else the top-ranked one. */
function pick(list: StoredExplanation[] | undefined, preferClass?: number): StoredExplanation | null {
  if (!list?.length) return null;
  const sorted = [...list].sort((a, b) => a.targetRank - b.targetRank || b.createdAt.getTime() - a.createdAt.getTime());
  return (preferClass !== undefined ? sorted.find((e) => e.targetIndex === preferClass) : undefined) ?? sorted[0] ?? null;
}

function mean(values: number[]): number | null {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

const percent = (v: number) => `${Math.round(v * 100)}%`;

function summarise(a: string, b: string, metrics: ComparisonParent['metrics'], pairs: number): string {
  if (pairs === 0) return `No image has a ${a} and a ${b} explanation yet.`;
  const parts: string[] = [];
  const cue = metrics.find((m) => m.name === 'energyOnCue' && m.meanA !== null && m.meanB !== null);
  if (cue) parts.push(`${a} puts ${percent(cue.meanA as number)} of its attribution on the spurious cue; ${b} ${percent(cue.meanB as number)}.`);
  const pointing = metrics.find((m) => m.name === 'pointingGame' && m.meanA !== null && m.meanB !== null);
  if (pointing) parts.push(`The strongest pixel is on the object in ${percent(pointing.meanA as number)} of images for ${a}, ${percent(pointing.meanB as number)} for ${b}.`);
  const object = metrics.find((m) => m.name === 'energyOnObject' && m.meanA !== null && m.meanB !== null);
  if (object && !pointing) parts.push(`${a} puts ${percent(object.meanA as number)} of its attribution on the object; ${b} ${percent(object.meanB as number)}.`);
  if (parts.length === 0) parts.push(`Compared on ${pairs} image(s); see the metric deltas.`);
  return parts.join(' ');
}

export async function compareVersions(
  app: AppContext,
  teamId: string,
  input: { modelVersionA: string; modelVersionB: string; method: string; imageIds?: string[] | null; datasetId?: string | null },
): Promise<ComparisonParent> {
  const versions = await app.db.modelVersion.findMany({ where: { id: { in: [input.modelVersionA, input.modelVersionB] }, model: { teamId } }, include: { model: true } });
  const versionA = versions.find((v) => v.id === input.modelVersionA);
  const versionB = versions.find((v) => v.id === input.modelVersionB);
  if (!versionA) throw notFound('model version', input.modelVersionA);
  if (!versionB) throw notFound('model version', input.modelVersionB);
  const nameA = versionA.modelId === versionB.modelId ? versionA.version : `${versionA.model.name} ${versionA.version}`;
  const nameB = versionA.modelId === versionB.modelId ? versionB.version : `${versionB.model.name} ${versionB.version}`;

  let imageIds = input.imageIds ?? null;
  if (input.datasetId) {
    const items = await app.db.datasetImage.findMany({ where: { datasetId: input.datasetId, dataset: { teamId } }, orderBy: { position: 'asc' }, select: { imageId: true } });
    if (items.length === 0) throw new UserFacingError('NOT_FOUND', `dataset '${input.datasetId}' does not exist or is empty`, { path: ['datasetId'] });
    imageIds = [...(imageIds ?? []), ...items.map((i) => i.imageId)];
  }
  const explanations = (await app.db.explanation.findMany({
    where: {
      run: { teamId, status: { in: ['SUCCEEDED', 'RUNNING', 'CANCELLED', 'FAILED'] }, modelVersionId: { in: [versionA.id, versionB.id] } },
      method: { pluginName: input.method },
      ...(imageIds ? { imageId: { in: imageIds } } : {}),
    },
    include: { run: { select: { modelVersionId: true } } },
    omit: { overlayPng: true, heatmapPng: true },
  })) as (StoredExplanation & { run: { modelVersionId: string } })[];

  const byImage = new Map<string, { a: StoredExplanation[]; b: StoredExplanation[] }>();
  for (const e of explanations) {
    const slot = byImage.get(e.imageId) ?? { a: [], b: [] };
    (e.run.modelVersionId === versionA.id ? slot.a : slot.b).push(e);
    byImage.set(e.imageId, slot);
  }
  const wanted = imageIds ?? [...byImage.keys()];
  const images = await app.db.image.findMany({
    where: { id: { in: wanted }, teamId },
    select: { id: true, teamId: true, sha256: true, filename: true, format: true, width: true, height: true, createdAt: true },
  });
  const imageById = new Map(images.map((i) => [i.id, i]));

  const pairs: (ComparisonPairParent & { disagreement: number })[] = [];
  let missing = 0;
  for (const imageId of new Set(wanted)) {
    const image = imageById.get(imageId);
    if (!image) continue;
    const slot = byImage.get(imageId);
    const a = pick(slot?.a);
    const b = pick(slot?.b, a?.targetIndex);
    let agreement: ComparisonPairParent['agreement'] = null;
    const metricDeltas: Record<string, number> = {};
    if (a && b) {
      const mapA = asMap2D(a);
      const mapB = resizeIfNeeded(asMap2D(b), mapA);
      agreement = {
        rankCorrelation: rankCorrelation(mapA.data, mapB.data),
        topKOverlap: topKOverlap(mapA.data, mapB.data, TOP_K_FRACTION),
        topKFraction: TOP_K_FRACTION,
      };
      const ma = a.metrics as Record<string, number | null>;
      const mb = b.metrics as Record<string, number | null>;
      for (const name of Object.keys(ma)) {
        const va = ma[name];
        const vb = mb[name];
        if (typeof va === 'number' && typeof vb === 'number') metricDeltas[name] = vb - va;
      }
    } else {
      missing++;
    }
    const strip = (e: StoredExplanation | null): ExplanationParent | null => {
      if (!e) return null;
      const { attribution: _drop, ...rest } = e as StoredExplanation & { run?: unknown };
      delete (rest as { run?: unknown }).run;
      return rest;
    };
    pairs.push({
      image,
      a: strip(a),
      b: strip(b),
      agreement,
      metricDeltas,
      disagreement: agreement ? 1 - agreement.rankCorrelation : -1,
    });
  }
  pairs.sort((x, y) => y.disagreement - x.disagreement);

  const complete = pairs.filter((p) => p.a && p.b);
  const metrics = METRICS.map((info) => {
    const valuesA: number[] = [];
    const valuesB: number[] = [];
    for (const p of complete) {
      const va = (p.a?.metrics as Record<string, unknown>)[info.name];
      const vb = (p.b?.metrics as Record<string, unknown>)[info.name];
      if (typeof va === 'number' && typeof vb === 'number') {
        valuesA.push(va);
        valuesB.push(vb);
      }
    }
    const meanA = mean(valuesA);
    const meanB = mean(valuesB);
    return {
      name: info.name,
      description: info.description,
      higherIsBetter: info.higherIsBetter,
      meanA,
      meanB,
      delta: meanA !== null && meanB !== null ? meanB - meanA : null,
      count: valuesA.length,
    };
  }).filter((m) => m.count > 0);

  return {
    modelVersionAId: versionA.id,
    modelVersionBId: versionB.id,
    method: input.method,
    pairs: pairs.map(({ disagreement: _d, ...pair }) => pair),
    metrics,
    summary: summarise(nameA, nameB, metrics, complete.length),
    missing,
  };
}

function resizeIfNeeded(map: Map2D, like: Map2D): Map2D {
  return map.width === like.width && map.height === like.height ? map : resizeMap(map, like.width, like.height, 'bilinear');
}
