'use client';

import { useId, useState } from 'react';
import type { ModelDetailQuery } from '../../generated/graphql/graphql.ts';

type Layer = NonNullable<ModelDetailQuery['model']>['versions'][number]['layers'][number];

export function LayersTable({
  layers,
  lastConvLayer,
}: {
  layers: readonly Layer[];
  lastConvLayer: string | null;
}) {
  const id = useId();
  const [filter, setFilter] = useState('');
  const [spatialOnly, setSpatialOnly] = useState(false);
  const needle = filter.trim().toLowerCase();
  const shown = layers.filter(
    (l) =>
      (!spatialOnly || l.spatial) &&
      (!needle ||
        l.name.toLowerCase().includes(needle) ||
        l.className.toLowerCase().includes(needle)),
  );
  const totalParams = layers.reduce((s, l) => s + l.params, 0);
  return (
    <div className="stack">
      <div className="toolbar">
        <div className="field">
          <label htmlFor={`${id}-filter`}>Filter layers</label>
          <input
            id={`${id}-filter`}
            type="search"
            value={filter}
            placeholder="name or class"
            onChange={(e) => setFilter(e.target.value)}
          />
        </div>
        <label className="checks">
          <input
            type="checkbox"
            checked={spatialOnly}
            onChange={(e) => setSpatialOnly(e.target.checked)}
          />
          Only spatial layers (usable by CAM methods)
        </label>
        <span className="muted small" aria-live="polite">
          {shown.length} of {layers.length} layers · {totalParams.toLocaleString('en')} parameters
        </span>
      </div>
      <div className="table-wrap" style={{ maxHeight: '32rem' }}>
        <table aria-label="Layers">
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col">Name</th>
              <th scope="col">Class</th>
              <th scope="col">Kind</th>
              <th scope="col">Output shape</th>
              <th scope="col">Spatial</th>
              <th scope="col">Activation</th>
              <th scope="col" className="num">
                Params
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((layer) => (
              <tr key={layer.name}>
                <td className="num muted">{layers.indexOf(layer) + 1}</td>
                <td className="mono">
                  {layer.name}
                  {layer.name === lastConvLayer ? <span className="chip">last conv</span> : null}
                </td>
                <td>{layer.className}</td>
                <td>{layer.kind}</td>
                <td className="mono">
                  [{(layer.outputShape ?? []).map((d) => (d === null ? 'N' : d)).join(', ')}]
                </td>
                <td>{layer.spatial ? 'yes' : ''}</td>
                <td>{layer.activation ?? ''}</td>
                <td className="num">{layer.params.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
