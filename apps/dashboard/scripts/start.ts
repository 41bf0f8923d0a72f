/**
 * Serves the production dashboard: builds it when its sources changed, then `next start`.
 *   node apps/dashboard/scripts/start.ts [--port 3000] [--host 127.0.0.1]
 * Reads LUMEN_API_URL and LUMEN_API_KEY / LUMEN_API_KEY_FILE (see README). Prints the URL when ready.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { DASHBOARD_DIR, NEXT_CLI, buildIfNeeded, nodeBinary } from './build.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env['PORT'] ?? '3000' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
const log = (line: string) => process.stderr.write(`[dashboard] ${line}\n`);

await buildIfNeeded({ log });
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  NODE_ENV: 'production',
};
const child = spawn(
  nodeBinary(),
  [NEXT_CLI, 'start', '-p', String(values.port), '-H', String(values.host)],
  { cwd: DASHBOARD_DIR, env, stdio: ['ignore', 'pipe', 'inherit'] },
);
child.stdout.on('data', (chunk: Buffer) => {
  process.stderr.write(chunk);
  if (/Ready in/.test(chunk.toString()))
    process.stdout.write(`Lumen dashboard: http://${values.host}:${values.port}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
