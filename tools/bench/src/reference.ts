import { targetGradients, tf, type ClassifierModel } from '@lumen/core';
import { describePass, passId, type PassSpec } from './passes.ts';
import { timed } from './stats.ts';

/** One batch size of a throughput sweep. */
export interface ThroughputPoint {
  batchSize: number;
  /** Per image, over all timed calls. */
  msPerImage?: number;
  cpuMsPerImage?: number;
  calls?: number;
  /** Predicted peak of tensor memory (all tensors, weights included) at this batch size. */
  predictedPeakMiB?: number;
  /** Why this batch size was not measured. */
  skipped?: string;
}

export interface Throughput {
  batchSize: number;
  msPerImage: number;
  cpuMsPerImage: number;
}

export interface PassSweep {
  id: string;
  pass: PassSpec;
  description: string;
  points: ThroughputPoint[];
  best: Throughput;
}

/** Which clock decides: wall time, or the process's CPU time (which other processes on a shared machine disturb less). */
export type TimeMetric = 'wall' | 'cpu';

export interface CallBudget {
  /** Calls are repeated until they have taken this long in all (and at least minCalls, at most maxCalls). */
  minMs: number;
  minCalls: number;
  maxCalls: number;
}

export interface SweepOptions extends CallBudget {
  batchSizes: readonly number[];
  metric: TimeMetric;
  /** Largest peak of tensor memory a batch size may need (wasm's heap stops at 4 GiB). */
  memoryBudgetBytes: number;
  /** Predicted peaks are multiplied by this before the budget check (scratch buffers, fragmentation). */
  memoryHeadroom: number;
  log: (line: string) => void;
}

/** One pass over a fixed batch, ready to be repeated and timed; the result is read back like ctx.predict does. */
interface PreparedPass {
  run(): void;
  dispose(): void;
  /** Bytes held by the prepared inputs. */
  inputBytes: number;
}

const bytesOf = (tensors: readonly tf.Tensor[]): number =>
  tensors.reduce((sum, t) => sum + t.size * 4, 0);

function oneHotRows(classIndex: number, rows: number, classes: number): tf.Tensor2D {
  return tf.tidy(
    () =>
      tf.cast(
        tf.oneHot(tf.tensor1d(new Array<number>(rows).fill(classIndex), 'int32'), classes),
        'float32',
      ) as tf.Tensor2D,
  );
}

export function preparePass(
  model: ClassifierModel,
  image: tf.Tensor3D,
  pass: PassSpec,
  classIndex: number,
  batch: number,
): PreparedPass {
  const images = tf.tidy(() => tf.tile(tf.expandDims(image, 0), [batch, 1, 1, 1]) as tf.Tensor4D);
  switch (pass.kind) {
    case 'forward':
      return {
        inputBytes: bytesOf([images]),
        run: () => {
          const output = tf.tidy(() => model.run(images).output);
          output.dataSync();
          output.dispose();
        },
        dispose: () => images.dispose(),
      };
    case 'input-gradient':
      return {
        inputBytes: bytesOf([images]),
        run: () => {
          const { gradients, outputs } = targetGradients(model, images, classIndex, {
            relu: pass.relu,
          });
          gradients.dataSync();
          tf.dispose([gradients, outputs]);
        },
        dispose: () => images.dispose(),
      };
    case 'layer-gradient': {
      const { layer, relu } = pass;
      // What targetGradients does after capturing the layer: a run with the layer fed, differentiated.
      const activations = tf.tidy(
        () => model.run(images, { capture: [layer] }).captured[layer] as tf.Tensor,
      );
      const mask = oneHotRows(classIndex, batch, model.numClasses);
      return {
        inputBytes: bytesOf([images, activations, mask]),
        run: () => {
          const gradients = tf.tidy(() =>
            tf.grad((a: tf.Tensor) =>
              tf.sum(tf.mul(model.run(images, { feed: { [layer]: a }, relu }).output, mask)),
            )(activations),
          );
          gradients.dataSync();
          gradients.dispose();
        },
        dispose: () => tf.dispose([images, activations, mask]),
      };
    }
  }
}

/** Extra tensor bytes one run of the prepared pass needs at its peak. */
async function extraPeakBytes(prepared: PreparedPass): Promise<number> {
  const before = tf.memory().numBytes;
  const info = await tf.profile(() => {
    prepared.run();
    return [];
  });
  return Math.max(0, info.peakBytes - before);
}

/**
 * Predicts the peak tensor memory of a pass at any batch size from runs at batch 1 and 2
 * (activations grow linearly with the batch), so that batch sizes that would exhaust the
 * backend's memory are skipped rather than crash it (a wasm heap that cannot grow corrupts
 * the backend for the rest of the process).
 */
export async function memoryModel(
  model: ClassifierModel,
  image: tf.Tensor3D,
  pass: PassSpec,
  classIndex: number,
): Promise<(batch: number) => number> {
  const measure = async (batch: number): Promise<{ extra: number; input: number }> => {
    const prepared = preparePass(model, image, pass, classIndex, batch);
    try {
      return { extra: await extraPeakBytes(prepared), input: prepared.inputBytes };
    } finally {
      prepared.dispose();
    }
  };
  const one = await measure(1);
  const two = await measure(2);
  const base = tf.memory().numBytes;
  return (batch) =>
    base +
    one.input +
    (two.input - one.input) * (batch - 1) +
    one.extra +
    Math.max(0, two.extra - one.extra) * (batch - 1);
}

/**
 * Total time over total images of repeated calls: long enough windows average out the time
 * slices a loaded machine hands out, which a single short call would sample at random.
 */
async function timeCalls(
  prepared: PreparedPass,
  batch: number,
  budget: CallBudget,
): Promise<{ msPerImage: number; cpuMsPerImage: number; calls: number }> {
  let wallMs = 0;
  let cpuMs = 0;
  let calls = 0;
  while (calls < budget.maxCalls && (calls < budget.minCalls || wallMs < budget.minMs)) {
    const call = await timed(() => prepared.run());
    wallMs += call.wallMs;
    cpuMs += call.cpuMs;
    calls++;
  }
  return { msPerImage: wallMs / (calls * batch), cpuMsPerImage: cpuMs / (calls * batch), calls };
}

export const perImage = (
  t: { msPerImage?: number; cpuMsPerImage?: number },
  metric: TimeMetric,
): number => (metric === 'cpu' ? t.cpuMsPerImage : t.msPerImage) ?? Number.POSITIVE_INFINITY;

/** Throughput of one kind of pass at each batch size (after a warm-up call at that size); the best is the fastest per image by `metric`. */
export async function sweepPass(
  model: ClassifierModel,
  image: tf.Tensor3D,
  pass: PassSpec,
  classIndex: number,
  options: SweepOptions,
): Promise<PassSweep> {
  const id = passId(pass);
  const predictPeak = await memoryModel(model, image, pass, classIndex);
  const points: ThroughputPoint[] = [];
  for (const batchSize of options.batchSizes) {
    const peak = predictPeak(batchSize);
    const predictedPeakMiB = Math.round(peak / 2 ** 20);
    if (peak * options.memoryHeadroom > options.memoryBudgetBytes) {
      points.push({
        batchSize,
        predictedPeakMiB,
        skipped: `needs about ${predictedPeakMiB} MiB of tensors (x${options.memoryHeadroom} headroom), over the ${Math.round(options.memoryBudgetBytes / 2 ** 20)} MiB budget`,
      });
      options.log(`  ${id} batch ${batchSize}: skipped (${predictedPeakMiB} MiB predicted)`);
      continue;
    }
    const prepared = preparePass(model, image, pass, classIndex, batchSize);
    try {
      prepared.run();
      const measured = await timeCalls(prepared, batchSize, options);
      points.push({ batchSize, ...measured, predictedPeakMiB });
      options.log(
        `  ${id} batch ${batchSize}: ${measured.msPerImage.toFixed(2)} ms/image (cpu ${measured.cpuMsPerImage.toFixed(2)}), ${measured.calls} calls`,
      );
    } finally {
      prepared.dispose();
    }
  }
  const measured = points.filter((p) => p.msPerImage !== undefined);
  const fastest = measured.reduce<ThroughputPoint | undefined>(
    (best, p) => (!best || perImage(p, options.metric) < perImage(best, options.metric) ? p : best),
    undefined,
  );
  if (!fastest) throw new Error(`no batch size of ${id} fits the memory budget`);
  return {
    id,
    pass,
    description: describePass(pass),
    points,
    best: {
      batchSize: fastest.batchSize,
      msPerImage: fastest.msPerImage as number,
      cpuMsPerImage: fastest.cpuMsPerImage as number,
    },
  };
}

/** The pass re-timed at its best batch size (no warm-up: the sweep ran these shapes). */
export async function remeasure(
  model: ClassifierModel,
  image: tf.Tensor3D,
  sweep: PassSweep,
  classIndex: number,
  budget: CallBudget,
): Promise<Throughput> {
  const { batchSize } = sweep.best;
  const prepared = preparePass(model, image, sweep.pass, classIndex, batchSize);
  try {
    const { msPerImage, cpuMsPerImage } = await timeCalls(prepared, batchSize, budget);
    return { batchSize, msPerImage, cpuMsPerImage };
  } finally {
    prepared.dispose();
  }
}
