'use client';

import Link from 'next/link';
import { PageHeader } from '../../components/page-header.tsx';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { parseRunViewState, runViewQuery } from '../../lib/query-state.ts';
import { useQuery } from '../../lib/use-query.ts';
import { useUrlState } from '../../lib/use-url-state.ts';
import { ViewControls } from '../heatmaps/view-controls.tsx';
import { runDetailQuery } from './documents.ts';
import { ExplanationGrid } from './explanation-grid.tsx';
import { RunActions } from './run-actions.tsx';
import { RunSummary } from './run-summary.tsx';
import { useRunExplanations } from './use-run-explanations.ts';

const IMAGES_PER_PAGE = 10;
const LIVE_POLL_MS = 1500;
const isActive = (status: string | undefined) => status === 'QUEUED' || status === 'RUNNING';

export function RunPage({ id }: { id: string }) {
  const [view, setView] = useUrlState(parseRunViewState, runViewQuery);
  const detail = useQuery(
    runDetailQuery,
    { id },
    { pollInterval: (data) => (isActive(data.run?.status) ? LIVE_POLL_MS : null) },
  );
  const run = detail.data?.run;
  const { explanations, total, error: explanationsError } = useRunExplanations(id, run?.status);

  if (detail.error && !detail.data)
    return (
      <ErrorState error={detail.error} title="Could not load the run" retry={detail.refetch} />
    );
  if (detail.loading || !detail.data) return <LoadingState label="Loading run…" />;
  if (!run) {
    return (
      <EmptyState title="No such run">
        It may belong to another team or have been deleted. <Link href="/runs">Back to runs</Link>.
      </EmptyState>
    );
  }
  const catalog = detail.data.metricCatalog;
  const pages = Math.max(1, Math.ceil(run.images.length / IMAGES_PER_PAGE));
  const page = Math.min(view.page, pages);
  const images = run.images.slice((page - 1) * IMAGES_PER_PAGE, page * IMAGES_PER_PAGE);
  const active = isActive(run.status);

  return (
    <>
      <PageHeader
        title={
          <>
            Run <span className="mono">{run.id.slice(0, 8)}</span>{' '}
            <StatusBadge status={run.status} />
          </>
        }
        subtitle={`${run.modelVersion.model.name} ${run.modelVersion.version} · ${run.methods.map((m) => m.plugin?.title ?? m.name).join(', ')} · ${run.imageCount} image(s)`}
        actions={<RunActions runId={run.id} status={run.status} onChanged={detail.refetch} />}
      />
      <section className="card" aria-labelledby="progress-title">
        <h2 id="progress-title" className="visually-hidden">
          Progress
        </h2>
        <div className="row">
          <div style={{ flex: '1 1 20rem' }}>
            <ProgressBar
              done={run.progress.done}
              total={run.progress.total}
              status={run.status}
              label="Run progress"
            />
          </div>
          <span className="muted small" aria-live="polite" data-run-status={run.status}>
            {active
              ? run.status === 'QUEUED'
                ? 'Waiting for a worker…'
                : 'Explaining…'
              : `${run.status.toLowerCase()}`}{' '}
            · {total} explanation(s) stored
          </span>
        </div>
        {run.failure ? (
          <p role="alert" style={{ color: 'var(--bad)', marginBottom: 0 }}>
            <strong>{run.failure.code}</strong>: {run.failure.message}
          </p>
        ) : null}
      </section>
      <RunSummary run={run} />
      <section className="card" aria-labelledby="grid-title">
        <div className="page-header" style={{ marginBottom: '0.5rem' }}>
          <div>
            <h2 id="grid-title">Explanations</h2>
            <p>
              Each image with every method and target class. Drawn from the raw maps: change the
              colormap and opacity freely.
            </p>
          </div>
          <ViewControls view={view} onChange={(next) => setView({ ...view, ...next })} />
        </div>
        {explanationsError ? (
          <ErrorState error={explanationsError} title="Could not load the explanations" />
        ) : null}
        {run.images.length === 0 ? (
          <EmptyState title="This run has no images" />
        ) : (
          <ExplanationGrid
            run={run}
            images={images}
            explanations={explanations}
            view={view}
            catalog={catalog}
            pending={active}
          />
        )}
        {pages > 1 ? (
          <nav className="pagination" aria-label="Pages of images">
            <span className="muted">
              Images {(page - 1) * IMAGES_PER_PAGE + 1}–
              {Math.min(page * IMAGES_PER_PAGE, run.images.length)} of {run.images.length}
            </span>
            <span className="actions">
              <button
                type="button"
                className="btn"
                disabled={page <= 1}
                onClick={() => setView({ ...view, page: page - 1 })}
              >
                ← Previous
              </button>
              <span className="small">
                Page {page} of {pages}
              </span>
              <button
                type="button"
                className="btn"
                disabled={page >= pages}
                onClick={() => setView({ ...view, page: page + 1 })}
              >
                Next →
              </button>
            </span>
          </nav>
        ) : null}
      </section>
    </>
  );
}
