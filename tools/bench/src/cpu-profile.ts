import { Session } from 'node:inspector/promises';
import path from 'node:path';

/** The parts of a V8 CPU profile (Profiler.stop) this module reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface TimeShare {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  /** Explanations profiled; the times below are per explanation. */
  explanations: number;
  totalMs: number;
  /** Self time by where the code lives: wasm kernels, tfjs JS, a core or plugin source file, GC... */
  byCategory: TimeShare[];
  /** The functions with the most self time outside TensorFlow.js (the plugin's and core's own work). */
  topOwnFunctions: TimeShare[];
}

/** Runs `work` under the V8 sampling profiler of this process. */
export async function profileCpu<T>(
  work: () => Promise<T>,
  samplingIntervalUs = 1000,
): Promise<{ result: T; profile: CpuProfile }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
    await session.post('Profiler.start');
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: await work() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    if (!outcome.ok) throw outcome.error;
    return { result: outcome.value, profile };
  } finally {
    session.disconnect();
  }
}

/** Where a function's code lives, relative to the repository. */
export function categorise(
  frame: { functionName: string; url: string },
  root: string,
): { category: string; own: boolean } {
  const { functionName, url } = frame;
  if (url.startsWith('wasm://') || /^(wasm-function|js-to-wasm|wasm-to-js)/.test(functionName)) {
    return { category: 'wasm kernels (tfjs-backend-wasm)', own: false };
  }
  if (functionName === '(garbage collector)') return { category: 'garbage collection', own: false };
  if (functionName === '(idle)') return { category: 'idle (waiting)', own: false };
  if (functionName === '(program)' || functionName === '(root)') {
    return { category: 'V8 / native (program)', own: false };
  }
  const file = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  if (file.includes('/node_modules/@tensorflow/')) {
    const pkg = /\/node_modules\/(@tensorflow\/[^/]+)\//.exec(file)?.[1] ?? '@tensorflow';
    return { category: `${pkg} (JS)`, own: false };
  }
  const relative = file.startsWith(root) ? path.relative(root, file) : file;
  if (relative.startsWith('packages/core/src/')) {
    return { category: `core: ${relative.slice('packages/core/src/'.length)}`, own: true };
  }
  const plugin = /^packages\/plugins\/([^/]+)\/(.*)$/.exec(relative);
  if (plugin) return { category: `plugin ${plugin[1]}: ${plugin[2]}`, own: true };
  if (relative.startsWith('tools/bench/')) return { category: 'benchmark harness', own: false };
  if (relative === '' || relative.startsWith('node:'))
    return { category: 'node internals', own: false };
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
  return { category: pkg ? `npm ${pkg}` : 'other', own: Boolean(pkg) };
}

function shares(ms: Map<string, number>, totalMs: number, limit: number): TimeShare[] {
  return [...ms.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, value]) => ({ name, ms: value, share: totalMs > 0 ? value / totalMs : 0 }));
}

/** Self time per category and per function, divided by the number of explanations profiled. */
export function summariseProfile(
  profile: CpuProfile,
  root: string,
  explanations = 1,
  limit = 12,
): ProfileSummary {
  const selfMs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i] is the time before sample i; it belongs to the sample before it.
  for (let i = 0; i < samples.length; i++) {
    const node = samples[i] as number;
    const ms = (deltas[i + 1] ?? 0) / 1000 / explanations;
    selfMs.set(node, (selfMs.get(node) ?? 0) + ms);
  }
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let totalMs = 0;
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    if (ms === 0) continue;
    totalMs += ms;
    const { category, own } = categorise(node.callFrame, root);
    byCategory.set(category, (byCategory.get(category) ?? 0) + ms);
    if (own) {
      const name = `${node.callFrame.functionName || '(anonymous)'} (${category.replace(/^[^:]+: /, '')}:${node.callFrame.lineNumber + 1})`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    }
  }
  return {
    explanations,
    totalMs,
    byCategory: shares(byCategory, totalMs, limit),
    topOwnFunctions: shares(byFunction, totalMs, limit),
  };
}
