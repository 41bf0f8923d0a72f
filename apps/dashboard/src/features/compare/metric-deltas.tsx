import { formatDelta, formatNumber } from '../../lib/format.ts';
import type { ComparisonQuery } from '../../generated/graphql/graphql.ts';
import { MetricName, type MetricCatalog } from '../shared/metrics.tsx';

type MetricSummary = ComparisonQuery['compare']['metrics'][number];

export function verdict(metric: {
  delta: number | null;
  higherIsBetter: boolean;
}): 'better' | 'worse' | 'same' | null {
  if (metric.delta === null) return null;
  if (Math.abs(metric.delta) < 5e-4) return 'same';
  return metric.delta > 0 === metric.higherIsBetter ? 'better' : 'worse';
}

/** Per metric: the mean for A and for B over the paired images, B − A, and whether that is an improvement. */
export function MetricDeltas({
  metrics,
  catalog,
  nameA,
  nameB,
}: {
  metrics: readonly MetricSummary[];
  catalog: MetricCatalog;
  nameA: string;
  nameB: string;
}) {
  return (
    <div className="table-wrap">
      <table aria-label="Metric deltas">
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col" className="num">
              {nameA}
            </th>
            <th scope="col" className="num">
              {nameB}
            </th>
            <th scope="col" className="num">
              Δ ({nameB} − {nameA})
            </th>
            <th scope="col">Verdict for {nameB}</th>
            <th scope="col" className="num">
              Images
            </th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((metric) => {
            const v = verdict(metric);
            return (
              <tr key={metric.name} data-metric={metric.name}>
                <th scope="row">
                  <MetricName
                    name={metric.name}
                    catalog={catalog}
                    description={metric.description}
                  />
                </th>
                <td className="num mono" data-value="meanA">
                  {formatNumber(metric.meanA)}
                </td>
                <td className="num mono" data-value="meanB">
                  {formatNumber(metric.meanB)}
                </td>
                <td
                  className={`num mono ${v === 'better' ? 'delta-better' : v === 'worse' ? 'delta-worse' : ''}`}
                  data-value="delta"
                >
                  {formatDelta(metric.delta)}
                </td>
                <td>
                  {v === 'better'
                    ? '▲ better'
                    : v === 'worse'
                      ? '▼ worse'
                      : v === 'same'
                        ? '= same'
                        : '—'}
                </td>
                <td className="num">{metric.count}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
