'use client';

import { PageHeader } from '../../components/page-header.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import type { PluginsQuery } from '../../generated/graphql/graphql.ts';
import { useQuery } from '../../lib/use-query.ts';
import { pluginsQuery } from './documents.ts';
import { paramRows } from './param-rows.ts';

type Plugin = PluginsQuery['plugins'][number];

function Requirements({ plugin }: { plugin: Plugin }) {
  const needs = [
    plugin.requires.gradients && 'gradients',
    plugin.requires.spatialLayer && 'a spatial (conv) layer',
    plugin.requires.background && 'background images',
    plugin.requires.guidedRelu && 'guided ReLU',
  ].filter(Boolean);
  return <>{needs.length ? needs.join(', ') : 'only model outputs (black box)'}</>;
}

function PluginCard({ plugin }: { plugin: Plugin }) {
  const rows = paramRows(plugin.paramsSchema);
  return (
    <section className="card" aria-labelledby={`plugin-${plugin.name}`} data-plugin={plugin.name}>
      <h2 id={`plugin-${plugin.name}`}>
        {plugin.title} <span className="mono small muted">{plugin.id}</span>
      </h2>
      <p>{plugin.description}</p>
      <dl className="details">
        <dt>Output</dt>
        <dd>
          {plugin.output.kind === 'pixel' ? 'per pixel and channel' : 'one value per pixel'},{' '}
          {plugin.output.signed ? 'signed (for and against)' : 'unsigned'}
        </dd>
        <dt>Needs</dt>
        <dd>
          <Requirements plugin={plugin} />
        </dd>
        {plugin.reference ? (
          <>
            <dt>Reference</dt>
            <dd>
              <a href={plugin.reference.url} target="_blank" rel="noreferrer">
                {plugin.reference.title}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      <h3 style={{ marginTop: '0.8rem' }}>Parameters</h3>
      {rows.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label={`Parameters of ${plugin.title}`}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Default</th>
                <th scope="col">Allowed</th>
                <th scope="col">What it does</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.name}>
                  <td className="mono">{row.name}</td>
                  <td className="mono small">{row.type}</td>
                  <td className="mono small">{row.defaultValue}</td>
                  <td className="small">{row.constraints}</td>
                  <td className="small">{row.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <details style={{ marginTop: '0.6rem' }}>
        <summary className="small">JSON Schema</summary>
        <pre>{JSON.stringify(plugin.paramsSchema, null, 2)}</pre>
      </details>
    </section>
  );
}

export function PluginsPage() {
  const plugins = useQuery(pluginsQuery, {});
  return (
    <>
      <PageHeader
        title="Plugins"
        subtitle="The explainers registered with the API, their versions and parameters."
      />
      {plugins.error ? (
        <ErrorState error={plugins.error} title="Could not load plugins" retry={plugins.refetch} />
      ) : null}
      {plugins.loading ? <LoadingState label="Loading plugins…" /> : null}
      {plugins.data && plugins.data.plugins.length === 0 ? (
        <div className="card">
          <EmptyState title="No plugins registered">
            List plugin packages in lumen.config.json and restart the API.
          </EmptyState>
        </div>
      ) : null}
      {plugins.data ? (
        <>
          {plugins.data.plugins.length ? (
            <nav className="card" aria-label="Plugins on this page">
              <div className="chips">
                {plugins.data.plugins.map((p) => (
                  <a key={p.id} className="chip" href={`#plugin-${p.name}`}>
                    {p.title}
                  </a>
                ))}
              </div>
            </nav>
          ) : null}
          {plugins.data.plugins.map((plugin) => (
            <PluginCard key={plugin.id} plugin={plugin} />
          ))}
        </>
      ) : null}
    </>
  );
}
