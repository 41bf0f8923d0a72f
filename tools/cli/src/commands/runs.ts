import { LumenApi, type ApiOptions } from '../api/client.ts';
import { OPERATIONS } from '../api/operations.ts';
import { EXIT, UsageError } from '../output.ts';
import { progressBar } from '../progress.ts';

interface RunStatus {
  id: string;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  progress: { done: number; total: number; fraction: number };
  failure: { code: string; message: string } | null;
}

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** `--method grad-cam` or `--method 'lime:{"numSamples":500}'`. */
export function parseMethod(spec: string): { name: string; params?: unknown } {
  const colon = spec.indexOf(':');
  if (colon < 0) return { name: spec };
  const name = spec.slice(0, colon);
  try {
    return { name, params: JSON.parse(spec.slice(colon + 1)) };
  } catch {
    throw new UsageError(`--method ${spec}: the params after ':' must be JSON, e.g. lime:'{"numSamples":500}'`);
  }
}

export interface CreateRunOptions extends ApiOptions {
  modelVersion: string;
  dataset?: string;
  images?: string[];
  method: string[];
  targets: string;
  seed: string;
  batchSize?: string;
  device?: string;
  priority?: string;
  background?: string;
  idempotencyKey?: string;
  wait?: boolean;
  json?: boolean;
}

async function datasetId(api: LumenApi, nameOrId: string): Promise<string> {
  const { datasets } = await api.graphql<{ datasets: { id: string; name: string }[] }>(OPERATIONS.datasets);
  const found = datasets.find((d) => d.id === nameOrId || d.name === nameOrId);
  if (!found) throw new UsageError(`no dataset '${nameOrId}'; datasets: ${datasets.map((d) => d.name).join(', ') || 'none'}`);
  return found.id;
}

export async function createRunCommand(options: CreateRunOptions): Promise<number> {
  const api = new LumenApi(options);
  if (!options.dataset && !options.images?.length) throw new UsageError('give --dataset NAME|ID or --images ID...');
  const targets = /^\d+$/.test(options.targets) ? Number(options.targets) : options.targets.includes(',') ? options.targets.split(',') : options.targets;
  const input = {
    modelVersionId: options.modelVersion,
    ...(options.dataset ? { datasetId: await datasetId(api, options.dataset) } : {}),
    ...(options.images?.length ? { imageIds: options.images } : {}),
    methods: options.method.map(parseMethod),
    targets,
    seed: Number(options.seed),
    ...(options.batchSize ? { batchSize: Number(options.batchSize) } : {}),
    ...(options.device ? { deviceClass: options.device.toUpperCase() } : {}),
    ...(options.priority ? { priority: Number(options.priority) } : {}),
    ...(options.background ? { backgroundDatasetId: await datasetId(api, options.background) } : {}),
    ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
  };
  const result = await api.graphql<{ createRun: { run: RunStatus | null; created: boolean; error: { code: string; message: string } | null } }>(OPERATIONS.createRun, { input });
  const { run, created } = LumenApi.unwrap(result.createRun);
  if (!run) return EXIT.failure;
  if (options.json && !options.wait) process.stdout.write(`${JSON.stringify({ ...run, created })}\n`);
  else if (!options.wait) process.stdout.write(`${run.id}\n`);
  if (!created) process.stderr.write(`run ${run.id} already existed for this idempotency key\n`);
  return options.wait ? waitRunCommand(run.id, options) : EXIT.ok;
}

/** Poll a run until it ends, with a progress bar; exit 0 only if it SUCCEEDED. */
export async function waitRunCommand(id: string, options: ApiOptions & { timeout?: string; json?: boolean; quiet?: boolean }): Promise<number> {
  const api = new LumenApi(options);
  const deadline = options.timeout ? Date.now() + Number(options.timeout) * 1000 : Infinity;
  const bar = progressBar(`run ${id.slice(0, 8)}`, !options.quiet && process.stderr.isTTY === true);
  const started = Date.now();
  try {
    for (;;) {
      const { run } = await api.graphql<{ run: RunStatus | null }>(OPERATIONS.runStatus, { id });
      if (!run) throw new UsageError(`no run '${id}' for this team`);
      bar.update({ explainer: '', stage: run.status.toLowerCase(), done: run.progress.done, total: run.progress.total, fraction: run.progress.fraction, elapsedMs: Date.now() - started });
      if (FINAL.has(run.status)) {
        bar.stop();
        if (options.json) process.stdout.write(`${JSON.stringify(run)}\n`);
        else process.stderr.write(`run ${id}: ${run.status}${run.failure ? ` [${run.failure.code}] ${run.failure.message}` : ''} (${run.progress.done}/${run.progress.total})\n`);
        return run.status === 'SUCCEEDED' ? EXIT.ok : EXIT.failure;
      }
      if (Date.now() > deadline) {
        bar.stop();
        process.stderr.write(`lumen: error: run ${id} still ${run.status} after ${options.timeout}s\n`);
        return EXIT.failure;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    bar.stop();
  }
}

export async function showRunCommand(id: string, options: ApiOptions & { json?: boolean }): Promise<void> {
  const api = new LumenApi(options);
  const { run } = await api.graphql<{ run: Record<string, unknown> | null }>(OPERATIONS.run, { id });
  if (!run) throw new UsageError(`no run '${id}' for this team`);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
    return;
  }
  const r = run as unknown as {
    id: string; status: string; attempt: number; durationMs: number | null; progress: { done: number; total: number };
    failure: { code: string; message: string } | null; modelVersion: { version: string; model: { name: string } };
    methods: { name: string; version: string }[]; imageCount: number; targets: unknown;
    explanations: { totalCount: number; edges: { node: { image: { filename: string | null; id: string }; method: { name: string }; target: { label: string; probability: number }; metrics: Record<string, number> } }[] };
  };
  const lines = [
    `run ${r.id}: ${r.status}${r.failure ? ` [${r.failure.code}] ${r.failure.message}` : ''}`,
    `model ${r.modelVersion.model.name} ${r.modelVersion.version}; ${r.imageCount} image(s) x ${r.methods.map((m) => `${m.name}@${m.version}`).join(', ')}; targets ${JSON.stringify(r.targets)}`,
    `progress ${r.progress.done}/${r.progress.total}; attempt ${r.attempt}${r.durationMs !== null ? `; ${(r.durationMs / 1000).toFixed(1)} s` : ''}; ${r.explanations.totalCount} explanation(s)`,
  ];
  for (const { node } of r.explanations.edges.slice(0, 20)) {
    const metrics = Object.entries(node.metrics).map(([k, v]) => `${k}=${Number(v).toFixed(3)}`).join(' ');
    lines.push(`  ${node.image.filename ?? node.image.id}  ${node.method.name}  ${node.target.label} (p=${node.target.probability.toFixed(3)})  ${metrics}`);
  }
  if (r.explanations.edges.length > 20) lines.push(`  ... ${r.explanations.edges.length - 20} more (use --json)`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
