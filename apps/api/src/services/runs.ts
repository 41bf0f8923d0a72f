import { LumenError, resolveTargets, validateParams, type TargetSpec } from '@lumen/core';
import type { Prisma, Run, RunStatus } from '../generated/prisma/client.ts';
import { UserFacingError, notFound } from '../graphql/errors.ts';
import { QUEUES, prismaTransactionDb } from '../queue/queue.ts';
import type { AppContext } from './app-context.ts';
import { describedModel } from './models.ts';
import { notifyRun } from './run-events.ts';

export const MAX_IMAGES_PER_RUN = 5000;
export const FINAL_STATUSES: readonly RunStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export interface CreateRunInput {
  modelVersionId: string;
  imageIds?: string[] | null;
  datasetId?: string | null;
  methods: { name: string; params?: unknown }[];
  targets?: unknown;
  seed?: number | null;
  batchSize?: number | null;
  deviceClass?: 'CPU' | 'GPU' | 'ANY' | null;
  priority?: number | null;
  backgroundDatasetId?: string | null;
  idempotencyKey?: string | null;
}

function targetSpec(raw: unknown): TargetSpec {
  const value = raw ?? 'top1';
  const ok =
    typeof value === 'string' ||
    (typeof value === 'number' && Number.isInteger(value)) ||
    (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))));
  if (!ok) {
    throw new UserFacingError('INVALID_INPUT', 'targets is "top1"/"topK", a class index, a label, or a list of those', { path: ['targets'] });
  }
  return value as TargetSpec;
}

/**
 * Validate a run against its model and plugins, then store it and queue it in one
 * transaction: a run is never stored without its job, nor queued without its row.
 */
export async function createRun(app: AppContext, teamId: string, input: CreateRunInput): Promise<{ run: Run; created: boolean }> {
  if (input.idempotencyKey) {
    const existing = await app.db.run.findUnique({ where: { teamId_idempotencyKey: { teamId, idempotencyKey: input.idempotencyKey } } });
    if (existing) return { run: existing, created: false };
  }
  const version = await app.db.modelVersion.findFirst({ where: { id: input.modelVersionId, model: { teamId } }, include: { model: true } });
  if (!version) throw notFound('model version', input.modelVersionId);
  const model = describedModel(version);

  const imageIds = [...new Set(input.imageIds ?? [])];
  if (input.datasetId) {
    const dataset = await app.db.dataset.findFirst({ where: { id: input.datasetId, teamId }, include: { images: { orderBy: { position: 'asc' }, select: { imageId: true } } } });
    if (!dataset) throw notFound('dataset', input.datasetId);
    for (const { imageId } of dataset.images) if (!imageIds.includes(imageId)) imageIds.push(imageId);
  }
  if (imageIds.length === 0) throw new UserFacingError('INVALID_INPUT', 'a run needs images: give imageIds or a datasetId', { path: ['imageIds'] });
  if (imageIds.length > MAX_IMAGES_PER_RUN) {
    throw new UserFacingError('INVALID_INPUT', `a run takes at most ${MAX_IMAGES_PER_RUN} images; split it`, { path: ['imageIds'] });
  }
  const found = await app.db.image.findMany({ where: { id: { in: imageIds }, teamId }, select: { id: true } });
  if (found.length !== imageIds.length) {
    const known = new Set(found.map((i) => i.id));
    const missing = imageIds.filter((id) => !known.has(id));
    throw new UserFacingError('NOT_FOUND', `image(s) ${missing.slice(0, 5).join(', ')} do not exist (or belong to another team)`, { path: ['imageIds'], details: { missing } });
  }

  if (input.methods.length === 0) throw new UserFacingError('INVALID_INPUT', 'a run needs at least one method', { path: ['methods'] });
  const methods = input.methods.map((method, position) => {
    const explainer = app.registry.get(method.name);
    const params = validateParams(explainer.id, explainer.params, method.params ?? {});
    try {
      explainer.check?.(params, model);
    } catch (error) {
      if (error instanceof LumenError) {
        throw new LumenError(error.code, `${explainer.id}: ${error.message}`, { cause: error, details: { ...error.details, plugin: explainer.id, phase: 'check' } });
      }
      throw error;
    }
    if (explainer.requires.background && !input.backgroundDatasetId) {
      throw new LumenError('REQUIREMENT_UNMET', `${explainer.id} needs background images: set backgroundDatasetId`, { details: { plugin: explainer.id } });
    }
    if (explainer.requires.guidedRelu && !model.supportsGuidedRelu) {
      throw new LumenError('REQUIREMENT_UNMET', `${explainer.id} needs guided ReLUs, which this model (a GraphModel with fused activations) cannot provide`, { details: { plugin: explainer.id } });
    }
    if (explainer.requires.spatialLayer && !model.layers().some((l) => l.spatial)) {
      throw new LumenError('REQUIREMENT_UNMET', `${explainer.id} needs a convolutional layer; this model has none`, { details: { plugin: explainer.id } });
    }
    return { position, pluginName: explainer.name, pluginVersion: explainer.version, params: params as Prisma.InputJsonValue };
  });

  const targets = targetSpec(input.targets);
  resolveTargets(targets, new Float32Array(model.numClasses), model.classNames);

  if (input.backgroundDatasetId) {
    const size = await app.db.datasetImage.count({ where: { datasetId: input.backgroundDatasetId, dataset: { teamId } } });
    if (size === 0) throw new UserFacingError('NOT_FOUND', `background dataset '${input.backgroundDatasetId}' does not exist or is empty`, { path: ['backgroundDatasetId'] });
  }
  const batchSize = input.batchSize ?? null;
  if (batchSize !== null && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1024)) {
    throw new UserFacingError('INVALID_INPUT', 'batchSize is an integer from 1 to 1024', { path: ['batchSize'] });
  }
  const deviceClass = input.deviceClass ?? 'ANY';
  const priority = input.priority ?? 0;

  try {
    const run = await app.db.$transaction(async (tx) => {
      const created = await tx.run.create({
        data: {
          teamId,
          modelVersionId: version.id,
          targets: targets as Prisma.InputJsonValue,
          seed: input.seed ?? 0,
          batchSize,
          deviceClass,
          priority,
          backgroundDatasetId: input.backgroundDatasetId ?? null,
          idempotencyKey: input.idempotencyKey ?? null,
          progressTotal: imageIds.length * methods.length,
          methods: { create: methods },
          images: { create: imageIds.map((imageId, position) => ({ imageId, position })) },
        },
      });
      await app.queue.send(QUEUES[deviceClass], { runId: created.id }, { priority, db: prismaTransactionDb(tx) });
      return created;
    });
    await notifyRun(app.db, run.id);
    return { run, created: true };
  } catch (error) {
    // Two requests with the same key raced; the other one won.
    if (input.idempotencyKey && (error as { code?: string }).code === 'P2002') {
      const existing = await app.db.run.findUnique({ where: { teamId_idempotencyKey: { teamId, idempotencyKey: input.idempotencyKey } } });
      if (existing) return { run: existing, created: false };
    }
    throw error;
  }
}

async function teamRun(app: AppContext, teamId: string, id: string): Promise<Run> {
  const run = await app.db.run.findFirst({ where: { id, teamId } });
  if (!run) throw notFound('run', id);
  return run;
}

/**
 * A queued run is cancelled at once; a running one is asked to stop (its worker notices
 * within one batch and records CANCELLED).
 */
export async function cancelRun(app: AppContext, teamId: string, id: string): Promise<Run> {
  const run = await teamRun(app, teamId, id);
  if (FINAL_STATUSES.includes(run.status)) {
    throw new UserFacingError('CONFLICT', `run ${id} already ended (${run.status})`, { details: { status: run.status } });
  }
  const now = new Date();
  const updated = await app.db.$transaction(async (tx) => {
    const queued = await tx.run.updateMany({
      where: { id, status: 'QUEUED' },
      data: { status: 'CANCELLED', cancelRequestedAt: now, finishedAt: now, failureCode: 'CANCELLED', failureMessage: 'cancelled before it started' },
    });
    if (queued.count === 0) await tx.run.updateMany({ where: { id, status: 'RUNNING' }, data: { cancelRequestedAt: now } });
    return tx.run.findUniqueOrThrow({ where: { id } });
  });
  await notifyRun(app.db, id);
  return updated;
}

/** Queue a failed or cancelled run again; finished explanations are kept and skipped. */
export async function retryRun(app: AppContext, teamId: string, id: string): Promise<Run> {
  const run = await teamRun(app, teamId, id);
  if (run.status !== 'FAILED' && run.status !== 'CANCELLED') {
    throw new UserFacingError('CONFLICT', `only failed or cancelled runs can be retried; run ${id} is ${run.status}`, { details: { status: run.status } });
  }
  const updated = await app.db.$transaction(async (tx) => {
    const changed = await tx.run.updateMany({
      where: { id, status: { in: ['FAILED', 'CANCELLED'] } },
      data: { status: 'QUEUED', failureCode: null, failureMessage: null, cancelRequestedAt: null, finishedAt: null, startedAt: null, workerId: null },
    });
    if (changed.count === 0) throw new UserFacingError('CONFLICT', `run ${id} changed state meanwhile; try again`);
    await app.queue.send(QUEUES[run.deviceClass], { runId: id }, { priority: run.priority, db: prismaTransactionDb(tx) });
    return tx.run.findUniqueOrThrow({ where: { id } });
  });
  await notifyRun(app.db, id);
  return updated;
}

export interface RunFilter {
  status?: RunStatus[] | null;
  modelId?: string | null;
  modelVersionId?: string | null;
  method?: string | null;
}

export function runWhere(teamId: string, filter: RunFilter | null | undefined): Prisma.RunWhereInput {
  return {
    teamId,
    ...(filter?.status?.length ? { status: { in: filter.status } } : {}),
    ...(filter?.modelVersionId ? { modelVersionId: filter.modelVersionId } : {}),
    ...(filter?.modelId ? { modelVersion: { modelId: filter.modelId } } : {}),
    ...(filter?.method ? { methods: { some: { pluginName: filter.method } } } : {}),
  };
}
