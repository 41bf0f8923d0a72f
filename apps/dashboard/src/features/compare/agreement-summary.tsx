import { formatNumber } from '../../lib/format.ts';
import { MetricName, type MetricCatalog } from '../shared/metrics.tsx';

interface Agreement {
  rankCorrelation: number;
  topKOverlap: number;
  topKFraction: number;
}

export function meanAgreement(
  agreements: readonly (Agreement | null)[],
): { rankCorrelation: number; topKOverlap: number; topKFraction: number; count: number } | null {
  const present = agreements.filter((a): a is Agreement => a !== null);
  if (present.length === 0) return null;
  const mean = (pick: (a: Agreement) => number) =>
    present.reduce((s, a) => s + pick(a), 0) / present.length;
  return {
    rankCorrelation: mean((a) => a.rankCorrelation),
    topKOverlap: mean((a) => a.topKOverlap),
    topKFraction: present[0]?.topKFraction ?? 0,
    count: present.length,
  };
}

/** How much the two versions' maps agree, averaged over the images. */
export function AgreementSummary({
  agreements,
  catalog,
}: {
  agreements: readonly (Agreement | null)[];
  catalog: MetricCatalog;
}) {
  const mean = meanAgreement(agreements);
  if (!mean) return null;
  return (
    <dl className="details" aria-label="Agreement between the versions">
      <dt>
        <MetricName name="rankCorrelation" catalog={catalog} />
      </dt>
      <dd className="mono" data-agreement="rankCorrelation">
        {formatNumber(mean.rankCorrelation)}
      </dd>
      <dt>
        <MetricName name="topKOverlap" catalog={catalog} />
      </dt>
      <dd className="mono" data-agreement="topKOverlap">
        {formatNumber(mean.topKOverlap)}{' '}
        <span className="muted">(top {Math.round(mean.topKFraction * 100)}% of pixels)</span>
      </dd>
      <dt>Images paired</dt>
      <dd>{mean.count}</dd>
    </dl>
  );
}
