import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../config.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded-postgres.ts';
import { migrate } from '../db/migrate.ts';

/** A database of its own for one test file (or one load check), dropped afterwards. */
export interface TestDatabase {
  url: string;
  name: string;
  /** Where it lives: the server named by the environment, CI's local one, or an embedded one. */
  server: 'configured' | 'local' | 'embedded';
  drop(): Promise<void>;
}

/** CI's PostgreSQL: trust auth, user postgres. */
export const LOCAL_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

let embedded: Promise<{ server: EmbeddedDatabase; dataDir: string }> | undefined;

/** One embedded server per process, started on first need and stopped at exit of its last user. */
function embeddedServer(): Promise<{ server: EmbeddedDatabase; dataDir: string }> {
  embedded ??= (async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lumen-test-pg-'));
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    return { server, dataDir };
  })();
  return embedded;
}

async function stopEmbeddedServer(): Promise<void> {
  if (!embedded) return;
  const { server, dataDir } = await embedded;
  embedded = undefined;
  await server.stop().catch(() => undefined);
  await fs.rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
}

/** Which server to create test databases on: the configured one, else CI's, else an embedded one. */
async function adminUrl(
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; server: TestDatabase['server'] }> {
  const configured = env['LUMEN_TEST_DATABASE_URL'] || env['DATABASE_URL'];
  if (configured) {
    if (!(await answers(configured))) {
      throw new Error(
        `the test database server ${configured.replace(/:[^:@/]+@/, ':***@')} does not answer (LUMEN_TEST_DATABASE_URL / DATABASE_URL)`,
      );
    }
    return { url: configured, server: 'configured' };
  }
  if (await answers(LOCAL_SERVER_URL)) return { url: LOCAL_SERVER_URL, server: 'local' };
  const { server } = await embeddedServer();
  return { url: server.url, server: 'embedded' };
}

const MIGRATIONS_DIR = path.join(REPO_ROOT, 'prisma', 'migrations');
const TEMPLATE_PREFIX = 'lumen_test_template_';
/** Serialises template builds of concurrent test processes (any constant shared by them). */
const TEMPLATE_LOCK = 7_114_432_001;

/** A digest of the committed migrations: a template built from other migrations is not reused. */
async function migrationsDigest(): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else
        hash
          .update(path.relative(MIGRATIONS_DIR, full))
          .update('\0')
          .update(await fs.readFile(full))
          .update('\0');
    }
  };
  await walk(MIGRATIONS_DIR);
  return hash.digest('hex').slice(0, 16);
}

/**
 * A database migrated once with the product's own `migrate` (prisma migrate deploy takes
 * seconds), kept on the server as a template: each test database is a copy of it.
 */
async function migratedTemplate(admin: string): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${await migrationsDigest()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const present = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (present.rowCount) return name;
    const stale = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${TEMPLATE_PREFIX}%`],
    );
    for (const { datname } of stale.rows) {
      await client.query(`ALTER DATABASE "${datname}" IS_TEMPLATE false`);
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await client.query(`CREATE DATABASE "${name}"`);
    try {
      await migrate(withDatabaseName(admin, name));
    } catch (error) {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      throw error;
    }
    await client.query(`ALTER DATABASE "${name}" IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    return name;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/**
 * Creates a uniquely named database holding Lumen's schema (a copy of a migrated template);
 * `drop()` removes it, closing any connection left.
 */
export async function createTestDatabase(
  label: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TestDatabase> {
  const { url: admin, server } = await adminUrl(env);
  const template = await migratedTemplate(admin);
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 24);
  const name = `lumen_test_${slug}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await client.end();
  }
  return {
    url: withDatabaseName(admin, name),
    name,
    server,
    async drop() {
      const dropper = new pg.Client({ connectionString: admin });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
      if (server === 'embedded') await stopEmbeddedServer();
    },
  };
}
