import { formatPercent } from '../lib/format.ts';

export function Predictions({
  predictions,
  limit = 5,
}: {
  predictions: readonly { index: number; label: string; probability: number }[];
  limit?: number;
}) {
  return (
    <ol className="predictions" aria-label="Top predictions">
      {predictions.slice(0, limit).map((p) => (
        <li key={p.index}>
          <span>{p.label}</span>
          <span className="mono">{formatPercent(p.probability, 1)}</span>
          <span className="bar" aria-hidden="true">
            <span style={{ width: `${Math.max(0, Math.min(1, p.probability)) * 100}%` }} />
          </span>
        </li>
      ))}
    </ol>
  );
}
