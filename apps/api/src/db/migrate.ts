import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../config.ts';

const MIGRATIONS_DIR = path.join(REPO_ROOT, 'prisma', 'migrations');
const PRISMA_SCRIPT = path.join(REPO_ROOT, 'tools', 'scripts', 'prisma.ts');

/** Migration folders not yet applied to the database at `url`. */
export async function pendingMigrations(url: string): Promise<string[]> {
  const entries = await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true });
  const all = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query(`SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present`);
    if (!table.rows[0]?.present) return all;
    const applied = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const done = new Set(applied.rows.map((row) => row.migration_name));
    return all.filter((name) => !done.has(name));
  } finally {
    await client.end();
  }
}

/**
 * Apply the committed migrations with `prisma migrate deploy` (the same command as
 * `npm run db:migrate`), but only when some are pending: the CLI costs seconds to start.
 */
export async function migrate(url: string, log: (line: string) => void = () => undefined): Promise<string[]> {
  const pending = await pendingMigrations(url);
  if (pending.length === 0) return [];
  log(`applying ${pending.length} migration(s): ${pending.join(', ')}`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [PRISMA_SCRIPT, 'migrate', 'deploy'], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output.trim()}`)),
    );
  });
  return pending;
}
