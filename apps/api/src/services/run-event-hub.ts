import { EventEmitter, on } from 'node:events';
import pg from 'pg';
import { RUN_EVENTS_CHANNEL } from './run-events.ts';

/**
 * One LISTEN connection per API process; every run change any process announces (workers
 * report progress, the API cancels) reaches the subscribers of that run here.
 */
export class RunEventHub {
  private readonly emitter = new EventEmitter();
  private client: pg.Client | undefined;
  private readonly url: string;
  private closed = false;

  constructor(url: string) {
    this.url = url;
    this.emitter.setMaxListeners(0);
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => {
      if (message.channel === RUN_EVENTS_CHANNEL && message.payload) this.emitter.emit(message.payload);
    });
    client.on('error', () => {
      // The connection dropped: reconnect so live progress keeps flowing.
      if (!this.closed) setTimeout(() => void this.start().catch(() => undefined), 1000);
    });
    await client.connect();
    await client.query(`LISTEN ${RUN_EVENTS_CHANNEL}`);
    this.client = client;
  }

  /** Yields each time the run changes, until the signal aborts. */
  async *changes(runId: string, signal: AbortSignal): AsyncGenerator<void> {
    for await (const _ of on(this.emitter, runId, { signal })) yield;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }
}
