import Link from 'next/link';
import type { RunDetailQuery } from '../../generated/graphql/graphql.ts';
import { formatDateTime, formatDuration } from '../../lib/format.ts';

type Run = NonNullable<RunDetailQuery['run']>;

function targetsText(targets: unknown): string {
  if (typeof targets === 'string')
    return targets === 'top1'
      ? 'top class'
      : targets.startsWith('top')
        ? `top ${targets.slice(3)} classes`
        : targets;
  if (typeof targets === 'number') return `class #${targets}`;
  if (Array.isArray(targets)) return targets.map((t) => String(t)).join(', ');
  return JSON.stringify(targets);
}

export function RunSummary({ run }: { run: Run }) {
  return (
    <div className="grid-cards">
      <dl className="details card" aria-label="Run details">
        <dt>Model</dt>
        <dd>
          <Link href={`/models/${run.modelVersion.model.id}?version=${run.modelVersion.id}`}>
            {run.modelVersion.model.name} {run.modelVersion.version}
          </Link>
        </dd>
        <dt>Images</dt>
        <dd>{run.imageCount}</dd>
        <dt>Targets</dt>
        <dd>{targetsText(run.targets)}</dd>
        <dt>Seed</dt>
        <dd className="mono">{run.seed}</dd>
        <dt>Batch size</dt>
        <dd>{run.batchSize ?? 'default'}</dd>
        <dt>Device</dt>
        <dd>
          {run.deviceClass}
          {run.worker ? ` · worker ${run.worker.hostname} (${run.worker.backend})` : ''}
        </dd>
        {run.background ? (
          <>
            <dt>Background</dt>
            <dd>{run.background.name}</dd>
          </>
        ) : null}
        <dt>Created</dt>
        <dd>{formatDateTime(run.createdAt)}</dd>
        <dt>Started</dt>
        <dd>{formatDateTime(run.startedAt)}</dd>
        <dt>Finished</dt>
        <dd>{formatDateTime(run.finishedAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(run.durationMs)}</dd>
        {run.attempt > 1 ? (
          <>
            <dt>Attempts</dt>
            <dd>{run.attempt}</dd>
          </>
        ) : null}
      </dl>
      <div className="card">
        <h2>Methods</h2>
        {run.methods.map((method) => (
          <details key={method.id}>
            <summary>
              <strong>{method.plugin?.title ?? method.name}</strong>{' '}
              <span className="muted mono small">
                {method.name}@{method.version}
              </span>
              {method.plugin ? (
                <span className="chip">{method.plugin.output.signed ? 'signed' : 'unsigned'}</span>
              ) : null}
            </summary>
            <pre aria-label={`Parameters of ${method.name}`}>
              {JSON.stringify(method.params, null, 2)}
            </pre>
          </details>
        ))}
      </div>
    </div>
  );
}
