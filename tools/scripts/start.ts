/**
 * `npm start`: Lumen on its embedded defaults. Starts the API (embedded PostgreSQL unless
 * DATABASE_URL is set, migrations, worker processes, the demo team, models v1 and v2, demo
 * images and two demo runs) and the dashboard, then prints where to look. Ctrl-C stops all.
 *
 *   PORT (API, default 4000), DASHBOARD_PORT (default 3000), LUMEN_WORKERS (default 1)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dashboardScripts = path.join(root, 'apps/dashboard/scripts');
const apiPort = Number(process.env['PORT'] ?? 4000);
const dashboardPort = Number(process.env['DASHBOARD_PORT'] ?? 3000);
const workers = process.env['LUMEN_WORKERS'] ?? '1';
const dataDir = process.env['LUMEN_DATA_DIR'] ?? path.join(root, '.lumen');
const keyFile = path.join(dataDir, 'demo-api-key');
const log = (line: string) => process.stderr.write(`[lumen] ${line}\n`);
const children: ChildProcess[] = [];

function start(name: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): ChildProcess {
  // npm puts the workspace's Node 24 (node_modules/.bin/node) first on PATH, so this is it.
  const child = spawn(process.execPath, args, { ...options, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping everything`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const child of [...children].reverse()) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('exit', resolve)))));
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
}

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', LUMEN_DATA_DIR: dataDir };
// The dashboard builds (when its sources changed) while the API comes up.
const build = new Promise<void>((resolve, reject) => {
  const child = spawn(process.execPath, [path.join(dashboardScripts, 'build.ts')], { cwd: root, env, stdio: 'inherit' });
  child.on('error', reject);
  child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the dashboard build failed (${code})`))));
});
build.catch(() => undefined);
start('api', [path.join(root, 'apps/api/src/main.ts'), 'serve', '--workers', workers, '--seed-demo'], {
  cwd: root,
  env: { ...env, PORT: String(apiPort) },
});
const apiUrl = `http://127.0.0.1:${apiPort}`;
try {
  await waitFor('the API', async () => (await fetch(`${apiUrl}/health`)).ok && existsSync(keyFile), 300_000);
  await build;
  start('dashboard', [path.join(dashboardScripts, 'start.ts'), '--port', String(dashboardPort)], {
    cwd: root,
    env: { ...env, LUMEN_API_URL: apiUrl, LUMEN_API_KEY_FILE: keyFile },
  });
  const dashboardUrl = `http://127.0.0.1:${dashboardPort}`;
  await waitFor('the dashboard', async () => (await fetch(dashboardUrl, { redirect: 'manual' })).status < 500, 120_000);
  log('');
  log(`Lumen is running.`);
  log(`  Dashboard:   ${dashboardUrl}   (opens on the demo comparison: v1 vs v2)`);
  log(`  GraphQL API: ${apiUrl}/graphql`);
  log(`  API key:     ${keyFile}   (header: Authorization: Bearer <key>)`);
  log(`  CLI:         npx lumen runs show <id> | npx lumen compare <versionA> <versionB> --method grad-cam`);
  log('Ctrl-C stops everything; data stays in .lumen/ for the next start.');
} catch (error) {
  log(`error: ${(error as Error).message}`);
  await stop(1);
}
