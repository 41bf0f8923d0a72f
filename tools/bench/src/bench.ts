import path from 'node:path';
import {
  messageOf,
  runExplainer,
  tf,
  validateParams,
  type AnyExplainer,
  type ExplainerCost,
} from '@lumen/core';
import { profileCpu, summariseProfile, type ProfileSummary } from './cpu-profile.ts';
import { ModelRecorder, type ModelUsage } from './counting-model.ts';
import { loadModelCase, type ModelCase, type ModelCaseId } from './model-cases.ts';
import { FORWARD, INPUT_GRADIENT, parsePassId, passId } from './passes.ts';
import {
  remeasure,
  sweepPass,
  type CallBudget,
  type PassSweep,
  type SweepOptions,
  type Throughput,
  type TimeMetric,
} from './reference.ts';
import { methodSettings } from './settings.ts';
import { median, timed } from './stats.ts';
import {
  methodKind,
  referenceCost,
  usedBatchReference,
  verdict,
  type MethodKind,
  type Verdict,
} from './verdict.ts';

export interface BenchConfig {
  models: readonly ModelCaseId[];
  explainers: readonly { explainer: AnyExplainer; source: string }[];
  /** Timed explanations per method, at least, after the warm-up. */
  runs: number;
  /**
   * Short explanations are repeated: warm-up ones until they took warmupMs (V8 compiles the
   * plugin's code after a few calls), timed ones until they took minTimedMs; at most maxRuns each.
   */
  warmupMs: number;
  minTimedMs: number;
  maxRuns: number;
  quick: boolean;
  /** Overrides the batch size explanations run with (default: the best measured for the method's kind of pass). */
  batchSize: number | undefined;
  seed: number;
  sweep: Omit<SweepOptions, 'log' | 'metric'>;
  /** The clock that picks the best batch size and decides pass / fail. */
  metric: TimeMetric;
  /** Re-time each pass a method used just before and after it, so the machine's load drifts less between the two sides of the ratio. */
  bracket: boolean;
  profile: 'failures' | 'all' | 'none';
  root: string;
  log: (line: string) => void;
}

export interface PassReference {
  images: number;
  batchSize: number;
  msPerImage: number;
  cpuMsPerImage: number;
  /** The sweep's figure, before the method's bracket re-timing. */
  sweepMsPerImage: number;
}

export interface MethodResult {
  method: string;
  id: string;
  source: string;
  kind: MethodKind;
  params: Record<string, unknown>;
  paramsNote?: string;
  batchSize: number;
  status: 'ok' | 'error';
  error?: string;
  wallMs?: { median: number; runs: number[] };
  cpuMs?: { median: number; runs: number[] };
  usage?: ModelUsage;
  /** Whether every timed run made the same model calls. */
  usageStable?: boolean;
  declaredCost?: ExplainerCost | null;
  reference?: {
    wallMs: number;
    cpuMs: number;
    perPass: Record<string, PassReference>;
    missing: string[];
  };
  verdict?: Verdict;
  /**
   * The ratio (by the verdict's clock) split in two: batching = the same passes at the batch
   * sizes the explanation used / at the best batch size; overhead = explanation / the former.
   */
  decomposition?: { batching: number; overhead: number };
  /** Medians over the timed runs: time inside model calls (forward, and forward + backward in gradient computations) and the rest. */
  split?: { modelMs: number; ownMs: number; ownShare: number };
  profile?: ProfileSummary;
  leakedTensors?: number;
}

export interface ModelResult {
  id: ModelCaseId;
  label: string;
  note?: string;
  inputSize: [number, number];
  classes: number;
  parameters: number;
  explainedClass?: number;
  sweeps: PassSweep[];
  methods: MethodResult[];
  error?: string;
}

/** A trap inside the wasm module (WebAssembly.RuntimeError): its memory can no longer be trusted. */
/** Short explanations are profiled over repeated runs, for enough samples. */
const PROFILE_MS = 1000;

const isWasmCrash = (error: unknown): boolean =>
  error instanceof Error &&
  (error.constructor.name === 'RuntimeError' ||
    (error.cause !== undefined && isWasmCrash(error.cause)));

function topClass(model: ModelCase['model'], image: tf.Tensor3D): number {
  const scores = tf.tidy(() => model.run(tf.expandDims(image, 0) as tf.Tensor4D).output);
  const index = tf.tidy(() => tf.argMax(scores, 1));
  try {
    return index.dataSync()[0] as number;
  } finally {
    tf.dispose([scores, index]);
  }
}

function declaredCost(
  explainer: AnyExplainer,
  params: Record<string, unknown>,
  testCase: ModelCase,
): ExplainerCost | null {
  if (!explainer.cost) return null;
  try {
    return explainer.cost(validateParams(explainer.id, explainer.params, params), {
      targets: 1,
      backgroundSize: testCase.background.shape[0],
      model: testCase.model,
    });
  } catch {
    return null;
  }
}

const sameUsage = (a: ModelUsage, b: ModelUsage): boolean =>
  JSON.stringify([a.images, a.batches]) === JSON.stringify([b.images, b.batches]);

class ModelBench {
  private readonly sweeps = new Map<string, PassSweep>();
  private readonly recorder = new ModelRecorder();
  private crashed: string | undefined;
  private readonly config: BenchConfig;
  private readonly testCase: ModelCase;
  private readonly classIndex: number;

  constructor(config: BenchConfig, testCase: ModelCase) {
    this.config = config;
    this.testCase = testCase;
    this.classIndex = topClass(testCase.model, testCase.image);
  }

  async run(): Promise<ModelResult> {
    const { testCase, config } = this;
    const { model } = testCase;
    const result: ModelResult = {
      id: testCase.id,
      label: testCase.label,
      ...(testCase.note ? { note: testCase.note } : {}),
      inputSize: [model.inputSpec.height, model.inputSpec.width],
      classes: model.numClasses,
      parameters: testCase.parameters,
      explainedClass: this.classIndex,
      sweeps: [],
      methods: [],
    };
    this.recorder.install();
    try {
      for (const pass of [FORWARD, INPUT_GRADIENT]) await this.sweep(passId(pass));
      for (const { explainer, source } of config.explainers) {
        result.methods.push(await this.method(explainer, source));
      }
    } catch (error) {
      result.error = messageOf(error);
      config.log(`${testCase.id}: ${result.error}`);
    } finally {
      this.recorder.uninstall();
      result.sweeps = [...this.sweeps.values()];
    }
    return result;
  }

  private async sweep(id: string): Promise<PassSweep> {
    const known = this.sweeps.get(id);
    if (known) return known;
    const { config, testCase } = this;
    config.log(
      `${testCase.id}: throughput of ${id} at batch sizes ${config.sweep.batchSizes.join(', ')}`,
    );
    const sweep = await sweepPass(
      testCase.model,
      testCase.image,
      parsePassId(id),
      this.classIndex,
      {
        ...config.sweep,
        metric: config.metric,
        log: config.log,
      },
    );
    this.sweeps.set(id, sweep);
    return sweep;
  }

  private explain(explainer: AnyExplainer, params: Record<string, unknown>, batchSize: number) {
    const { testCase, config } = this;
    return runExplainer(explainer, {
      model: this.recorder.wrap(testCase.model),
      image: testCase.image,
      targets: 'top1',
      params,
      seed: config.seed,
      batchSize,
      ...(explainer.requires.background ? { background: testCase.background } : {}),
    });
  }

  /** Per-image time of each pass the method used: re-timed around the method, or the sweep's best. */
  private async retime(ids: readonly string[]): Promise<Record<string, Throughput>> {
    const out: Record<string, Throughput> = {};
    for (const id of ids) {
      const sweep = await this.sweep(id);
      const budget: CallBudget = { ...this.config.sweep, minCalls: 1 };
      out[id] = this.config.bracket
        ? await remeasure(this.testCase.model, this.testCase.image, sweep, this.classIndex, budget)
        : sweep.best;
    }
    return out;
  }

  private async method(explainer: AnyExplainer, source: string): Promise<MethodResult> {
    const { config, testCase } = this;
    const settings = methodSettings(explainer.name, testCase.scale, config.quick);
    const kind = methodKind(explainer);
    const mainPass = kind === 'gradient' ? passId(INPUT_GRADIENT) : passId(FORWARD);
    const batchSize = config.batchSize ?? (await this.sweep(mainPass)).best.batchSize;
    const result: MethodResult = {
      method: explainer.name,
      id: explainer.id,
      source,
      kind,
      params: settings.params,
      ...(settings.note ? { paramsNote: settings.note } : {}),
      batchSize,
      status: 'ok',
      declaredCost: declaredCost(explainer, settings.params, testCase),
    };
    if (this.crashed) {
      return {
        ...result,
        status: 'error',
        error: `not run: the backend crashed earlier (${this.crashed})`,
      };
    }
    const tensorsBefore = tf.memory().numTensors;
    const log = (line: string) => config.log(`${testCase.id} ${explainer.name}: ${line}`);
    try {
      log(`warm-up (batch size ${batchSize}, params ${JSON.stringify(settings.params)})`);
      let warmups = 0;
      let warmMs = 0;
      do {
        this.recorder.reset();
        warmMs += (await timed(() => this.explain(explainer, settings.params, batchSize))).wallMs;
        warmups++;
      } while (warmMs < config.warmupMs && warmups < config.maxRuns);
      const passIds = Object.keys(this.recorder.snapshot().images);
      log(
        `${warmups} warm-up run(s), ${(warmMs / 1000).toFixed(1)} s; passes: ${passIds.join(', ')}`,
      );
      for (const id of passIds) await this.sweep(id);

      const before = await this.retime(passIds);
      const wall: number[] = [];
      const cpu: number[] = [];
      const modelMs: number[] = [];
      const usages: ModelUsage[] = [];
      let timedMs = 0;
      while (
        wall.length < config.runs ||
        (timedMs < config.minTimedMs && wall.length < config.maxRuns)
      ) {
        this.recorder.reset();
        const { wallMs, cpuMs } = await timed(() =>
          this.explain(explainer, settings.params, batchSize),
        );
        const usage = this.recorder.snapshot();
        wall.push(wallMs);
        cpu.push(cpuMs);
        modelMs.push(usage.modelMs);
        usages.push(usage);
        timedMs += wallMs;
        if (wall.length <= config.runs) {
          log(
            `run ${wall.length}: ${(wallMs / 1000).toFixed(2)} s, cpu ${(cpuMs / 1000).toFixed(2)} s (model ${(usage.modelMs / 1000).toFixed(2)} s)`,
          );
        }
      }
      if (wall.length > config.runs) log(`${wall.length} timed runs in all`);
      const after = await this.retime(passIds);

      const usage = usages.at(-1) as ModelUsage;
      const perPass: Record<string, PassReference> = {};
      const throughput: Record<string, Throughput> = {};
      for (const id of passIds) {
        const b = before[id] as Throughput;
        const a = after[id] as Throughput;
        throughput[id] = {
          batchSize: b.batchSize,
          msPerImage: (b.msPerImage + a.msPerImage) / 2,
          cpuMsPerImage: (b.cpuMsPerImage + a.cpuMsPerImage) / 2,
        };
        perPass[id] = {
          images: usage.images[id] ?? 0,
          ...(throughput[id] as Throughput),
          sweepMsPerImage: (this.sweeps.get(id) as PassSweep).best.msPerImage,
        };
      }
      const reference = referenceCost(usage.images, throughput);
      const wallMedian = median(wall);
      const cpuMedian = median(cpu);
      const metric = config.metric;
      const atUsed = usedBatchReference(
        usage.batches,
        [...this.sweeps.values()],
        throughput,
        metric,
      );
      const best = metric === 'cpu' ? reference.cpuMs : reference.wallMs;
      const explanation = metric === 'cpu' ? cpuMedian : wallMedian;
      if (atUsed !== null && best > 0 && atUsed > 0) {
        result.decomposition = { batching: atUsed / best, overhead: explanation / atUsed };
      }
      const modelMedian = median(modelMs);
      Object.assign(result, {
        wallMs: { median: wallMedian, runs: wall },
        cpuMs: { median: cpuMedian, runs: cpu },
        usage,
        usageStable: usages.every((u) => sameUsage(u, usage)),
        reference: { ...reference, perPass },
        verdict: verdict({ wallMs: wallMedian, cpuMs: cpuMedian }, reference, kind, config.metric),
        split: {
          modelMs: modelMedian,
          ownMs: wallMedian - modelMedian,
          ownShare: (wallMedian - modelMedian) / wallMedian,
        },
      });
      const v = result.verdict as Verdict;
      log(
        `ratio ${v.wallRatio?.toFixed(3) ?? 'n/a'} wall, ${v.cpuRatio?.toFixed(3) ?? 'n/a'} cpu; target ${v.target}: ${v.pass === null ? 'n/a' : v.pass ? 'pass' : 'FAIL'}`,
      );

      if (config.profile === 'all' || (config.profile === 'failures' && v.pass === false)) {
        const { result: explanations, profile } = await profileCpu(async () => {
          const started = performance.now();
          let count = 0;
          do {
            await this.explain(explainer, settings.params, batchSize);
            count++;
          } while (performance.now() - started < PROFILE_MS && count < config.maxRuns);
          return count;
        });
        log(`profiled ${explanations} more explanation(s)`);
        result.profile = summariseProfile(profile, config.root, explanations);
      }
    } catch (error) {
      result.status = 'error';
      result.error = messageOf(error);
      log(`error: ${result.error}`);
      if (isWasmCrash(error)) this.crashed = `${explainer.name}: ${result.error}`;
    }
    result.leakedTensors = tf.memory().numTensors - tensorsBefore;
    return result;
  }
}

export async function runBench(config: BenchConfig): Promise<ModelResult[]> {
  const results: ModelResult[] = [];
  for (const id of config.models) {
    config.log(`loading model '${id}'`);
    let testCase: ModelCase;
    try {
      testCase = await loadModelCase(id);
    } catch (error) {
      results.push({
        id,
        label: id,
        inputSize: [0, 0],
        classes: 0,
        parameters: 0,
        sweeps: [],
        methods: [],
        error: messageOf(error),
      });
      continue;
    }
    try {
      results.push(await new ModelBench(config, testCase).run());
    } finally {
      testCase.dispose();
    }
  }
  return results;
}

export const repoRoot = (): string => path.resolve(import.meta.dirname, '..', '..', '..');
