import { Hint } from '../../components/hint.tsx';

export interface MetricInfo {
  name: string;
  title: string;
  description: string;
  higherIsBetter: boolean;
  pairwise: boolean;
}

export type MetricCatalog = readonly MetricInfo[];

export function metricInfo(catalog: MetricCatalog, name: string): MetricInfo | undefined {
  return catalog.find((m) => m.name === name);
}

/** An explanation's numeric metrics, in the catalog's order (unknown names last, alphabetically). */
export function orderedMetrics(
  metrics: unknown,
  catalog: MetricCatalog,
): { name: string; value: number }[] {
  if (!metrics || typeof metrics !== 'object') return [];
  const entries = Object.entries(metrics as Record<string, unknown>).filter(
    (e): e is [string, number] => typeof e[1] === 'number',
  );
  const rank = (name: string) => {
    const i = catalog.findIndex((m) => m.name === name);
    return i === -1 ? catalog.length : i;
  };
  return entries
    .sort((x, y) => rank(x[0]) - rank(y[0]) || x[0].localeCompare(y[0]))
    .map(([name, value]) => ({ name, value }));
}

/** A metric's title, with its description on hover and focus. */
export function MetricName({
  name,
  catalog,
  description,
}: {
  name: string;
  catalog: MetricCatalog;
  description?: string;
}) {
  const info = metricInfo(catalog, name);
  const text = description ?? info?.description;
  const title = info?.title ?? name;
  if (!text) return <span>{title}</span>;
  const direction = info ? (info.higherIsBetter ? ' Higher is better.' : ' Lower is better.') : '';
  return (
    <Hint label={title}>
      {text}
      {text.toLowerCase().includes('is better') ? '' : direction}
    </Hint>
  );
}
