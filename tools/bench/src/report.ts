import type { MethodResult, ModelResult } from './bench.ts';
import { describePass, parsePassId } from './passes.ts';
import { TARGETS, usedBatchReference } from './verdict.ts';

export interface BenchReport {
  generatedAt: string;
  command: string;
  durationS: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    os: string;
    node: string;
    loadAverage: { start: number[]; end: number[] };
  };
  backend: {
    name: string;
    package: string;
    version: string;
    tfjsCore: string;
    wasmSimd?: boolean;
    wasmThreads?: boolean;
    gradientKernelsPatched: boolean;
  };
  options: Record<string, unknown>;
  plugins: {
    loaded: { name: string; id: string; source: string }[];
    failed: { source: string; error: string }[];
  };
  targets: typeof TARGETS;
  models: ModelResult[];
}

const seconds = (ms: number): string =>
  ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : ms >= 10
        ? `${ms.toFixed(0)} ms`
        : `${ms.toFixed(2)} ms`;

const images = (n: number): string => `${n} image${n === 1 ? '' : 's'}`;

const ratio = (value: number | null | undefined): string =>
  value == null ? 'n/a' : value.toFixed(2);

const fixed = (ms: number): string => ms.toFixed(ms < 10 ? 2 : 0);

const escape = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function paramsText(m: MethodResult): string {
  const entries = Object.entries(m.params);
  return entries.length === 0
    ? 'defaults'
    : entries.map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ');
}

/** "201 fwd + 16 fwd+bwd": untaped images, then images that were differentiated. */
export function passesText(images: Readonly<Record<string, number>>): string {
  const parts: string[] = [];
  const forward = images['forward'] ?? 0;
  if (forward > 0) parts.push(`${forward} fwd`);
  for (const [id, count] of Object.entries(images)) {
    if (id === 'forward' || count === 0) continue;
    const pass = parsePassId(id);
    const where = pass.kind === 'layer-gradient' ? ` to ${pass.layer}` : '';
    const guided = 'relu' in pass && pass.relu === 'guided' ? ', guided' : '';
    parts.push(
      `${count} fwd+bwd${where || guided ? ` (${[where.trim(), guided.replace(', ', '')].filter(Boolean).join(', ')})` : ''}`,
    );
  }
  return parts.join(' + ') || 'none';
}

function resultText(m: MethodResult): string {
  if (m.status === 'error') return `error: ${escape(m.error ?? 'unknown')}`;
  const v = m.verdict;
  if (!v || v.pass === null) return 'n/a';
  const text = v.pass ? 'pass' : '**FAIL**';
  const other = v.metric === 'cpu' ? 'wall' : 'CPU';
  return v.disagree ? `${text} (${other}: ${v.pass ? 'fail' : 'pass'})` : text;
}

function methodRow(m: MethodResult): string {
  const declared = m.declaredCost
    ? `${m.declaredCost.forwardPasses == null || Number.isNaN(m.declaredCost.forwardPasses) ? '?' : m.declaredCost.forwardPasses} fwd / ${m.declaredCost.backwardPasses} bwd`
    : '-';
  const cells = [
    m.method,
    m.kind,
    escape(paramsText(m)),
    String(m.batchSize),
    m.wallMs && m.cpuMs ? `${seconds(m.wallMs.median)} / ${seconds(m.cpuMs.median)}` : '-',
    m.usage ? passesText(m.usage.images) + (m.usageStable === false ? ' (varies)' : '') : '-',
    declared,
    m.reference ? `${seconds(m.reference.wallMs)} / ${seconds(m.reference.cpuMs)}` : '-',
    m.split ? `${Math.round(m.split.ownShare * 100)}%` : '-',
    m.decomposition
      ? `${m.decomposition.batching.toFixed(2)} x ${m.decomposition.overhead.toFixed(2)}`
      : '-',
    ratio(m.verdict?.wallRatio),
    ratio(m.verdict?.cpuRatio),
    m.verdict ? `<= ${m.verdict.target}` : `<= ${TARGETS[m.kind]}`,
    resultText(m),
  ];
  return `| ${cells.join(' | ')} |`;
}

export function methodTable(model: ModelResult): string[] {
  const metric = model.methods.find((m) => m.verdict)?.verdict?.metric ?? 'cpu';
  return [
    `| Method | Kind | Params | Batch | Time / explanation (wall / CPU) | Model passes | Declared cost | Same passes at best batch (wall / CPU) | Outside model calls | Batching x overhead | Cost ratio, wall | Cost ratio, CPU | Target | Result (by ${metric === 'cpu' ? 'CPU' : 'wall'}) |`,
    '|---|---|---|---:|---:|---|---|---:|---:|---:|---:|---:|---|---|',
    ...model.methods.map(methodRow),
  ];
}

function throughputTable(model: ModelResult): string[] {
  const sizes = [...new Set(model.sweeps.flatMap((s) => s.points.map((p) => p.batchSize)))].sort(
    (a, b) => a - b,
  );
  return [
    `| Pass (ms per image, wall / CPU) | ${sizes.map((b) => `batch ${b}`).join(' | ')} | best |`,
    `|---|${sizes.map(() => '---:').join('|')}|---|`,
    ...model.sweeps.map((sweep) => {
      const cells = sizes.map((b) => {
        const point = sweep.points.find((p) => p.batchSize === b);
        if (!point) return '';
        if (point.msPerImage === undefined) return `skipped (~${point.predictedPeakMiB} MiB)`;
        return `${fixed(point.msPerImage)} / ${fixed(point.cpuMsPerImage ?? Number.NaN)}`;
      });
      const best = `batch ${sweep.best.batchSize}`;
      return `| ${sweep.description} | ${cells.join(' | ')} | ${best} |`;
    }),
  ];
}

function whereTimeGoes(model: ModelResult): string[] {
  const lines: string[] = [];
  for (const m of model.methods) {
    if (!m.profile && !(m.verdict?.pass === false)) continue;
    lines.push(`#### ${m.method}`, '');
    if (m.split && m.wallMs) {
      lines.push(
        `- Median explanation ${seconds(m.wallMs.median)}: ${seconds(m.split.modelMs)} in model calls (forward runs and gradient computations), ${seconds(m.split.ownMs)} (${Math.round(m.split.ownShare * 100)}%) outside them (the plugin's own work and core's handling).`,
      );
    }
    if (m.reference) {
      for (const [id, p] of Object.entries(m.reference.perPass)) {
        lines.push(
          `- ${describePass(parsePassId(id))}: ${images(p.images)} x ${fixed(p.msPerImage)} ms wall / ${fixed(p.cpuMsPerImage)} ms CPU (best batch ${p.batchSize}; the sweep had ${fixed(p.sweepMsPerImage)} ms wall) = ${seconds(p.images * p.msPerImage)} / ${seconds(p.images * p.cpuMsPerImage)}; the explanation's calls by batch size: ${JSON.stringify(m.usage?.batches[id] ?? {})}`,
        );
      }
    }
    const alone =
      m.usage && m.reference
        ? usedBatchReference(m.usage.batches, model.sweeps, m.reference.perPass, 'wall')
        : null;
    if (alone && m.split) {
      const change = m.split.modelMs / alone - 1;
      lines.push(
        `- The model calls took ${seconds(m.split.modelMs)}; the same passes timed alone at the batch sizes used take ${seconds(alone)} (${change >= 0 ? '+' : ''}${Math.round(change * 100)}%)${change > 0.1 ? ": the work between the calls slows the calls themselves (garbage collection of the plugin's per-batch arrays, caches the model's data was evicted from)" : ''}.`,
      );
    }
    if (m.profile) {
      lines.push(
        `- CPU profile of ${m.profile.explanations === 1 ? 'one more explanation' : `${m.profile.explanations} more explanations`} (${seconds(m.profile.totalMs)} sampled per explanation), self time by where the code lives: ${m.profile.byCategory
          .slice(0, 8)
          .map((c) => `${c.name} ${Math.round(c.share * 100)}%`)
          .join(', ')}.`,
      );
      if (m.profile.topOwnFunctions.length > 0) {
        lines.push(
          `- Heaviest functions outside TensorFlow.js: ${m.profile.topOwnFunctions
            .slice(0, 8)
            .map((f) => `\`${f.name}\` ${seconds(f.ms)}`)
            .join(', ')}.`,
        );
      }
    }
    lines.push('');
  }
  return lines;
}

export function renderMarkdown(report: BenchReport): string {
  const { machine, backend } = report;
  const lines: string[] = [
    `# Explainer cost benchmark`,
    '',
    `Generated ${report.generatedAt} in ${(report.durationS / 60).toFixed(1)} min by \`${report.command}\`.`,
    '',
    `- Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; load average ${machine.loadAverage.start.map((l) => l.toFixed(1)).join(' / ')} at the start, ${machine.loadAverage.end.map((l) => l.toFixed(1)).join(' / ')} at the end (1 / 5 / 15 min).`,
    `- Backend: ${backend.name} (${backend.package} ${backend.version}, tfjs-core ${backend.tfjsCore}${backend.wasmSimd !== undefined ? `, SIMD ${backend.wasmSimd ? 'on' : 'off'}, threads ${backend.wasmThreads ? 'on' : 'off'}` : ''}${backend.gradientKernelsPatched ? ", Lumen's wasm gradient kernels installed" : ''}).`,
    `- Each method: warm-up explanations (one, or as many as fit in 1 s), then ${String(report.options['runs'])} timed ones (more for explanations under a second, until 2 s of them); the median is reported. One target (the top-1 class), seed ${String(report.options['seed'])}.`,
    `- **Cost ratio** = median explanation time / time of the same passes at the best batch size, by wall clock and by process CPU time; the verdict uses ${report.options['metric'] === 'cpu' ? "CPU time: the wasm backend computes on one thread, so on an idle machine CPU time equals wall time, and on this shared machine (other sessions' jobs keep the load above the core count) it is the part of the wall time that measures the code rather than the scheduler" : 'wall time'}. The passes are counted by wrapping the model given to \`runExplainer\`: every image through \`model.run\` outside a gradient is a forward pass; one under a gradient tape is a forward + backward pass, to the input or to the layer fed. Each kind of pass is timed at batch sizes ${(report.options['batchSizes'] as number[]).join(', ')} (after a warm-up at each size) and the fastest per image is the reference${report.options['bracket'] ? "; it is re-timed at that batch size just before and just after each method, and the mean of those two is used, so that the machine's load drifts less between the two sides" : ''}.`,
    `- **Batching x overhead** splits the ratio (by the verdict's clock): batching = the same passes at the batch sizes the explanation actually used / at the best batch size (what single-image passes or small rounds cost: the method's structure); overhead = explanation / the same passes at the batch sizes used (work outside the passes: the plugin's own, core's). **Outside model calls** = share of the wall time not spent inside \`model.run\` or a gradient computation that ran the model.`,
    `- Targets: <= ${TARGETS.perturbation} for perturbation methods (LIME, SHAP, Occlusion, RISE, Score-CAM), <= ${TARGETS.gradient} for gradient methods.`,
    '',
  ];
  if (report.plugins.failed.length > 0) {
    lines.push('Plugins that could not be loaded:', '');
    for (const f of report.plugins.failed) lines.push(`- \`${f.source}\`: ${escape(f.error)}`);
    lines.push('');
  }
  for (const model of report.models) {
    lines.push(`## ${model.label}`, '');
    if (model.note) lines.push(`> ${model.note}`, '');
    lines.push(
      `${model.parameters.toLocaleString('en')} parameters, ${model.classes} classes, input ${model.inputSize.join('x')}; explained class ${model.explainedClass ?? '?'} (top-1 of a seeded demo scene).`,
      '',
    );
    if (model.error) lines.push(`**Error:** ${escape(model.error)}`, '');
    if (model.methods.length > 0) lines.push(...methodTable(model), '');
    const notes = model.methods.filter((m) => m.paramsNote || (m.leakedTensors ?? 0) !== 0);
    for (const m of notes) {
      if (m.paramsNote) lines.push(`- ${m.method}: ${m.paramsNote}.`);
      if ((m.leakedTensors ?? 0) !== 0)
        lines.push(
          `- ${m.method}: ${m.leakedTensors} tensors more after its explanations than before.`,
        );
    }
    if (notes.length > 0) lines.push('');
    if (model.sweeps.length > 0)
      lines.push('Throughput of plain passes:', '', ...throughputTable(model), '');
    const where = whereTimeGoes(model);
    if (where.length > 0) lines.push('### Where the time goes', '', ...where);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The summary tables alone, for the README. */
export function renderSummary(report: BenchReport): string {
  const { machine, backend } = report;
  const lines = [
    `Latest run: ${report.generatedAt}, \`${report.command}\`, ${(report.durationS / 60).toFixed(1)} min.`,
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, load average ${machine.loadAverage.start[0]?.toFixed(1)} at the start. Backend: ${backend.name} (${backend.package} ${backend.version}, tfjs-core ${backend.tfjsCore}${backend.wasmSimd !== undefined ? `, SIMD ${backend.wasmSimd ? 'on' : 'off'}, threads ${backend.wasmThreads ? 'on' : 'off'}` : ''}).`,
    '',
  ];
  for (const model of report.models) {
    lines.push(`**${model.label}**${model.note ? ` — ${model.note}` : ''}`, '');
    if (model.error) lines.push(`Error: ${escape(model.error)}`, '');
    if (model.methods.length > 0) lines.push(...methodTable(model), '');
  }
  return lines.join('\n').trimEnd();
}

export const README_START = '<!-- bench:latest:start -->';
export const README_END = '<!-- bench:latest:end -->';

/** Replaces the text between the README's markers (appending them if missing). */
export function spliceReadme(readme: string, summary: string): string {
  const block = `${README_START}\n${summary}\n${README_END}`;
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return `${readme.trimEnd()}\n\n${block}\n`;
  return `${readme.slice(0, start)}${block}${readme.slice(end + README_END.length)}`;
}
