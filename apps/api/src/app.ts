import { ExplainerRegistry, loadPluginsFromConfig } from '@lumen/core';
import { ComputeThread } from './compute/compute-pool.ts';
import type { Config } from './config.ts';
import { createDb } from './db/client.ts';
import { startQueue } from './queue/queue.ts';
import type { AppContext } from './services/app-context.ts';
import { RunEventHub } from './services/run-event-hub.ts';
import { syncPlugins } from './services/plugins.ts';

/** Everything the API process holds: database, queue, plugins, compute thread, live events. */
export async function createApp(config: Config, url: string, log: (line: string) => void): Promise<AppContext & { close(): Promise<void> }> {
  const db = createDb(url);
  const registry = new ExplainerRegistry();
  await loadPluginsFromConfig(config.LUMEN_CONFIG, registry);
  await syncPlugins(db, registry);
  const queue = await startQueue(url, { heartbeatSeconds: config.LUMEN_WORKER_HEARTBEAT_SECONDS });
  const compute = new ComputeThread({ configPath: config.LUMEN_CONFIG, backend: config.LUMEN_BACKEND, modelCacheSize: 1 });
  const events = new RunEventHub(url);
  await events.start();
  return {
    db,
    config,
    registry,
    queue,
    compute,
    events,
    log,
    async close() {
      await events.close();
      await compute.close();
      await queue.stop({ graceful: false }).catch(() => undefined);
      await db.$disconnect();
    },
  };
}
