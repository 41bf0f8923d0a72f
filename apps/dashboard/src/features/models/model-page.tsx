'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useId } from 'react';
import { PageHeader } from '../../components/page-header.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { formatBytes, formatDateTime, formatPercent, formatRelative } from '../../lib/format.ts';
import { useQuery } from '../../lib/use-query.ts';
import { runListQuery } from '../runs/documents.ts';
import { modelDetailQuery } from './documents.ts';
import { LayersTable } from './layers-table.tsx';

function RecentRuns({ modelId }: { modelId: string }) {
  const runs = useQuery(runListQuery, { filter: { modelId }, first: 5, after: null });
  if (runs.error)
    return <ErrorState error={runs.error} title="Could not load runs" retry={runs.refetch} />;
  if (runs.loading || !runs.data) return <LoadingState label="Loading runs…" />;
  if (runs.data.runs.edges.length === 0)
    return <p className="muted">No runs with this model yet.</p>;
  return (
    <ul className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {runs.data.runs.edges.map(({ node }) => (
        <li key={node.id} className="row">
          <Link href={`/runs/${node.id}`} className="mono">
            {node.id.slice(0, 8)}
          </Link>
          <span>
            {node.modelVersion.version} · {node.methods.map((m) => m.name).join(', ')}
          </span>
          <StatusBadge status={node.status} />
          <span className="muted small">{formatRelative(node.createdAt)}</span>
        </li>
      ))}
    </ul>
  );
}

export function ModelPage({ id }: { id: string }) {
  const formId = useId();
  const router = useRouter();
  const search = useSearchParams();
  const detail = useQuery(modelDetailQuery, { id });
  if (detail.error && !detail.data)
    return (
      <ErrorState error={detail.error} title="Could not load the model" retry={detail.refetch} />
    );
  if (detail.loading || !detail.data) return <LoadingState label="Loading model…" />;
  const model = detail.data.model;
  if (!model) {
    return (
      <EmptyState title="No such model">
        <Link href="/models">Back to models</Link>
      </EmptyState>
    );
  }
  const version = model.versions.find((v) => v.id === search.get('version')) ?? model.versions[0];
  const index = version ? model.versions.indexOf(version) : -1;
  const previous = index >= 0 ? model.versions[index + 1] : undefined;
  return (
    <>
      <PageHeader
        title={model.name}
        subtitle={model.description || `Created ${formatDateTime(model.createdAt)}`}
        actions={
          version ? (
            <>
              {previous ? (
                <Link className="btn" href={`/compare?a=${previous.id}&b=${version.id}`}>
                  Compare with {previous.version}
                </Link>
              ) : null}
              <Link className="btn btn-primary" href={`/runs/new?version=${version.id}`}>
                New run with {version.version}
              </Link>
            </>
          ) : null
        }
      />
      {!version ? (
        <EmptyState title="This model has no versions yet" />
      ) : (
        <>
          <div className="card toolbar">
            <div className="field">
              <label htmlFor={`${formId}-version`}>Version</label>
              <select
                id={`${formId}-version`}
                value={version.id}
                onChange={(e) =>
                  router.replace(`/models/${model.id}?version=${e.target.value}`, { scroll: false })
                }
              >
                {model.versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.version} ({formatRelative(v.createdAt)})
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="grid-cards">
            <section className="card" aria-labelledby="version-title">
              <h2 id="version-title">Version {version.version}</h2>
              <dl className="details">
                <dt>Format</dt>
                <dd>{version.format === 'LAYERS' ? 'TF.js layers model' : 'TF.js graph model'}</dd>
                <dt>Accuracy</dt>
                <dd data-accuracy="">
                  {version.accuracy === null ? (
                    <span className="muted">not recorded</span>
                  ) : (
                    formatPercent(version.accuracy, 1)
                  )}
                </dd>
                <dt>Size</dt>
                <dd>{formatBytes(version.sizeBytes)}</dd>
                <dt>SHA-256</dt>
                <dd className="mono small">{version.sha256}</dd>
                <dt>Last conv layer</dt>
                <dd className="mono">{version.lastConvLayer ?? '—'}</dd>
                <dt>Uploaded</dt>
                <dd>{formatDateTime(version.createdAt)}</dd>
              </dl>
            </section>
            <section className="card" aria-labelledby="input-title">
              <h2 id="input-title">Input</h2>
              <dl className="details">
                <dt>Size</dt>
                <dd className="mono">
                  {version.inputSpec.height}×{version.inputSpec.width}×{version.inputSpec.channels}
                </dd>
                <dt>Channel order</dt>
                <dd>{version.inputSpec.channelOrder}</dd>
                <dt>Resize</dt>
                <dd>{version.inputSpec.resize}</dd>
                <dt>Preprocess</dt>
                <dd className="mono small">{JSON.stringify(version.inputSpec.preprocess)}</dd>
              </dl>
              <h3 style={{ marginTop: '0.8rem' }}>Classes ({version.classNames.length})</h3>
              <div className="chips">
                {version.classNames.slice(0, 200).map((name, i) => (
                  <span key={`${i}-${name}`} className="chip" title={`index ${i}`}>
                    {name}
                  </span>
                ))}
                {version.classNames.length > 200 ? (
                  <span className="muted small">and {version.classNames.length - 200} more</span>
                ) : null}
              </div>
            </section>
            <section className="card" aria-labelledby="runs-title">
              <h2 id="runs-title">Recent runs</h2>
              <RecentRuns modelId={model.id} />
            </section>
          </div>
          <section className="card" aria-labelledby="layers-title">
            <h2 id="layers-title">Layers</h2>
            <LayersTable layers={version.layers} lastConvLayer={version.lastConvLayer} />
          </section>
          {version.metadata && Object.keys(version.metadata as object).length ? (
            <details className="card">
              <summary>
                <strong>Metadata</strong>{' '}
                <span className="muted small">recorded with the model (its lumen.json)</span>
              </summary>
              <pre>{JSON.stringify(version.metadata, null, 2)}</pre>
            </details>
          ) : null}
        </>
      )}
    </>
  );
}
