import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';

const INPUTS = ['src', 'next.config.ts', 'tsconfig.json', 'package.json'];
const SKIP = /(\.test\.tsx?$)|(^|\/)node_modules\//;

async function files(root: string, entry: string): Promise<string[]> {
  const full = path.join(root, entry);
  const stat = await fs.stat(full).catch(() => null);
  if (!stat) return [];
  if (stat.isFile()) return [entry];
  const children = await fs.readdir(full);
  const nested = await Promise.all(children.map((child) => files(root, path.join(entry, child))));
  return nested.flat();
}

/** A hash of everything `next build` reads from the dashboard (tests excluded) and the Next.js version. */
export async function sourceHash(dashboardDir: string, nextVersion: string): Promise<string> {
  const hash = createHash('sha256').update(`next@${nextVersion}\n`);
  const all = (await Promise.all(INPUTS.map((entry) => files(dashboardDir, entry))))
    .flat()
    .filter((f) => !SKIP.test(f))
    .sort();
  for (const file of all) {
    hash.update(`${file}\n`);
    hash.update(await fs.readFile(path.join(dashboardDir, file)));
  }
  return hash.digest('hex');
}

const STAMP = 'lumen-source-hash';

/** True when `distDir` holds a finished build of exactly these sources. */
export async function buildIsCurrent(distDir: string, hash: string): Promise<boolean> {
  if (!existsSync(path.join(distDir, 'BUILD_ID'))) return false;
  const stamp = await fs.readFile(path.join(distDir, STAMP), 'utf8').catch(() => '');
  return stamp.trim() === hash;
}

export async function markBuilt(distDir: string, hash: string): Promise<void> {
  await fs.writeFile(path.join(distDir, STAMP), `${hash}\n`);
}
