'use client';

import { useCallback, useState } from 'react';
import { blobUrl } from '../../lib/blob-url.ts';
import { formatDelta, formatNumber, formatPercent } from '../../lib/format.ts';
import type { DifferenceMap } from '../../lib/maps.ts';
import type { ViewState } from '../../lib/query-state.ts';
import type { ComparisonQuery } from '../../generated/graphql/graphql.ts';
import { ColormapLegend } from '../heatmaps/colormap-legend.tsx';
import { DifferenceCanvas } from '../heatmaps/difference-canvas.tsx';
import { HeatmapCanvas } from '../heatmaps/heatmap-canvas.tsx';
import { MetricName, orderedMetrics, type MetricCatalog } from '../shared/metrics.tsx';

type Pair = ComparisonQuery['compare']['pairs'][number];
type Side = NonNullable<Pair['a']>;

function SideFigure({
  side,
  imageUrl,
  view,
  versionName,
}: {
  side: Side | null;
  imageUrl: string;
  view: ViewState;
  versionName: string;
}) {
  if (!side) {
    return (
      <figure>
        <div className="heatmap state-overlay" style={{ position: 'relative', display: 'flex' }}>
          Not explained yet
        </div>
        <figcaption>{versionName}</figcaption>
      </figure>
    );
  }
  const signed = side.attribution.signed;
  return (
    <figure>
      <HeatmapCanvas
        npyUrl={side.attribution.npyUrl}
        signed={signed}
        imageUrl={imageUrl}
        colormap={signed ? view.divergingColormap : view.colormap}
        opacity={view.opacity}
        label={`${versionName} heatmap for ${side.target.label}`}
      />
      <figcaption>
        <strong>{versionName}</strong>: {side.target.label} (
        {formatPercent(side.target.probability, 1)})
      </figcaption>
    </figure>
  );
}

/** One image: the original, each version's heatmap, their difference, and the per-image numbers. */
export function PairRow({
  pair,
  view,
  catalog,
  nameA,
  nameB,
  rank,
}: {
  pair: Pair;
  view: ViewState;
  catalog: MetricCatalog;
  nameA: string;
  nameB: string;
  rank: number;
}) {
  const [difference, setDifference] = useState<DifferenceMap | null>(null);
  const onComputed = useCallback((diff: DifferenceMap) => setDifference(diff), []);
  const title = pair.image.filename ?? pair.image.id;
  const deltas = orderedMetrics(pair.metricDeltas, catalog);
  return (
    <article className="card" aria-labelledby={`pair-${pair.image.id}`} data-pair={pair.image.id}>
      <h3 id={`pair-${pair.image.id}`}>
        <span className="muted">#{rank}</span> {title}{' '}
        {pair.image.label ? <span className="chip">label: {pair.image.label}</span> : null}
      </h3>
      <div className="pair">
        <figure>
          <img
            className="original"
            src={blobUrl(pair.image.url)}
            alt={`Image ${title}`}
            loading="lazy"
          />
          <figcaption>Image</figcaption>
        </figure>
        <SideFigure side={pair.a} imageUrl={pair.image.url} view={view} versionName={nameA} />
        <SideFigure side={pair.b} imageUrl={pair.image.url} view={view} versionName={nameB} />
        <figure>
          {pair.a && pair.b ? (
            <DifferenceCanvas
              a={{ npyUrl: pair.a.attribution.npyUrl, signed: pair.a.attribution.signed }}
              b={{ npyUrl: pair.b.attribution.npyUrl, signed: pair.b.attribution.signed }}
              colormap={view.divergingColormap}
              label={`Difference map, ${nameB} minus ${nameA}`}
              onComputed={onComputed}
            />
          ) : (
            <div
              className="heatmap state-overlay"
              style={{ position: 'relative', display: 'flex' }}
            >
              Needs both maps
            </div>
          )}
          <figcaption>
            <ColormapLegend
              colormap={view.divergingColormap}
              low={`${nameA} more`}
              middle="same"
              high={`${nameB} more`}
            />
            Difference of normalised maps
            {difference ? <> · mean |Δ| {formatNumber(difference.meanAbs, 2)}</> : null}
          </figcaption>
        </figure>
        <div className="pair-stats">
          {pair.agreement ? (
            <dl className="details">
              <dt>
                <MetricName name="rankCorrelation" catalog={catalog} />
              </dt>
              <dd className="mono">{formatNumber(pair.agreement.rankCorrelation)}</dd>
              <dt>
                <MetricName name="topKOverlap" catalog={catalog} />
              </dt>
              <dd className="mono">{formatNumber(pair.agreement.topKOverlap)}</dd>
            </dl>
          ) : (
            <p className="muted">No agreement yet: one side is missing.</p>
          )}
          {deltas.length ? (
            <table aria-label={`Metric deltas for ${title}`}>
              <thead>
                <tr>
                  <th scope="col">Metric</th>
                  <th scope="col" className="num">
                    Δ
                  </th>
                </tr>
              </thead>
              <tbody>
                {deltas.map((d) => (
                  <tr key={d.name}>
                    <td>
                      <MetricName name={d.name} catalog={catalog} />
                    </td>
                    <td className="num mono">{formatDelta(d.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      </div>
    </article>
  );
}
