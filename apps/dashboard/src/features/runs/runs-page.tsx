'use client';

import Link from 'next/link';
import { PageHeader } from '../../components/page-header.tsx';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import type { RunsQuery } from '../../generated/graphql/graphql.ts';
import { formatDuration, formatRelative } from '../../lib/format.ts';
import { parseRunsState, runsQuery, type RunsState } from '../../lib/query-state.ts';
import { useQuery } from '../../lib/use-query.ts';
import { useUrlState } from '../../lib/use-url-state.ts';
import { runFilterOptionsQuery, runListQuery } from './documents.ts';
import { RunFilters } from './run-filters.tsx';

export const PAGE_SIZE = 20;
const LIVE_POLL_MS = 1500;
const IDLE_POLL_MS = 10_000;

const isActive = (status: string) => status === 'QUEUED' || status === 'RUNNING';

function RunsTable({ runs }: { runs: RunsQuery['runs']['edges'] }) {
  return (
    <div className="table-wrap">
      <table aria-label="Runs">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Model version</th>
            <th scope="col">Methods</th>
            <th scope="col" className="num">
              Images
            </th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col">Created</th>
            <th scope="col" className="num">
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map(({ node: run }) => (
            <tr key={run.id} data-run={run.id}>
              <td>
                <Link
                  href={`/runs/${run.id}`}
                  className="mono"
                  aria-label={`Run ${run.id.slice(0, 8)}`}
                >
                  {run.id.slice(0, 8)}
                </Link>
              </td>
              <td>
                <Link href={`/models/${run.modelVersion.model.id}?version=${run.modelVersion.id}`}>
                  {run.modelVersion.model.name} {run.modelVersion.version}
                </Link>
              </td>
              <td>{run.methods.map((m) => m.name).join(', ')}</td>
              <td className="num">{run.imageCount}</td>
              <td>
                <StatusBadge status={run.status} />
                {run.failure ? (
                  <div className="small" style={{ color: 'var(--bad)', maxWidth: '18rem' }}>
                    {run.failure.message}
                  </div>
                ) : null}
              </td>
              <td style={{ minWidth: '9rem' }}>
                <ProgressBar
                  done={run.progress.done}
                  total={run.progress.total}
                  status={run.status}
                  label={`Progress of run ${run.id.slice(0, 8)}`}
                />
              </td>
              <td title={run.createdAt}>{formatRelative(run.createdAt)}</td>
              <td className="num">
                {isActive(run.status) && run.startedAt
                  ? 'running…'
                  : formatDuration(run.durationMs)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RunsPage() {
  const [state, setState] = useUrlState(parseRunsState, runsQuery, 0);
  const options = useQuery(runFilterOptionsQuery, {});
  const after = state.pages[state.pages.length - 1] ?? null;
  const filter = {
    ...(state.status.length ? { status: state.status } : {}),
    ...(state.modelId ? { modelId: state.modelId } : {}),
    ...(state.method ? { method: state.method } : {}),
  };
  const runs = useQuery(
    runListQuery,
    { filter, first: PAGE_SIZE, after },
    {
      pollInterval: (data) =>
        data.runs.edges.some((e) => isActive(e.node.status)) ? LIVE_POLL_MS : IDLE_POLL_MS,
    },
  );
  const page = (pages: string[]) => setState({ ...state, pages } satisfies RunsState);
  const data = runs.data?.runs;
  const start = state.pages.length * PAGE_SIZE;

  return (
    <>
      <PageHeader
        title="Runs"
        subtitle="Explanation runs, newest first. Progress updates live."
        actions={
          <Link className="btn btn-primary" href="/runs/new">
            New run
          </Link>
        }
      />
      <RunFilters state={state} options={options.data} onChange={setState} />
      {runs.error && !data ? (
        <ErrorState error={runs.error} title="Could not load runs" retry={runs.refetch} />
      ) : null}
      {runs.loading ? <LoadingState label="Loading runs…" /> : null}
      {data ? (
        data.edges.length === 0 ? (
          <div className="card">
            <EmptyState
              title={
                state.pages.length || Object.keys(filter).length
                  ? 'No runs match these filters'
                  : 'No runs yet'
              }
            >
              <Link href="/runs/new">Start a run</Link> to explain some images.
            </EmptyState>
          </div>
        ) : (
          <>
            <RunsTable runs={data.edges} />
            <nav className="pagination" aria-label="Pages of runs">
              <span className="muted" aria-live="polite">
                Runs {start + 1}–{start + data.edges.length} of {data.totalCount}
              </span>
              <span className="actions">
                <button
                  type="button"
                  className="btn"
                  disabled={state.pages.length === 0}
                  onClick={() => page(state.pages.slice(0, -1))}
                >
                  ← Newer
                </button>
                <button
                  type="button"
                  className="btn"
                  disabled={!data.pageInfo.hasNextPage || !data.pageInfo.endCursor}
                  onClick={() =>
                    data.pageInfo.endCursor && page([...state.pages, data.pageInfo.endCursor])
                  }
                >
                  Older →
                </button>
              </span>
            </nav>
          </>
        )
      ) : null}
    </>
  );
}
