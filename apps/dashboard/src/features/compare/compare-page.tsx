'use client';

import Link from 'next/link';
import { useEffect, useMemo, useRef, useState } from 'react';
import { PageHeader } from '../../components/page-header.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import type { ComparisonRunsQuery } from '../../generated/graphql/graphql.ts';
import { compareQuery, parseCompareState } from '../../lib/query-state.ts';
import { useQuery } from '../../lib/use-query.ts';
import { useUrlState } from '../../lib/use-url-state.ts';
import { ViewControls } from '../heatmaps/view-controls.tsx';
import { AgreementSummary } from './agreement-summary.tsx';
import { ComparisonPicker } from './comparison-picker.tsx';
import { ACTIVE_STATUSES, ComparisonProgress } from './comparison-progress.tsx';
import { ComputeMissing } from './compute-missing.tsx';
import { compareOptionsQuery, comparisonQuery, comparisonRunsQuery } from './documents.ts';
import { MetricDeltas } from './metric-deltas.tsx';
import { PairRow } from './pair-row.tsx';

const PAGE_SIZE = 8;
const PROGRESS_POLL_MS = 1500;
const COMPARISON_POLL_MS = 3000;

function anyActive(data: ComparisonRunsQuery): boolean {
  return [...data.runsA.edges, ...data.runsB.edges].some((e) => ACTIVE_STATUSES.has(e.node.status));
}

function CopyLink() {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  return (
    <>
      <button type="button" className="btn" onClick={copy}>
        Copy link to this comparison
      </button>
      <span role="status" className="small muted">
        {copied === 'yes'
          ? 'Link copied.'
          : copied === 'no'
            ? 'Copy the address bar: the URL holds every choice.'
            : ''}
      </span>
    </>
  );
}

export function ComparePage() {
  const [state, setState] = useUrlState(parseCompareState, compareQuery);
  const [shown, setShown] = useState(PAGE_SIZE);
  const options = useQuery(compareOptionsQuery, {});
  const ready = Boolean(state.a && state.b);
  const a = state.a ?? '';
  const b = state.b ?? '';

  const activeRef = useRef(false);
  const runs = useQuery(
    comparisonRunsQuery,
    { a, b, method: state.method },
    { skip: !ready, pollInterval: (data) => (anyActive(data) ? PROGRESS_POLL_MS : null) },
  );
  const active = runs.data ? anyActive(runs.data) : false;
  activeRef.current = active;
  const comparison = useQuery(
    comparisonQuery,
    {
      a,
      b,
      method: state.method,
      datasetId: state.datasetId,
      imageIds: state.imageIds.length ? state.imageIds : null,
    },
    { skip: !ready, pollInterval: () => (activeRef.current ? COMPARISON_POLL_MS : null) },
  );
  const refetchComparison = comparison.refetch;
  const previouslyActive = useRef<boolean | null>(null);
  useEffect(() => {
    if (previouslyActive.current !== null && previouslyActive.current !== active)
      refetchComparison();
    previouslyActive.current = active;
  }, [active, refetchComparison]);

  useEffect(() => setShown(PAGE_SIZE), [a, b, state.method, state.datasetId]);

  const catalog = options.data?.metricCatalog ?? [];
  const methodTitle =
    options.data?.plugins.find((p) => p.name === state.method)?.title ?? state.method;
  const data = comparison.data?.compare;
  const nameA = data ? data.modelVersionA.version : 'A';
  const nameB = data ? data.modelVersionB.version : 'B';
  const sameModel = data ? data.modelVersionA.model.id === data.modelVersionB.model.id : true;
  const labelA = data && !sameModel ? `${data.modelVersionA.model.name} ${nameA}` : nameA;
  const labelB = data && !sameModel ? `${data.modelVersionB.model.name} ${nameB}` : nameB;

  /** Per version: its active runs of this method, or else its latest run when that one failed or was cancelled. */
  const relevantRuns = useMemo(() => {
    if (!runs.data) return [];
    const pick = (edges: ComparisonRunsQuery['runsA']['edges'], versionName: string) => {
      const nodes = edges.map((e) => e.node);
      const live = nodes.filter((run) => ACTIVE_STATUSES.has(run.status));
      const latest = nodes[0];
      const shown = live.length
        ? live
        : latest && (latest.status === 'FAILED' || latest.status === 'CANCELLED')
          ? [latest]
          : [];
      return shown.map((run) => ({ versionName, run }));
    };
    return [...pick(runs.data.runsA.edges, labelA), ...pick(runs.data.runsB.edges, labelB)];
  }, [runs.data, labelA, labelB]);

  const missingWork = useMemo(
    () =>
      data
        ? [
            {
              versionId: a,
              versionName: labelA,
              imageIds: data.pairs.filter((p) => !p.a).map((p) => p.image.id),
            },
            {
              versionId: b,
              versionName: labelB,
              imageIds: data.pairs.filter((p) => !p.b).map((p) => p.image.id),
            },
          ]
        : [],
    [data, a, b, labelA, labelB],
  );
  const paired = data ? data.pairs.filter((p) => p.a && p.b).length : 0;
  // Runs of these versions and method only matter here while images still lack an explanation.
  const showProgress = data ? data.missing > 0 : false;

  return (
    <>
      <PageHeader
        title="Compare model versions"
        subtitle="Does version B look at better evidence than version A? Heatmaps side by side, their difference, and explanation-quality metrics."
        actions={ready ? <CopyLink /> : null}
      />
      {options.error ? (
        <ErrorState
          error={options.error}
          title="Could not load models and methods"
          retry={options.refetch}
        />
      ) : null}
      {options.loading ? <LoadingState label="Loading models and methods…" /> : null}
      {options.data ? (
        <ComparisonPicker options={options.data} state={state} onChange={setState} />
      ) : null}

      {!ready && options.data ? (
        <div className="card">
          {options.data.models.length === 0 ? (
            <EmptyState title="No models yet">
              Upload a model (two versions) through the API, or start the API with --seed-demo for
              the demo.
            </EmptyState>
          ) : (
            <EmptyState title="Pick two model versions to compare">
              Choose a baseline (A) and a candidate (B), a method, and the images. The URL keeps
              every choice, so you can share it.
            </EmptyState>
          )}
        </div>
      ) : null}

      {ready && comparison.loading ? <LoadingState label="Pairing explanations…" /> : null}
      {ready && comparison.error && !data ? (
        <ErrorState error={comparison.error} title="Could not compare" retry={comparison.refetch} />
      ) : null}

      {ready && data ? (
        <>
          <section className="card summary-card" aria-labelledby="summary-title">
            <h2 id="summary-title" className="visually-hidden">
              Summary
            </h2>
            <p className="summary" data-summary="">
              {data.summary}
            </p>
            <p className="muted small">
              {labelA} vs {labelB} · {methodTitle} · {paired} image(s) paired
              {data.missing ? ` · ${data.missing} still missing an explanation` : ''}
            </p>
          </section>

          {showProgress ? (
            <section className="card" aria-labelledby="progress-title">
              <h2 id="progress-title">
                {active ? 'Computing explanations' : 'Incomplete comparison'}
              </h2>
              <ComparisonProgress runs={relevantRuns} />
              {!active ? (
                <ComputeMissing
                  work={missingWork}
                  method={state.method}
                  methodTitle={methodTitle}
                  onQueued={runs.refetch}
                />
              ) : null}
            </section>
          ) : null}

          {data.metrics.length ? (
            <section className="card" aria-labelledby="metrics-title">
              <h2 id="metrics-title">Metric deltas</h2>
              <p className="muted small">
                Means over the images both versions explained. Hover or focus a metric for what it
                measures.
              </p>
              <MetricDeltas
                metrics={data.metrics}
                catalog={catalog}
                nameA={labelA}
                nameB={labelB}
              />
              <h3 style={{ marginTop: '1rem' }}>Agreement between the two versions</h3>
              <AgreementSummary agreements={data.pairs.map((p) => p.agreement)} catalog={catalog} />
            </section>
          ) : null}

          <section className="card" aria-labelledby="images-title">
            <div className="page-header" style={{ marginBottom: '0.5rem' }}>
              <div>
                <h2 id="images-title">Images, most disagreement first</h2>
                <p>
                  Ordered by how differently the two versions rank the pixels (1 − rank
                  correlation).
                </p>
              </div>
              <ViewControls view={state} onChange={(view) => setState({ ...state, ...view })} />
            </div>
            {data.pairs.length === 0 ? (
              <EmptyState title="No explanations to compare yet">
                Run {methodTitle} on the same images with both versions, or{' '}
                <Link href="/runs/new">start a run</Link>.
              </EmptyState>
            ) : (
              <>
                {data.pairs.slice(0, shown).map((pair, i) => (
                  <PairRow
                    key={pair.image.id}
                    pair={pair}
                    view={state}
                    catalog={catalog}
                    nameA={labelA}
                    nameB={labelB}
                    rank={i + 1}
                  />
                ))}
                <div className="pagination">
                  <span className="muted">
                    Showing {Math.min(shown, data.pairs.length)} of {data.pairs.length} images
                  </span>
                  {shown < data.pairs.length ? (
                    <button
                      type="button"
                      className="btn"
                      onClick={() => setShown(shown + PAGE_SIZE)}
                    >
                      Show {Math.min(PAGE_SIZE, data.pairs.length - shown)} more
                    </button>
                  ) : null}
                </div>
              </>
            )}
          </section>
        </>
      ) : null}
    </>
  );
}
