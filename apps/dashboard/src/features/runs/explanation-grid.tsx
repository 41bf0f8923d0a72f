'use client';

import { Predictions } from '../../components/predictions.tsx';
import type { RunDetailQuery } from '../../generated/graphql/graphql.ts';
import { blobUrl } from '../../lib/blob-url.ts';
import type { ViewState } from '../../lib/query-state.ts';
import type { MetricCatalog } from '../shared/metrics.tsx';
import { ExplanationCard } from './explanation-card.tsx';
import type { RunExplanation } from './use-run-explanations.ts';

type Run = NonNullable<RunDetailQuery['run']>;

/** Images (rows) x methods x target classes (cells). */
export function ExplanationGrid({
  run,
  images,
  explanations,
  view,
  catalog,
  pending,
}: {
  run: Run;
  images: Run['images'];
  explanations: RunExplanation[];
  view: ViewState;
  catalog: MetricCatalog;
  pending: boolean;
}) {
  const byImage = new Map<string, RunExplanation[]>();
  for (const e of explanations) byImage.set(e.image.id, [...(byImage.get(e.image.id) ?? []), e]);
  const cellsPerImage = Math.max(
    1,
    run.methods.length,
    ...images.map((image) => byImage.get(image.id)?.length ?? 0),
  );
  const rowMin = `${Math.min(90, 13 + cellsPerImage * 13)}rem`;
  return (
    <div className="run-rows" style={{ ['--row-min' as string]: rowMin }}>
      {images.map((image) => {
        const list = byImage.get(image.id) ?? [];
        const predictions = list[0]?.predictions ?? [];
        const name = image.filename ?? image.id.slice(0, 8);
        return (
          <section
            key={image.id}
            className="card run-row"
            aria-label={`Image ${name}`}
            data-image={image.id}
          >
            <div>
              <img
                className="original"
                src={blobUrl(image.url)}
                alt={`Image ${name}`}
                loading="lazy"
              />
              <p className="small" style={{ margin: '0.3rem 0 0', overflowWrap: 'anywhere' }}>
                <strong>{name}</strong>
                {image.label ? <span className="muted"> · label {image.label}</span> : null}
                <span className="muted">
                  {' '}
                  · {image.width}×{image.height}
                </span>
              </p>
              {predictions.length ? (
                <>
                  <h3 className="small" style={{ margin: '0.5rem 0 0' }}>
                    Model predictions
                  </h3>
                  <Predictions predictions={predictions} />
                </>
              ) : null}
            </div>
            <div className="explanation-cells">
              {run.methods.map((method) => {
                const cells = list
                  .filter((e) => e.method.id === method.id)
                  .sort((x, y) => x.target.rank - y.target.rank);
                const title = method.plugin?.title ?? method.name;
                if (cells.length === 0) {
                  return (
                    <div key={method.id} className="explanation-card">
                      <h4>{title}</h4>
                      <div
                        className="heatmap state-overlay"
                        style={{ position: 'relative', display: 'flex' }}
                      >
                        {pending ? (
                          <>
                            <span className="spinner" aria-hidden="true" /> Waiting for a worker…
                          </>
                        ) : (
                          'No explanation'
                        )}
                      </div>
                    </div>
                  );
                }
                return cells.map((e) => (
                  <ExplanationCard
                    key={e.id}
                    explanation={e}
                    imageUrl={image.url}
                    methodTitle={title}
                    view={view}
                    catalog={catalog}
                  />
                ));
              })}
            </div>
          </section>
        );
      })}
    </div>
  );
}
