import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsCurrent, markBuilt, sourceHash } from './build-cache.ts';

export const DASHBOARD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
export const NEXT_CLI = require.resolve('next/dist/bin/next');

/** Node 24 from the workspace (`npm i` installs it), else the Node running this script. */
export function nodeBinary(): string {
  const pinned = path.resolve(DASHBOARD_DIR, '../../node_modules/.bin/node');
  return existsSync(pinned) ? pinned : process.execPath;
}

export interface BuildOptions {
  /** Relative to the dashboard folder; `.next` unless set. */
  distDir?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/** `next build`, skipped when a build of exactly these sources is already in `distDir`. Returns whether it built. */
export async function buildIfNeeded(options: BuildOptions = {}): Promise<boolean> {
  const distDir = options.distDir ?? '.next';
  const log = options.log ?? (() => undefined);
  const nextVersion = (require('next/package.json') as { version: string }).version;
  const hash = await sourceHash(DASHBOARD_DIR, nextVersion);
  const absolute = path.join(DASHBOARD_DIR, distDir);
  if (await buildIsCurrent(absolute, hash)) {
    log('dashboard build is current; skipping next build');
    return false;
  }
  const started = Date.now();
  log('building the dashboard (next build)…');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
    LUMEN_DASHBOARD_DIST_DIR: distDir,
  };
  await new Promise<void>((resolve, reject) => {
    const child = spawn(nodeBinary(), [NEXT_CLI, 'build'], {
      cwd: DASHBOARD_DIR,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`next build failed (${code}):\n${output.slice(-4000)}`)),
    );
  });
  await markBuilt(absolute, hash);
  log(`dashboard built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

// `node apps/dashboard/scripts/build.ts`: build now unless the current build is up to date.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildIfNeeded({ log: (line) => process.stderr.write(`[dashboard] ${line}\n`) });
}
