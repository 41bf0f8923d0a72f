/**
 * `lumen-api`: the GraphQL API, optionally with worker processes and the demo data.
 *   node apps/api/src/main.ts serve [--workers N] [--seed-demo]
 *   node apps/api/src/main.ts migrate
 *   node apps/api/src/main.ts team create <name>
 * Without DATABASE_URL an embedded PostgreSQL is started (data in LUMEN_DATA_DIR).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createDb } from './db/client.ts';
import { openDatabase } from './db/database.ts';
import { startApiServer } from './http/server.ts';
import { seedDemo } from './seed/demo.ts';
import { createTeamWithKey } from './services/teams.ts';

const log = (line: string) => process.stderr.write(`[api] ${line}\n`);

async function serve(options: { workers: number; seedDemo: boolean }): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config, log);
  const app = await createApp(config, database.url, log);
  const server = await startApiServer(app, { host: config.HOST, port: config.PORT });
  log(`GraphQL API at ${server.url}/graphql (uploads: POST ${server.url}/v1/uploads)`);

  const workers: ChildProcess[] = [];
  for (let i = 0; i < options.workers; i++) {
    const child = fork(new URL('./worker/main.ts', import.meta.url), [], { env: { ...process.env, DATABASE_URL: database.url } });
    workers.push(child);
  }
  if (options.seedDemo) {
    const seeded = await seedDemo(app, { log });
    log(`demo team '${seeded.team.slug}': API key in ${seeded.keyFile}`);
    for (const run of seeded.runs) log(`demo run ${run.id} queued (${run.label})`);
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: shutting down`);
    for (const worker of workers) worker.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((resolve) => (w.exitCode !== null ? resolve(null) : w.once('exit', resolve)))));
    await server.close();
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { workers: { type: 'string', default: '0' }, 'seed-demo': { type: 'boolean', default: false } },
  });
  const [command = 'serve', ...rest] = positionals;
  if (command === 'serve') {
    const workers = Number(values.workers);
    if (!Number.isInteger(workers) || workers < 0) throw new Error('--workers takes a whole number');
    await serve({ workers, seedDemo: values['seed-demo'] ?? false });
    return;
  }
  const config = loadConfig();
  const database = await openDatabase(config, log);
  try {
    if (command === 'migrate') {
      log('database is up to date');
    } else if (command === 'team' && rest[0] === 'create' && rest[1]) {
      const db = createDb(database.url);
      const { team, key } = await createTeamWithKey(db, rest.slice(1).join(' '));
      process.stdout.write(`${JSON.stringify({ team: team.slug, teamId: team.id, apiKey: key.key })}\n`);
      await db.$disconnect();
    } else {
      throw new Error(`unknown command '${[command, ...rest].join(' ')}'; use serve, migrate or team create <name>`);
    }
  } finally {
    await database.stop();
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`lumen-api: error: ${error.message}\n`);
  process.exit(1);
});
