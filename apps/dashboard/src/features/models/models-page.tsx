'use client';

import Link from 'next/link';
import { PageHeader } from '../../components/page-header.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { formatBytes, formatPercent, formatRelative } from '../../lib/format.ts';
import { useQuery } from '../../lib/use-query.ts';
import { modelsQuery } from './documents.ts';

export function ModelsPage() {
  const models = useQuery(modelsQuery, {});
  return (
    <>
      <PageHeader title="Models" subtitle="Uploaded classifiers and their versions." />
      {models.error ? (
        <ErrorState error={models.error} title="Could not load models" retry={models.refetch} />
      ) : null}
      {models.loading ? <LoadingState label="Loading models…" /> : null}
      {models.data && models.data.models.length === 0 ? (
        <div className="card">
          <EmptyState title="No models yet">
            Upload a TF.js model through the API (POST /v1/uploads, then createModel and
            createModelVersion), or start the API with --seed-demo.
          </EmptyState>
        </div>
      ) : null}
      {models.data?.models.map((model) => (
        <section
          key={model.id}
          className="card"
          aria-labelledby={`model-${model.id}`}
          data-model={model.name}
        >
          <div className="page-header" style={{ marginBottom: '0.5rem' }}>
            <div>
              <h2 id={`model-${model.id}`}>
                <Link href={`/models/${model.id}`}>{model.name}</Link>
              </h2>
              {model.description ? <p>{model.description}</p> : null}
            </div>
            {model.versions.length >= 2 ? (
              <Link
                className="btn"
                href={`/compare?a=${model.versions[1]?.id}&b=${model.versions[0]?.id}`}
              >
                Compare {model.versions[1]?.version} → {model.versions[0]?.version}
              </Link>
            ) : null}
          </div>
          {model.versions.length === 0 ? (
            <p className="muted">No versions uploaded yet.</p>
          ) : (
            <div className="table-wrap">
              <table aria-label={`Versions of ${model.name}`}>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Format</th>
                    <th scope="col">Input</th>
                    <th scope="col" className="num">
                      Classes
                    </th>
                    <th scope="col" className="num">
                      Accuracy
                    </th>
                    <th scope="col" className="num">
                      Size
                    </th>
                    <th scope="col">Uploaded</th>
                  </tr>
                </thead>
                <tbody>
                  {model.versions.map((version) => (
                    <tr key={version.id}>
                      <td>
                        <Link href={`/models/${model.id}?version=${version.id}`}>
                          {version.version}
                        </Link>
                      </td>
                      <td>{version.format.toLowerCase()}</td>
                      <td className="mono">
                        {version.inputSpec.height}×{version.inputSpec.width}×
                        {version.inputSpec.channels}
                      </td>
                      <td className="num">{version.classNames.length}</td>
                      <td className="num">
                        {version.accuracy === null ? (
                          <span className="muted">not recorded</span>
                        ) : (
                          formatPercent(version.accuracy, 1)
                        )}
                      </td>
                      <td className="num">{formatBytes(version.sizeBytes)}</td>
                      <td title={version.createdAt}>{formatRelative(version.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </>
  );
}
