'use client';

import Link from 'next/link';
import { useState } from 'react';
import { PageHeader } from '../../components/page-header.tsx';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { formatBytes, formatDateTime, formatRelative } from '../../lib/format.ts';
import { useQuery } from '../../lib/use-query.ts';
import { workersQuery } from './documents.ts';

const POLL_MS = 5000;

function capabilitiesText(capabilities: unknown): string {
  if (!capabilities || typeof capabilities !== 'object') return '';
  const c = capabilities as Record<string, unknown>;
  const plugins = Array.isArray(c['plugins']) ? `${c['plugins'].length} plugins` : '';
  const rest = Object.entries(c)
    .filter(
      ([key, value]) =>
        key !== 'plugins' &&
        (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'),
    )
    .map(([key, value]) => `${key}: ${String(value)}`);
  return [plugins, ...rest].filter(Boolean).join(' · ');
}

export function WorkersPage() {
  const [includeStopped, setIncludeStopped] = useState(false);
  const workers = useQuery(workersQuery, { includeStopped }, { pollInterval: () => POLL_MS });
  const data = workers.data;
  return (
    <>
      <PageHeader
        title="Workers"
        subtitle="Processes that compute explanations, and the queue they take runs from. Refreshes every 5 s."
      />
      {workers.error ? (
        <ErrorState error={workers.error} title="Could not load workers" retry={workers.refetch} />
      ) : null}
      {workers.loading ? <LoadingState label="Loading workers…" /> : null}
      {data ? (
        <>
          <section className="card" aria-labelledby="queue-title">
            <h2 id="queue-title">Queue</h2>
            <div className="table-wrap">
              <table aria-label="Queue depth">
                <thead>
                  <tr>
                    <th scope="col">Device class</th>
                    <th scope="col" className="num">
                      Waiting
                    </th>
                    <th scope="col" className="num">
                      Running
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.queue.map((q) => (
                    <tr key={q.deviceClass} data-queue={q.deviceClass}>
                      <td>{q.deviceClass}</td>
                      <td className="num">{q.queued}</td>
                      <td className="num">{q.active}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section className="card" aria-labelledby="workers-title">
            <div className="page-header" style={{ marginBottom: '0.5rem' }}>
              <h2 id="workers-title">Workers</h2>
              <label className="checks">
                <input
                  type="checkbox"
                  checked={includeStopped}
                  onChange={(e) => setIncludeStopped(e.target.checked)}
                />
                Include stopped workers
              </label>
            </div>
            {data.workers.length === 0 ? (
              <EmptyState title="No workers running">
                Start some with `node apps/api/src/main.ts serve --workers 1` (or
                apps/api/src/worker/main.ts).
              </EmptyState>
            ) : (
              <div className="table-wrap">
                <table aria-label="Workers">
                  <thead>
                    <tr>
                      <th scope="col">Worker</th>
                      <th scope="col">Host</th>
                      <th scope="col">Device</th>
                      <th scope="col">Backend</th>
                      <th scope="col" className="num">
                        Memory
                      </th>
                      <th scope="col">State</th>
                      <th scope="col">Heartbeat</th>
                      <th scope="col">Current run</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.workers.map((w) => (
                      <tr key={w.id} data-worker={w.id}>
                        <td>
                          <span className="mono">{w.id.slice(0, 8)}</span>
                          <div className="small muted">{capabilitiesText(w.capabilities)}</div>
                        </td>
                        <td>
                          {w.hostname} <span className="muted small">pid {w.pid}</span>
                        </td>
                        <td>{w.deviceClass}</td>
                        <td className="mono small">{w.backend}</td>
                        <td className="num">{formatBytes(w.memoryBytes)}</td>
                        <td>
                          {w.stoppedAt ? (
                            <span className="badge badge-cancelled">Stopped</span>
                          ) : w.alive ? (
                            <span className="badge badge-succeeded">Alive</span>
                          ) : (
                            <span className="badge badge-failed">No heartbeat</span>
                          )}
                          <div className="small muted">since {formatDateTime(w.startedAt)}</div>
                        </td>
                        <td title={w.heartbeatAt}>{formatRelative(w.heartbeatAt)}</td>
                        <td style={{ minWidth: '10rem' }}>
                          {w.currentRun ? (
                            <>
                              <Link href={`/runs/${w.currentRun.id}`} className="mono">
                                {w.currentRun.id.slice(0, 8)}
                              </Link>
                              <ProgressBar
                                done={w.currentRun.progress.done}
                                total={w.currentRun.progress.total}
                                status={w.currentRun.status}
                                label={`Progress of run ${w.currentRun.id.slice(0, 8)}`}
                              />
                            </>
                          ) : (
                            <span className="muted">idle</span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      ) : null}
    </>
  );
}
