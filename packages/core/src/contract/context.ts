import { LumenError } from '../errors.ts';
import { tf } from '../tf.ts';
import type { ClassifierModel } from '../model/classifier-model.ts';
import type { Random } from '../random/random.ts';
import type { BatchOptions, ExplainContext, PredictOptions } from './explainer.ts';
import type { Logger } from './logger.ts';

export interface ContextOptions<P> {
  params: P;
  model: ClassifierModel;
  random: Random;
  seed: number;
  batchSize: number;
  signal: AbortSignal;
  log: Logger;
  onProgress: (done: number, total: number, stage: string | undefined) => void;
}

/** Lets timers, sockets and abort signals be served between batches of blocking compute. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function abortedError(signal: AbortSignal): LumenError {
  const reason: unknown = signal.reason;
  const why = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'the run was cancelled';
  return new LumenError('ABORTED', `aborted: ${why}`, { cause: reason });
}

export function createContext<P>(options: ContextOptions<P>): ExplainContext<P> {
  const { model, signal } = options;
  const throwIfAborted = (): void => {
    if (signal.aborted) throw abortedError(signal);
  };

  const forEachBatch = async (
    count: number,
    work: (start: number, end: number) => void | Promise<void>,
    loop: BatchOptions = {},
  ): Promise<void> => {
    const size = Math.max(1, Math.floor(loop.batchSize ?? options.batchSize));
    const offset = loop.offset ?? 0;
    const total = loop.total ?? count;
    for (let start = 0; start < count; start += size) {
      throwIfAborted();
      const end = Math.min(count, start + size);
      await work(start, end);
      options.onProgress(offset + end, total, loop.stage);
      await yieldToEventLoop();
    }
    throwIfAborted();
  };

  const predict = async (
    count: number,
    makeBatch: (start: number, end: number) => tf.Tensor4D,
    loop: PredictOptions = {},
  ): Promise<Float32Array> => {
    const classes = model.numClasses;
    const scores = new Float32Array(count * classes);
    await forEachBatch(
      count,
      (start, end) => {
        const batch = tf.tidy(() => {
          const images = makeBatch(start, end);
          if (images.shape[0] !== end - start) {
            throw new LumenError('SHAPE_MISMATCH', `makeBatch(${start}, ${end}) returned ${images.shape[0]} images, expected ${end - start}`);
          }
          return model.run(images, { output: loop.output ?? 'probabilities' }).output;
        });
        try {
          scores.set(batch.dataSync(), start * classes);
        } finally {
          batch.dispose();
        }
      },
      loop,
    );
    return scores;
  };

  return {
    params: options.params,
    model,
    random: options.random,
    seed: options.seed,
    batchSize: options.batchSize,
    signal,
    log: options.log,
    progress: (done, total, stage) => options.onProgress(done, total, stage),
    throwIfAborted,
    predict,
    forEachBatch,
  };
}
