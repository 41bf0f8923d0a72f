import os from 'node:os';
import { parseArgs } from 'node:util';
import type { BackendName } from '@lumen/core';
import { MODEL_CASES, type ModelCaseId } from './model-cases.ts';
import type { TimeMetric } from './reference.ts';

export interface BenchOptions {
  /** Explainer names to run; undefined: every loaded one. */
  methods: string[] | undefined;
  models: ModelCaseId[];
  runs: number;
  quick: boolean;
  backend: BackendName;
  /** Plugin packages or paths; undefined: the root lumen.config.json's and every package under packages/plugins. */
  plugins: string[] | undefined;
  batchSizes: number[];
  batchSize: number | undefined;
  seed: number;
  /** Report file name (without extension) under outDir. */
  report: string;
  outDir: string | undefined;
  /** Whether tools/bench/README.md gets the figures (full runs only, by default). */
  readme: boolean;
  profile: 'failures' | 'all' | 'none';
  bracket: boolean;
  metric: TimeMetric;
  memoryBudgetBytes: number;
  /** A JSON report to render again as Markdown (and into the README), without measuring. */
  render: string | undefined;
  help: boolean;
}

export const USAGE = `Usage: node tools/bench/src/main.ts [options]   (or: npm run bench -w @lumen/bench -- [options])

Times every registered explainer on a ResNet50-shaped network (224x224) and on the demo model,
counts the model passes each explanation makes, and reports the cost ratio: explanation time /
time of the same passes at the best batch size, measured in the same run.

  --methods <a,b,...>        explainer names (default: all loaded)
  --models <resnet50,demo>   model cases (default: both)
  --runs <n>                 timed explanations per method after one warm-up (default 3; --quick: 1)
  --quick                    few evaluations per method, batch sizes 1,8,32, no bracketing or profiles
  --backend <wasm|cpu|tensorflow>   default wasm (the product default)
  --plugins <a,b,...>        plugin packages or paths (default: the root lumen.config.json's plugins
                             and every package under packages/plugins)
  --batch-sizes <1,8,...>    batch sizes of the throughput sweeps (default 1,8,16,32,64)
  --batch-size <n>           batch size of the explanations (default: the fastest measured)
  --seed <n>                 explanation seed (default 0)
  --report <name>            report file name (default: latest for a full run, else partial / quick)
  --out-dir <dir>            where reports go (default tools/bench/reports)
  --readme / --no-readme     put the table in tools/bench/README.md (default: only for 'latest')
  --profile <failures|all|none>  CPU-profile one more explanation of these methods (default failures)
  --no-bracket               use the sweep's throughput instead of re-timing around each method
  --metric <cpu|wall>        the clock that picks batch sizes and decides pass / fail (default: cpu on
                             the single-threaded wasm and cpu backends, where process CPU time equals
                             wall time on an idle machine and is not inflated by other processes;
                             wall on tensorflow, which computes on many threads)
  --memory-budget-gib <x>    largest tensor memory a batch may need (default 3 on wasm, whose heap
                             stops at 4 GiB; half the machine's memory otherwise)
  --render <report.json>     write the Markdown of an earlier JSON report again (same name, .md), and
                             the README's table if it is 'latest' (or --readme); measures nothing
  --help
`;

const list = (value: string | undefined): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--${name} must be a positive integer, got '${value}'`);
  return n;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowNegative: true,
    options: {
      methods: { type: 'string' },
      models: { type: 'string' },
      runs: { type: 'string' },
      quick: { type: 'boolean', default: false },
      backend: { type: 'string', default: 'wasm' },
      plugins: { type: 'string' },
      'batch-sizes': { type: 'string' },
      'batch-size': { type: 'string' },
      seed: { type: 'string', default: '0' },
      report: { type: 'string' },
      'out-dir': { type: 'string' },
      readme: { type: 'boolean' },
      profile: { type: 'string' },
      bracket: { type: 'boolean', default: true },
      metric: { type: 'string' },
      'memory-budget-gib': { type: 'string' },
      render: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });

  const backend = values.backend as string;
  if (!['wasm', 'cpu', 'tensorflow'].includes(backend)) {
    throw new Error(`--backend must be wasm, cpu or tensorflow, got '${backend}'`);
  }
  const models = (list(values.models) ?? [...MODEL_CASES]) as ModelCaseId[];
  for (const model of models) {
    if (!(MODEL_CASES as readonly string[]).includes(model)) {
      throw new Error(`--models: unknown model case '${model}'; use ${MODEL_CASES.join(', ')}`);
    }
  }
  const profile = values.profile ?? (values.quick ? 'none' : 'failures');
  if (!['failures', 'all', 'none'].includes(profile)) {
    throw new Error(`--profile must be failures, all or none, got '${profile}'`);
  }
  const methods = list(values.methods);
  const plugins = list(values.plugins);
  const quick = values.quick === true;
  const complete = !quick && !methods && !plugins && models.length === MODEL_CASES.length;
  const report = values.report ?? (complete ? 'latest' : quick ? 'quick' : 'partial');
  if (!/^[\w.-]+$/.test(report))
    throw new Error(`--report must be a plain file name, got '${report}'`);
  const budgetGiB =
    values['memory-budget-gib'] !== undefined
      ? Number(values['memory-budget-gib'])
      : backend === 'wasm'
        ? 3
        : os.totalmem() / 2 ** 31;
  if (!(budgetGiB > 0)) throw new Error(`--memory-budget-gib must be positive`);
  const metric = values.metric ?? (backend === 'tensorflow' ? 'wall' : 'cpu');
  if (metric !== 'cpu' && metric !== 'wall')
    throw new Error(`--metric must be cpu or wall, got '${metric}'`);

  return {
    methods,
    models,
    runs: values.runs !== undefined ? positiveInt('runs', values.runs) : quick ? 1 : 3,
    quick,
    backend: backend as BackendName,
    plugins,
    batchSizes: (
      list(values['batch-sizes']) ?? (quick ? ['1', '8', '32'] : ['1', '8', '16', '32', '64'])
    ).map((v) => positiveInt('batch-sizes', v)),
    batchSize:
      values['batch-size'] !== undefined
        ? positiveInt('batch-size', values['batch-size'])
        : undefined,
    seed: Number(values.seed),
    report,
    outDir: values['out-dir'],
    readme: values.readme ?? report === 'latest',
    profile: profile as BenchOptions['profile'],
    bracket: values.bracket !== false && !quick,
    metric,
    memoryBudgetBytes: budgetGiB * 2 ** 30,
    render: values.render,
    help: values.help === true,
  };
}
