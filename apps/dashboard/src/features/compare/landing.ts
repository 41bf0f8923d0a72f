import { compareQuery, DEFAULT_VIEW } from '../../lib/query-state.ts';

export interface LandingData {
  models: readonly {
    id: string;
    name: string;
    versions: readonly { id: string; version: string }[];
  }[];
  datasets: readonly { id: string; name: string }[];
  plugins: readonly { name: string }[];
}

export interface DemoNames {
  model: string;
  dataset: string;
  method: string;
}

export const DEMO_NAMES: DemoNames = {
  model: 'demo-shapes',
  dataset: 'demo-shapes',
  method: 'grad-cam',
};

/**
 * Where the dashboard opens: the comparison of the demo model's two latest versions (the
 * older as A, the newer as B) on the demo dataset, with the demo method; null when the demo
 * model is missing or has fewer than two versions.
 */
export function demoComparisonPath(
  data: LandingData,
  names: DemoNames = DEMO_NAMES,
): string | null {
  const model = data.models.find((m) => m.name === names.model);
  const [newest, previous] = model?.versions ?? [];
  if (!newest || !previous) return null;
  const dataset = data.datasets.find((d) => d.name === names.dataset);
  const method = data.plugins.some((p) => p.name === names.method)
    ? names.method
    : (data.plugins[0]?.name ?? names.method);
  return `/compare${compareQuery({ a: previous.id, b: newest.id, method, datasetId: dataset?.id ?? null, imageIds: [], ...DEFAULT_VIEW })}`;
}
