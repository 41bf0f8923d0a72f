import { Worker } from 'node:worker_threads';
import { LumenError } from '@lumen/core';
import type { ComputeThreadOptions } from './compute-thread.ts';
import type {
  BackendReport,
  ComputeRequest,
  ComputeResponse,
  ExplainItemRequest,
  ExplainItemResult,
  ModelDescriptionMessage,
  ModelSource,
} from './protocol.ts';

type Pending = {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (fraction: number, stage?: string) => void;
};

// Distributive Omit, so each request kind keeps its own fields.
type RequestBody = ComputeRequest extends infer R ? (R extends ComputeRequest ? Omit<R, 'id'> : never) : never;

/**
 * The main thread's handle on a compute thread. Requests are answered in order of arrival;
 * `explain` calls can be aborted, which the thread notices between two batches.
 */
export class ComputeThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited: Error | undefined;

  constructor(options: ComputeThreadOptions) {
    this.worker = new Worker(new URL('./compute-thread.ts', import.meta.url), { workerData: options });
    this.worker.on('message', (message: ComputeResponse) => this.onMessage(message));
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`compute thread exited with code ${code}`)));
  }

  private onMessage(message: ComputeResponse): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.kind === 'progress') {
      pending.onProgress?.(message.fraction, message.stage);
      return;
    }
    this.pending.delete(message.id);
    if (message.kind === 'result') pending.resolve(message.value);
    else pending.reject(new LumenError(message.error.code as never, message.error.message, { details: message.error.details ?? {} }));
  }

  private failAll(error: Error): void {
    this.exited = error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  private send<T>(request: RequestBody, onProgress?: Pending['onProgress']): { id: number; promise: Promise<T> } {
    const id = this.nextId++;
    if (this.exited) return { id, promise: Promise.reject(this.exited) };
    const promise = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, ...(onProgress ? { onProgress } : {}) });
    });
    this.worker.postMessage({ ...request, id });
    return { id, promise };
  }

  init(): Promise<BackendReport> {
    return this.send<BackendReport>({ kind: 'init' }).promise;
  }

  hasModel(versionId: string): Promise<boolean> {
    return this.send<boolean>({ kind: 'hasModel', versionId }).promise;
  }

  loadModel(source: ModelSource): Promise<void> {
    return this.send<void>({ kind: 'loadModel', source }).promise;
  }

  inspectModel(source: ModelSource): Promise<ModelDescriptionMessage> {
    return this.send<ModelDescriptionMessage>({ kind: 'inspectModel', source }).promise;
  }

  explain(request: ExplainItemRequest, options: { signal?: AbortSignal; onProgress?: (fraction: number, stage?: string) => void } = {}): Promise<ExplainItemResult> {
    const { id, promise } = this.send<ExplainItemResult>({ kind: 'explain', request }, options.onProgress);
    const abort = () => this.worker.postMessage({ kind: 'abort', id: 0, target: id, reason: String(options.signal?.reason ?? 'cancelled') });
    if (options.signal?.aborted) abort();
    else options.signal?.addEventListener('abort', abort, { once: true });
    return promise.finally(() => options.signal?.removeEventListener('abort', abort));
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
