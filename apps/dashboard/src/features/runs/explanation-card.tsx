'use client';

import { useState } from 'react';
import { blobUrl } from '../../lib/blob-url.ts';
import { formatDuration, formatNumber, formatPercent, formatValue } from '../../lib/format.ts';
import type { ViewState } from '../../lib/query-state.ts';
import { HeatmapCanvas } from '../heatmaps/heatmap-canvas.tsx';
import { LimeViewCanvas, superpixelExtras } from '../heatmaps/lime-view-canvas.tsx';
import { MetricName, orderedMetrics, type MetricCatalog } from '../shared/metrics.tsx';
import type { RunExplanation } from './use-run-explanations.ts';

/** One image x method x target: the heatmap over the image (or LIME's superpixels), and its metrics. */
export function ExplanationCard({
  explanation,
  imageUrl,
  methodTitle,
  view,
  catalog,
}: {
  explanation: RunExplanation;
  imageUrl: string;
  methodTitle: string;
  view: ViewState;
  catalog: MetricCatalog;
}) {
  const superpixels = superpixelExtras(explanation.extras);
  const [showSuperpixels, setShowSuperpixels] = useState(false);
  const { attribution, target } = explanation;
  const [height = 0, width = 0] = attribution.shape;
  const metrics = orderedMetrics(explanation.metrics, catalog);
  const title = `${methodTitle}, ${target.label}`;
  return (
    <article className="explanation-card" data-explanation={explanation.id}>
      <h4>
        {methodTitle} <span className="muted">· {target.label}</span>{' '}
        <span
          className="chip"
          title={`Rank ${target.rank} prediction, probability ${formatPercent(target.probability, 1)}`}
        >
          #{target.rank} {formatPercent(target.probability, 1)}
        </span>
      </h4>
      {superpixels && showSuperpixels ? (
        <LimeViewCanvas
          imageUrl={imageUrl}
          extras={superpixels}
          width={width}
          height={height}
          label={`LIME superpixels for ${title}`}
        />
      ) : (
        <HeatmapCanvas
          npyUrl={attribution.npyUrl}
          signed={attribution.signed}
          imageUrl={imageUrl}
          colormap={attribution.signed ? view.divergingColormap : view.colormap}
          opacity={view.opacity}
          label={`Heatmap: ${title}`}
        />
      )}
      {superpixels ? (
        <button
          type="button"
          className="btn small"
          style={{ marginTop: '0.4rem' }}
          aria-pressed={showSuperpixels}
          onClick={() => setShowSuperpixels(!showSuperpixels)}
        >
          {showSuperpixels ? 'Show heatmap' : 'Show superpixels'}
        </button>
      ) : null}
      {attribution.min === attribution.max ? (
        <p className="small" role="note" style={{ margin: '0.35rem 0 0', color: 'var(--warn)' }}>
          Flat map: the method found no evidence for this class (every value is{' '}
          {formatValue(attribution.min)}).
        </p>
      ) : null}
      <p className="small muted" style={{ margin: '0.35rem 0 0' }}>
        {attribution.signed ? 'Signed' : 'Unsigned'} map {attribution.shape.join('×')}, range{' '}
        {formatValue(attribution.min)} … {formatValue(attribution.max)}
      </p>
      {metrics.length ? (
        <ul className="metric-list" aria-label="Metrics">
          {metrics.map((m) => (
            <li key={m.name}>
              <MetricName name={m.name} catalog={catalog} />
              <span className="mono">{formatNumber(m.value)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="small muted" style={{ margin: '0.35rem 0 0' }}>
        {formatDuration(explanation.durationMs)} on {explanation.backend} ({explanation.device}) ·{' '}
        <a href={blobUrl(explanation.overlayUrl)} target="_blank" rel="noreferrer">
          overlay PNG
        </a>{' '}
        ·{' '}
        <a href={blobUrl(attribution.npyUrl)} download>
          raw .npy
        </a>
      </p>
    </article>
  );
}
