import type { ExplainerRegistry } from '@lumen/core';
import type { PgBoss } from 'pg-boss';
import type { ComputeThread } from '../compute/compute-pool.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { RunEventHub } from './run-event-hub.ts';

/** What services share for the life of the API process. */
export interface AppContext {
  db: Db;
  config: Config;
  /** The plugins the API validates runs against (the same lumen.config.json as the workers). */
  registry: ExplainerRegistry;
  queue: PgBoss;
  /** For model inspection on upload: TF.js work stays off the request thread. */
  compute: ComputeThread;
  /** Live run changes (API processes only). */
  events?: RunEventHub;
  log: (line: string) => void;
}
