/**
 * Runs the Prisma CLI offline. Prisma 6.19 with the JS engine and a driver adapter needs no
 * native engine, but `generate` still tries to download the query engine unless it is told
 * where one "is"; any existing file satisfies that check and is never loaded.
 * Usage: node tools/scripts/prisma.ts <prisma args...>
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js', { paths: [root] });

const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    DATABASE_URL: process.env['DATABASE_URL'] ?? 'postgresql://lumen@127.0.0.1:5432/lumen',
    PRISMA_QUERY_ENGINE_LIBRARY: process.env['PRISMA_QUERY_ENGINE_LIBRARY'] ?? cli,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
process.exit(result.status ?? 1);
