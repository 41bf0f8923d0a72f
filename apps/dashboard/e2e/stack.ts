/**
 * Everything the end-to-end tests run against, started from scratch: a fresh database, the
 * API with one worker and demo data (the bundled demo models when present, else a fixture
 * seeded through the API), and the dashboard (`next build` once per source change, `next start`).
 */
import { existsSync, mkdirSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DASHBOARD_DIR, NEXT_CLI, buildIfNeeded, nodeBinary } from '../scripts/build.ts';
import { apiClient } from './api-client.ts';
import { FIXTURE, seedFixture } from './fixture-seed.ts';
import { freePort, run, startService, waitFor } from './processes.ts';

export const REPO_ROOT = path.resolve(DASHBOARD_DIR, '../..');
export const ARTIFACTS_DIR = path.join(DASHBOARD_DIR, 'test-artifacts');
const DIST_DIR = '.next/e2e';
const DEMO_MODELS = path.join(REPO_ROOT, 'packages/core/demo-models');

export interface StackInfo {
  dashboardUrl: string;
  apiUrl: string;
  apiKey: string;
  /** `demo`: the bundled demo models were seeded; `fixture`: tiny untrained stand-ins. */
  mode: 'demo' | 'fixture';
  model: string;
  dataset: string;
  /** The seeded runs (one per version), which the comparison needs finished. */
  seededRunIds: string[];
  artifactsDir: string;
}

export interface Stack {
  info: StackInfo;
  stop(): Promise<void>;
}

const log = (line: string) => process.stderr.write(`[e2e] ${line}\n`);

async function createDatabase(
  adminUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const { default: pg } = await import('pg');
  const name = `lumen_e2e_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function startStack(): Promise<Stack> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: Error) => log(`cleanup failed: ${error.message}`));
  };
  try {
    const baseEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      NX_DAEMON: 'false',
    };
    const dashboardEnv: NodeJS.ProcessEnv = {
      ...baseEnv,
      LUMEN_DASHBOARD_DIST_DIR: DIST_DIR,
      NODE_ENV: 'production',
    };
    const build = buildIfNeeded({ distDir: DIST_DIR, env: dashboardEnv, log });
    build.catch(() => undefined);

    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lumen-e2e-'));
    cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const apiPort = await freePort();
    const apiEnv: NodeJS.ProcessEnv = {
      ...baseEnv,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      LUMEN_DATA_DIR: dataDir,
    };
    if (process.env['DATABASE_URL']) {
      const database = await createDatabase(process.env['DATABASE_URL']);
      cleanups.push(database.drop);
      apiEnv['DATABASE_URL'] = database.url;
      log(`fresh database ${new URL(database.url).pathname.slice(1)}`);
    } else {
      delete apiEnv['DATABASE_URL'];
      apiEnv['LUMEN_EMBEDDED_PG_PORT'] = String(await freePort());
      log('no DATABASE_URL: the API starts an embedded PostgreSQL');
    }

    const demo =
      existsSync(path.join(DEMO_MODELS, 'v1/model.json')) &&
      existsSync(path.join(DEMO_MODELS, 'v2/model.json'));
    const main = path.join(REPO_ROOT, 'apps/api/src/main.ts');
    let apiKey = '';
    if (!demo) {
      const created = await run(nodeBinary(), [main, 'team', 'create', 'e2e'], {
        cwd: REPO_ROOT,
        env: apiEnv,
      });
      apiKey =
        (JSON.parse(created.trim().split('\n').pop() ?? '{}') as { apiKey?: string }).apiKey ?? '';
      if (!apiKey) throw new Error(`team create printed no API key:\n${created}`);
    }
    const api = startService(
      'api',
      nodeBinary(),
      [main, 'serve', '--workers', '1', ...(demo ? ['--seed-demo'] : [])],
      {
        cwd: REPO_ROOT,
        env: apiEnv,
        logFile: path.join(ARTIFACTS_DIR, 'api.log'),
      },
    );
    cleanups.push(() => api.stop());
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitFor(
      'the API',
      async () => ((await fetch(`${apiUrl}/health`)).ok ? true : undefined),
      { timeoutMs: 120_000, service: api },
    );

    let seededRunIds: string[];
    if (demo) {
      const keyFile = path.join(dataDir, 'demo-api-key');
      await waitFor(
        'the demo seed',
        async () =>
          /demo run .* queued/.test(api.output()) && existsSync(keyFile) ? true : undefined,
        { timeoutMs: 180_000, service: api },
      );
      apiKey = (await fs.readFile(keyFile, 'utf8')).trim();
      seededRunIds = [...api.output().matchAll(/demo run ([0-9a-f-]{36}) queued/g)].map(
        (m) => m[1] as string,
      );
      log(`demo seeded: runs ${seededRunIds.join(', ')}`);
    } else {
      const seeded = await seedFixture(apiClient(apiUrl, apiKey));
      seededRunIds = seeded.runIds;
      log(
        `fixture seeded (demo models not found in ${DEMO_MODELS}): runs ${seededRunIds.join(', ')}`,
      );
    }

    await build;
    const dashboardPort = await freePort();
    const keyFile = path.join(dataDir, 'dashboard-api-key');
    await fs.writeFile(keyFile, `${apiKey}\n`, { mode: 0o600 });
    const dashboard = startService(
      'dashboard',
      nodeBinary(),
      [NEXT_CLI, 'start', '-p', String(dashboardPort), '-H', '127.0.0.1'],
      {
        cwd: DASHBOARD_DIR,
        env: {
          ...dashboardEnv,
          LUMEN_API_URL: apiUrl,
          // The key file path (not the key) is what the dashboard gets: the way `serve --seed-demo` hands it over.
          LUMEN_API_KEY: '',
          LUMEN_API_KEY_FILE: keyFile,
          LUMEN_DEMO_MODEL: demo ? 'demo-shapes' : FIXTURE.model,
          LUMEN_DEMO_DATASET: demo ? 'demo-shapes' : FIXTURE.dataset,
        },
        logFile: path.join(ARTIFACTS_DIR, 'dashboard.log'),
      },
    );
    cleanups.push(() => dashboard.stop());
    const dashboardUrl = `http://127.0.0.1:${dashboardPort}`;
    await waitFor(
      'the dashboard',
      async () =>
        (
          await fetch(`${dashboardUrl}/api/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"query":"{ me { id } }"}',
          })
        ).ok
          ? true
          : undefined,
      {
        timeoutMs: 60_000,
        service: dashboard,
      },
    );
    log(`dashboard at ${dashboardUrl}, API at ${apiUrl}`);
    return {
      info: {
        dashboardUrl,
        apiUrl,
        apiKey,
        mode: demo ? 'demo' : 'fixture',
        model: demo ? 'demo-shapes' : FIXTURE.model,
        dataset: demo ? 'demo-shapes' : FIXTURE.dataset,
        seededRunIds,
        artifactsDir: ARTIFACTS_DIR,
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
