import DataLoader from 'dataloader';
import type { Db } from '../db/client.ts';
import type { ImageParent } from './mappers.ts';

/** Puts batch results back in key order (missing keys get `missing`). */
function byKey<K, V, R>(keys: readonly K[], rows: V[], keyOf: (row: V) => K, pick: (rows: V[]) => R, missing: R): R[] {
  const grouped = new Map<K, V[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = grouped.get(key);
    if (list) list.push(row);
    else grouped.set(key, [row]);
  }
  return keys.map((key) => {
    const list = grouped.get(key);
    return list ? pick(list) : missing;
  });
}

const first = <V>(rows: V[]): V | null => rows[0] ?? null;
const all = <V>(rows: V[]): V[] => rows;

const imageFields = { id: true, teamId: true, sha256: true, filename: true, format: true, width: true, height: true, createdAt: true } as const;

/** DataLoaders for one request, scoped to the request's team: one query per kind per tick. */
export function createLoaders(db: Db, teamId: string) {
  return {
    model: new DataLoader(async (ids: readonly string[]) =>
      byKey(ids, await db.model.findMany({ where: { id: { in: [...ids] }, teamId } }), (r) => r.id, first, null),
    ),
    modelVersion: new DataLoader(async (ids: readonly string[]) =>
      byKey(ids, await db.modelVersion.findMany({ where: { id: { in: [...ids] }, model: { teamId } } }), (r) => r.id, first, null),
    ),
    versionsOfModel: new DataLoader(async (ids: readonly string[]) =>
      byKey(ids, await db.modelVersion.findMany({ where: { modelId: { in: [...ids] } }, orderBy: { createdAt: 'desc' } }), (r) => r.modelId, all, []),
    ),
    image: new DataLoader(async (ids: readonly string[]) =>
      byKey(ids, await db.image.findMany({ where: { id: { in: [...ids] }, teamId }, select: imageFields }), (r) => r.id, first, null) as (ImageParent | null)[],
    ),
    masksOfImage: new DataLoader(async (ids: readonly string[]) =>
      byKey(ids, await db.imageMask.findMany({ where: { imageId: { in: [...ids] } }, select: { imageId: true, kind: true } }), (r) => r.imageId, all, []),
    ),
    labelOfImage: new DataLoader(async (ids: readonly string[]) =>
      byKey(ids, await db.datasetImage.findMany({ where: { imageId: { in: [...ids] }, label: { not: null } }, select: { imageId: true, label: true } }), (r) => r.imageId, (rows) => rows[0]?.label ?? null, null),
    ),
    datasetSize: new DataLoader(async (ids: readonly string[]) => {
      const counts = await db.datasetImage.groupBy({ by: ['datasetId'], where: { datasetId: { in: [...ids] } }, _count: { _all: true } });
      return byKey(ids, counts, (r) => r.datasetId, (rows) => rows[0]?._count._all ?? 0, 0);
    }),
    dataset: new DataLoader(async (ids: readonly string[]) =>
      byKey(ids, await db.dataset.findMany({ where: { id: { in: [...ids] }, teamId } }), (r) => r.id, first, null),
    ),
    run: new DataLoader(async (ids: readonly string[]) =>
      byKey(ids, await db.run.findMany({ where: { id: { in: [...ids] }, teamId } }), (r) => r.id, first, null),
    ),
    methodsOfRun: new DataLoader(async (ids: readonly string[]) =>
      byKey(ids, await db.runMethod.findMany({ where: { runId: { in: [...ids] } }, orderBy: { position: 'asc' } }), (r) => r.runId, all, []),
    ),
    runMethod: new DataLoader(async (ids: readonly string[]) =>
      byKey(ids, await db.runMethod.findMany({ where: { id: { in: [...ids] } } }), (r) => r.id, first, null),
    ),
    imageIdsOfRun: new DataLoader(async (ids: readonly string[]) =>
      byKey(ids, await db.runImage.findMany({ where: { runId: { in: [...ids] } }, orderBy: { position: 'asc' }, select: { runId: true, imageId: true } }), (r) => r.runId, (rows) => rows.map((r) => r.imageId), []),
    ),
    imageCountOfRun: new DataLoader(async (ids: readonly string[]) => {
      const counts = await db.runImage.groupBy({ by: ['runId'], where: { runId: { in: [...ids] } }, _count: { _all: true } });
      return byKey(ids, counts, (r) => r.runId, (rows) => rows[0]?._count._all ?? 0, 0);
    }),
    plugin: new DataLoader(async (keys: readonly string[]) => {
      const pairs = keys.map((key) => key.split('@') as [string, string]);
      const rows = await db.plugin.findMany({ where: { OR: pairs.map(([name, version]) => ({ name, version })) } });
      return byKey(keys, rows, (r) => `${r.name}@${r.version}`, first, null);
    }),
    worker: new DataLoader(async (ids: readonly string[]) =>
      byKey(ids, await db.worker.findMany({ where: { id: { in: [...ids] } } }), (r) => r.id, first, null),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
