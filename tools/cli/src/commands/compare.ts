import { LumenApi, type ApiOptions } from '../api/client.ts';
import { OPERATIONS } from '../api/operations.ts';
import { EXIT, UsageError } from '../output.ts';

interface Comparison {
  method: string;
  summary: string;
  missing: number;
  modelVersionA: { version: string; model: { name: string } };
  modelVersionB: { version: string; model: { name: string } };
  metrics: { name: string; description: string; higherIsBetter: boolean; meanA: number | null; meanB: number | null; delta: number | null; count: number }[];
  pairs: { image: { id: string; filename: string | null }; agreement: { rankCorrelation: number; topKOverlap: number } | null; metricDeltas: Record<string, number> }[];
}

const OPS = {
  '<': (a: number, b: number) => a < b,
  '<=': (a: number, b: number) => a <= b,
  '>': (a: number, b: number) => a > b,
  '>=': (a: number, b: number) => a >= b,
  '==': (a: number, b: number) => a === b,
  '!=': (a: number, b: number) => a !== b,
} as const;

export interface Gate {
  metric: string;
  field: 'a' | 'b' | 'delta' | 'mean';
  op: keyof typeof OPS;
  value: number;
  text: string;
}

/** `energyOnCue.b > 0.1`, `pointingGame.delta < 0`, `rankCorrelation.mean < 0.5`. */
export function parseGate(text: string): Gate {
  const match = /^\s*([A-Za-z][\w]*)(?:\.(a|b|delta|mean))?\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/i.exec(text);
  if (!match) throw new UsageError(`--fail-if '${text}': write <metric>[.a|.b|.delta|.mean] <op> <number>, e.g. 'energyOnCue.b > 0.1'`);
  const [, metric, field, op, value] = match as unknown as [string, string, Gate['field'] | undefined, Gate['op'], string];
  return { metric, field: field ?? (metric === 'rankCorrelation' || metric === 'topKOverlap' ? 'mean' : 'delta'), op, value: Number(value), text: text.trim() };
}

/** The value a gate reads from a comparison, or undefined if the comparison lacks it. */
export function gateValue(comparison: Comparison, gate: Gate): number | undefined {
  if (gate.metric === 'rankCorrelation' || gate.metric === 'topKOverlap') {
    const values = comparison.pairs.flatMap((p) => (p.agreement ? [p.agreement[gate.metric as 'rankCorrelation']] : []));
    return values.length ? values.reduce((s, v) => s + v, 0) / values.length : undefined;
  }
  const metric = comparison.metrics.find((m) => m.name === gate.metric);
  if (!metric) return undefined;
  const value = gate.field === 'a' ? metric.meanA : gate.field === 'b' ? metric.meanB : metric.delta;
  return value ?? undefined;
}

export async function compareCommand(
  a: string,
  b: string,
  options: ApiOptions & { method: string; dataset?: string; images?: string[]; failIf?: string[]; json?: boolean },
): Promise<number> {
  const gates = (options.failIf ?? []).map(parseGate);
  const api = new LumenApi(options);
  let datasetId: string | undefined;
  if (options.dataset) {
    const { datasets } = await api.graphql<{ datasets: { id: string; name: string }[] }>(OPERATIONS.datasets);
    datasetId = datasets.find((d) => d.id === options.dataset || d.name === options.dataset)?.id;
    if (!datasetId) throw new UsageError(`no dataset '${options.dataset}'`);
  }
  const { compare } = await api.graphql<{ compare: Comparison }>(OPERATIONS.compare, {
    a,
    b,
    method: options.method,
    ...(datasetId ? { datasetId } : {}),
    ...(options.images?.length ? { imageIds: options.images } : {}),
  });
  const results = gates.map((gate) => {
    const value = gateValue(compare, gate);
    return { gate, value, tripped: value === undefined ? undefined : OPS[gate.op](value, gate.value) };
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...compare, gates: results.map((r) => ({ gate: r.gate.text, value: r.value ?? null, tripped: r.tripped ?? null })) }, null, 2)}\n`);
  } else {
    const nameA = `${compare.modelVersionA.model.name} ${compare.modelVersionA.version}`;
    const nameB = `${compare.modelVersionB.model.name} ${compare.modelVersionB.version}`;
    const lines = [`${nameA} vs ${nameB} (${compare.method}, ${compare.pairs.length - compare.missing} image(s) compared${compare.missing ? `, ${compare.missing} missing` : ''})`, compare.summary, ''];
    lines.push(`${'metric'.padEnd(16)} ${'A'.padStart(8)} ${'B'.padStart(8)} ${'B-A'.padStart(8)}`);
    for (const m of compare.metrics) {
      const f = (v: number | null) => (v === null ? '-' : v.toFixed(3)).padStart(8);
      lines.push(`${m.name.padEnd(16)} ${f(m.meanA)} ${f(m.meanB)} ${f(m.delta)}  ${m.higherIsBetter ? '(higher is better)' : '(lower is better)'}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  let exit: number = EXIT.ok;
  for (const r of results) {
    if (r.tripped === undefined) {
      process.stderr.write(`lumen: error: --fail-if '${r.gate.text}': metric '${r.gate.metric}' is not in this comparison (available: ${compare.metrics.map((m) => m.name).join(', ')}, rankCorrelation, topKOverlap)\n`);
      exit = EXIT.failure;
    } else if (r.tripped) {
      process.stderr.write(`lumen: gate failed: ${r.gate.text} (value ${r.value?.toFixed(4)})\n`);
      if (exit === EXIT.ok) exit = EXIT.gate;
    }
  }
  return exit;
}
