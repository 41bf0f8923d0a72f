'use client';

import Link from 'next/link';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import type { RunProgressFieldsFragment } from '../../generated/graphql/graphql.ts';

export const ACTIVE_STATUSES = new Set(['QUEUED', 'RUNNING']);

/** The runs computing this comparison's explanations, with live progress. */
export function ComparisonProgress({
  runs,
}: {
  runs: { versionName: string; run: RunProgressFieldsFragment }[];
}) {
  if (runs.length === 0) return null;
  return (
    <ul className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-live="polite">
      {runs.map(({ versionName, run }) => (
        <li key={run.id} className="row" data-run-progress={run.id}>
          <strong style={{ minWidth: '4rem' }}>{versionName}</strong>
          <StatusBadge status={run.status} />
          <div style={{ flex: '1 1 12rem' }}>
            <ProgressBar
              done={run.progress.done}
              total={run.progress.total}
              status={run.status}
              label={`Progress of the ${versionName} run`}
            />
          </div>
          <Link href={`/runs/${run.id}`}>Open run</Link>
          {run.failure ? (
            <span className="small" style={{ color: 'var(--bad)' }}>
              {run.failure.message}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
