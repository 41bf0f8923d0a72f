/**
 * The explainer cost benchmark (a script, not a test). See tools/bench/README.md.
 *   node tools/bench/src/main.ts [--quick] [--methods lime,rise] [--models resnet50,demo] ...
 */
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initBackend, tf } from '@lumen/core';
import { repoRoot, runBench } from './bench.ts';
import { parseOptions, USAGE } from './options.ts';
import { configPlugins, loadPlugins, workspacePlugins } from './plugins.ts';
import { renderMarkdown, renderSummary, spliceReadme, type BenchReport } from './report.ts';
import { TARGETS } from './verdict.ts';

const started = performance.now();
const options = parseOptions(process.argv.slice(2));
if (options.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const root = repoRoot();
const benchDir = path.join(root, 'tools', 'bench');

async function writeReadme(report: BenchReport): Promise<string> {
  const readmeFile = path.join(benchDir, 'README.md');
  const readme = existsSync(readmeFile)
    ? await fs.readFile(readmeFile, 'utf8')
    : '# @lumen/bench\n';
  await fs.writeFile(readmeFile, spliceReadme(readme, renderSummary(report)));
  return readmeFile;
}

if (options.render) {
  const jsonFile = path.resolve(options.render);
  const report = JSON.parse(await fs.readFile(jsonFile, 'utf8')) as BenchReport;
  const markdownFile = `${jsonFile.replace(/\.json$/, '')}.md`;
  await fs.writeFile(markdownFile, renderMarkdown(report));
  process.stderr.write(`wrote ${path.relative(process.cwd(), markdownFile)}\n`);
  if (options.readme || path.basename(jsonFile) === 'latest.json') {
    process.stderr.write(`updated ${path.relative(process.cwd(), await writeReadme(report))}\n`);
  }
  process.exit(0);
}
const log = (line: string): void => {
  process.stderr.write(
    `[${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}\n`,
  );
};
const loadStart = os.loadavg();

const backend = await initBackend({ prefer: options.backend, env: {}, log });
if (backend.name !== options.backend) {
  throw new Error(`asked for the ${options.backend} backend, got ${backend.name}`);
}

const specifiers = options.plugins ?? [
  ...new Set([...(await configPlugins(root)), ...(await workspacePlugins(root))]),
];
const plugins = await loadPlugins(specifiers, options.plugins ? process.cwd() : root);
for (const failure of plugins.failed) log(`plugin ${failure.source} not loaded: ${failure.error}`);
const explainers = plugins.explainers.filter(
  ({ explainer }) => !options.methods || options.methods.includes(explainer.name),
);
const unknown = (options.methods ?? []).filter(
  (m) => !explainers.some(({ explainer }) => explainer.name === m),
);
if (unknown.length > 0) {
  throw new Error(
    `--methods: no loaded plugin provides ${unknown.join(', ')}; loaded: ${plugins.explainers.map((p) => p.explainer.name).join(', ')}`,
  );
}
log(`methods: ${explainers.map(({ explainer }) => explainer.id).join(', ')}`);

const models = await runBench({
  models: options.models,
  explainers,
  runs: options.runs,
  warmupMs: options.quick ? 0 : 1000,
  minTimedMs: options.quick ? 0 : 2000,
  maxRuns: 200,
  quick: options.quick,
  batchSize: options.batchSize,
  seed: options.seed,
  sweep: {
    batchSizes: options.batchSizes,
    minMs: options.quick ? 500 : 3000,
    minCalls: options.quick ? 1 : 2,
    maxCalls: 2000,
    memoryBudgetBytes: options.memoryBudgetBytes,
    memoryHeadroom: 1.3,
  },
  metric: options.metric,
  bracket: options.bracket,
  profile: options.profile,
  root,
  log,
});

const cpus = os.cpus();
const report: BenchReport = {
  generatedAt: new Date().toISOString(),
  command: `node tools/bench/src/main.ts ${process.argv.slice(2).join(' ')}`.trim(),
  durationS: (performance.now() - started) / 1000,
  machine: {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.versions.node,
    loadAverage: { start: loadStart, end: os.loadavg() },
  },
  backend: {
    name: backend.name,
    package: backend.package,
    version: backend.version,
    tfjsCore: tf.version_core,
    ...(backend.name === 'wasm'
      ? {
          wasmSimd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
          wasmThreads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
        }
      : {}),
    gradientKernelsPatched: backend.gradientKernelsPatched,
  },
  options: { ...options, memoryBudgetGiB: options.memoryBudgetBytes / 2 ** 30 },
  plugins: {
    loaded: plugins.explainers.map(({ explainer, source }) => ({
      name: explainer.name,
      id: explainer.id,
      source,
    })),
    failed: plugins.failed,
  },
  targets: TARGETS,
  models,
};

const outDir = options.outDir ? path.resolve(options.outDir) : path.join(benchDir, 'reports');
await fs.mkdir(outDir, { recursive: true });
const jsonFile = path.join(outDir, `${options.report}.json`);
const markdownFile = path.join(outDir, `${options.report}.md`);
const replacer = (_key: string, value: unknown) =>
  typeof value === 'number' && !Number.isFinite(value) ? null : value;
await fs.writeFile(jsonFile, `${JSON.stringify(report, replacer, 2)}\n`);
await fs.writeFile(markdownFile, renderMarkdown(report));
log(
  `wrote ${path.relative(process.cwd(), markdownFile)} and ${path.relative(process.cwd(), jsonFile)}`,
);
if (options.readme) log(`updated ${path.relative(process.cwd(), await writeReadme(report))}`);
process.stdout.write(renderSummary(report) + '\n');
