/**
 * `lumen-worker`: one worker process. Run as many as you like, on as many machines, against
 * the same database (DATABASE_URL): that is how Lumen scales out.
 */
import { loadConfig } from '../config.ts';
import { startWorker } from './worker.ts';

const config = loadConfig();
if (!config.DATABASE_URL) {
  process.stderr.write('lumen-worker: DATABASE_URL is required (the API prints it; `npm start` sets it for its own workers)\n');
  process.exit(2);
}
const log = (line: string) => process.stderr.write(`[worker ${process.pid}] ${line}\n`);
const worker = await startWorker(config, config.DATABASE_URL, log);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    log(`${signal}: stopping (the current run goes back to the queue)`);
    void worker.stop().then(() => process.exit(0));
  });
}
await worker.stopped;
