import { isLumenError, messageOf } from '@lumen/core';
import type { ComputeThread } from '../compute/compute-pool.ts';
import type { Db } from '../db/client.ts';
import { modelSource } from '../services/models.ts';
import type { AppContext } from '../services/app-context.ts';
import { StaleAttemptError, type Claim, type RunStore } from './run-store.ts';

/** Errors that retrying cannot fix: the run fails at once with this reason. */
const PERMANENT_CODES = new Set([
  'INVALID_PARAMS',
  'LAYER_NOT_FOUND',
  'REQUIREMENT_UNMET',
  'TARGET_INVALID',
  'IMAGE_INVALID',
  'IMAGE_UNSUPPORTED',
  'IMAGE_TOO_LARGE',
  'MODEL_INVALID',
  'MODEL_UNSUPPORTED',
  'MODEL_WEIGHTS_MISSING',
  'MODEL_WEIGHTS_MISMATCH',
  'MODEL_PATH_ESCAPE',
  'INPUT_SPEC_INVALID',
  'PLUGIN_NOT_FOUND',
  'PLUGIN_OUTPUT_INVALID',
  'SHAPE_MISMATCH',
]);

export type RunOutcome = 'succeeded' | 'failed' | 'cancelled' | 'skipped' | 'stale';

/** The worker is stopping: the run is left RUNNING and its job is handed back for another worker. */
export class WorkerStoppingError extends Error {
  override readonly name = 'WorkerStoppingError';
}

export interface ExecuteDeps {
  db: Db;
  store: RunStore;
  compute: ComputeThread;
  app: Pick<AppContext, 'db'>;
  /** Aborted when the run is cancelled or the worker shuts down; `stopping` tells which. */
  signal: AbortSignal;
  stopping: () => boolean;
  log: (line: string) => void;
}

const MAX_BACKGROUND_IMAGES = 64;

/**
 * Execute one run to a final state: claim it (fenced attempt), load its model into the compute
 * thread, explain every (image, method) not already done, and record the outcome. Expected,
 * permanent failures end the run FAILED; anything else is thrown so the queue retries.
 */
export async function executeRun(runId: string, deps: ExecuteDeps): Promise<RunOutcome> {
  const { db, store, compute, signal } = deps;
  const claim = await store.claim(runId);
  if (!claim) return 'skipped';
  const run = claim.run;
  try {
    if (await store.cancelRequested(run.id)) {
      await store.finish(claim, 'CANCELLED', { code: 'CANCELLED', message: 'cancelled' });
      return 'cancelled';
    }
    const [methods, runImages] = await Promise.all([
      db.runMethod.findMany({ where: { runId: run.id }, orderBy: { position: 'asc' } }),
      db.runImage.findMany({ where: { runId: run.id }, orderBy: { position: 'asc' }, select: { imageId: true } }),
    ]);
    if (!(await compute.hasModel(run.modelVersionId))) await compute.loadModel(await modelSource(deps.app as AppContext, run.modelVersionId));
    const background = run.backgroundDatasetId
      ? (
          await db.datasetImage.findMany({
            where: { datasetId: run.backgroundDatasetId },
            orderBy: { position: 'asc' },
            take: MAX_BACKGROUND_IMAGES,
            select: { image: { select: { bytes: true } } },
          })
        ).map((row) => row.image.bytes)
      : undefined;
    const done = await store.finishedItems(run.id);

    for (const { imageId } of runImages) {
      const image = await db.image.findUniqueOrThrow({ where: { id: imageId }, select: { bytes: true, masks: { select: { kind: true, png: true } } } });
      for (const method of methods) {
        if (done.has(`${imageId}:${method.id}`)) continue;
        if (deps.stopping()) throw new WorkerStoppingError(`worker stopping; run ${run.id} goes back to the queue`);
        if (signal.aborted || (await store.cancelRequested(run.id))) return await cancelled(claim, store);
        const result = await compute.explain(
          {
            model: { versionId: run.modelVersionId },
            image: { id: imageId, bytes: image.bytes },
            masks: Object.fromEntries(image.masks.map((m) => [m.kind, m.png])),
            method: { name: method.pluginName, params: method.params as Record<string, unknown> },
            targets: run.targets,
            seed: run.seed,
            ...(run.batchSize ? { batchSize: run.batchSize } : {}),
            ...(background ? { background } : {}),
          },
          { signal },
        );
        try {
          await store.saveItem(claim, { imageId, runMethodId: method.id }, result);
        } catch (error) {
          // An earlier attempt stored this item in the meantime: it is done either way.
          if ((error as { code?: string }).code !== 'P2002') throw error;
        }
      }
    }
    await store.finish(claim, 'SUCCEEDED');
    return 'succeeded';
  } catch (error) {
    if (error instanceof StaleAttemptError) {
      deps.log(`run ${run.id}: ${error.message}; leaving it to the newer attempt`);
      return 'stale';
    }
    if (isLumenError(error) && error.code === 'ABORTED') {
      if (deps.stopping()) throw new WorkerStoppingError(`worker stopping; run ${run.id} goes back to the queue`);
      return await cancelled(claim, store);
    }
    if (isLumenError(error) && PERMANENT_CODES.has(error.code)) {
      await store.finish(claim, 'FAILED', { code: error.code, message: error.message });
      return 'failed';
    }
    deps.log(`run ${run.id} attempt ${claim.attempt}: ${messageOf(error)}`);
    throw error;
  }
}

async function cancelled(claim: Claim, store: RunStore): Promise<RunOutcome> {
  await store.finish(claim, 'CANCELLED', { code: 'CANCELLED', message: 'cancelled while running' });
  return 'cancelled';
}
