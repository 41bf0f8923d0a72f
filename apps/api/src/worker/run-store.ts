import type { ExplainItemResult } from '../compute/protocol.ts';
import { asBytes } from '../db/bytes.ts';
import type { Db } from '../db/client.ts';
import type { Prisma, Run } from '../generated/prisma/client.ts';
import { notifyRun } from '../services/run-events.ts';

/** Thrown when a newer attempt owns the run: this worker's writes must stop. */
export class StaleAttemptError extends Error {
  override readonly name = 'StaleAttemptError';
}

export interface Claim {
  run: Run;
  attempt: number;
}

/**
 * Database side of executing a run. Every write after the claim is fenced by the attempt
 * number: once another worker has taken the run (after this one was presumed dead), the
 * older attempt can no longer change it.
 */
export class RunStore {
  private readonly db: Db;
  private readonly workerId: string;

  constructor(db: Db, workerId: string) {
    this.db = db;
    this.workerId = workerId;
  }

  /** Take the run for a new attempt, or null if it already reached a final state. */
  async claim(runId: string): Promise<Claim | null> {
    const rows = await this.db.$queryRawUnsafe<{ attempt: number }[]>(
      `UPDATE "Run" SET status = 'RUNNING', attempt = attempt + 1, "workerId" = $2::uuid,
              "startedAt" = COALESCE("startedAt", now()), "updatedAt" = now()
        WHERE id = $1::uuid AND status IN ('QUEUED', 'RUNNING')
        RETURNING attempt`,
      runId,
      this.workerId,
    );
    const attempt = rows[0]?.attempt;
    if (attempt === undefined) return null;
    const run = await this.db.run.findUniqueOrThrow({ where: { id: runId } });
    await notifyRun(this.db, runId);
    return { run, attempt };
  }

  /** (image, method) pairs that already have explanations from an earlier attempt. */
  async finishedItems(runId: string): Promise<Set<string>> {
    const rows = await this.db.explanation.findMany({ where: { runId }, distinct: ['imageId', 'runMethodId'], select: { imageId: true, runMethodId: true } });
    return new Set(rows.map((r) => `${r.imageId}:${r.runMethodId}`));
  }

  async cancelRequested(runId: string): Promise<boolean> {
    const run = await this.db.run.findUnique({ where: { id: runId }, select: { cancelRequestedAt: true, status: true } });
    return !run || run.cancelRequestedAt !== null || run.status === 'CANCELLED';
  }

  /** Store one work item's explanations and count it done, atomically and fenced. */
  async saveItem(claim: Claim, item: { imageId: string; runMethodId: string }, result: ExplainItemResult): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const counted = await tx.$executeRawUnsafe(
        `UPDATE "Run" SET "progressDone" = "progressDone" + 1, "updatedAt" = now()
          WHERE id = $1::uuid AND attempt = $2 AND status = 'RUNNING'`,
        claim.run.id,
        claim.attempt,
      );
      if (counted === 0) throw new StaleAttemptError(`run ${claim.run.id} is no longer attempt ${claim.attempt} of this worker`);
      for (const t of result.targets) {
        await tx.explanation.create({
          data: {
            runId: claim.run.id,
            runMethodId: item.runMethodId,
            imageId: item.imageId,
            targetIndex: t.target.index,
            targetLabel: t.target.label,
            targetProbability: t.target.probability,
            targetRank: t.target.rank,
            predictions: result.predictions as Prisma.InputJsonValue,
            attribution: asBytes(t.attribution.bytes),
            shape: t.attribution.shape,
            dtype: t.attribution.dtype,
            signed: t.attribution.signed,
            attributionMin: Number.isFinite(t.attribution.min) ? t.attribution.min : 0,
            attributionMax: Number.isFinite(t.attribution.max) ? t.attribution.max : 0,
            overlayPng: asBytes(t.overlayPng),
            heatmapPng: asBytes(t.heatmapPng),
            extras: t.extras as Prisma.InputJsonValue,
            metrics: t.metrics as Prisma.InputJsonValue,
            durationMs: result.durationMs,
            backend: result.backend,
            device: result.device,
            workerId: this.workerId,
            attempt: claim.attempt,
            arrays: { create: t.arrays.map((a) => ({ key: a.key, dtype: a.dtype, shape: a.shape, bytes: asBytes(a.bytes) })) },
          },
        });
      }
    });
    await notifyRun(this.db, claim.run.id);
  }

  /** Move the run to a final state if this attempt still owns it. Returns whether it did. */
  async finish(claim: Claim, status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED', failure?: { code: string; message: string }): Promise<boolean> {
    const changed = await this.db.run.updateMany({
      where: { id: claim.run.id, attempt: claim.attempt, status: 'RUNNING' },
      data: { status, finishedAt: new Date(), failureCode: failure?.code ?? null, failureMessage: failure?.message ?? null },
    });
    await notifyRun(this.db, claim.run.id);
    return changed.count === 1;
  }

  /** Final failure decided outside an attempt (retries exhausted, worker lost): any non-final run. */
  async failIfUnfinished(runId: string, failure: { code: string; message: string }): Promise<boolean> {
    const changed = await this.db.run.updateMany({
      where: { id: runId, status: { in: ['QUEUED', 'RUNNING'] } },
      data: { status: 'FAILED', finishedAt: new Date(), failureCode: failure.code, failureMessage: failure.message },
    });
    await notifyRun(this.db, runId);
    return changed.count === 1;
  }
}
