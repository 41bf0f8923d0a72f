import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Where the Lumen API is and the key to call it with. Only the dashboard's server reads these;
 * the browser talks to the dashboard's proxy routes and never sees the key.
 *   LUMEN_API_URL       default http://127.0.0.1:4000
 *   LUMEN_API_KEY       the key itself, or
 *   LUMEN_API_KEY_FILE  a file holding it; default <repo>/.lumen/demo-api-key (written by `serve --seed-demo`)
 */
export interface ApiConfig {
  url: string;
  key: string;
}

export class ApiConfigError extends Error {
  override readonly name = 'ApiConfigError';
}

/** The repository root: the nearest folder up from here holding lumen.config.json. */
function repoRoot(start = process.cwd()): string {
  let dir = path.resolve(/*turbopackIgnore: true*/ start);
  for (;;) {
    if (existsSync(/*turbopackIgnore: true*/ path.join(dir, 'lumen.config.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(/*turbopackIgnore: true*/ start);
    dir = parent;
  }
}

export function apiUrl(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env['LUMEN_API_URL']?.trim() || 'http://127.0.0.1:4000';
  try {
    return new URL(raw).toString().replace(/\/+$/, '');
  } catch {
    throw new ApiConfigError(
      `LUMEN_API_URL '${raw}' is not a URL; set it to the API's base URL, e.g. http://127.0.0.1:4000`,
    );
  }
}

/** Read on every call, so a key file written after the dashboard started (the demo seed) is picked up. */
export async function apiConfig(env: NodeJS.ProcessEnv = process.env): Promise<ApiConfig> {
  const url = apiUrl(env);
  const direct = env['LUMEN_API_KEY']?.trim();
  if (direct) return { url, key: direct };
  const file =
    env['LUMEN_API_KEY_FILE']?.trim() ||
    path.join(/*turbopackIgnore: true*/ repoRoot(), '.lumen', 'demo-api-key');
  let key = '';
  try {
    key = (await fs.readFile(/*turbopackIgnore: true*/ file, 'utf8')).trim();
  } catch {
    throw new ApiConfigError(
      `no API key: set LUMEN_API_KEY, or LUMEN_API_KEY_FILE to a file holding one (looked in ${file})`,
    );
  }
  if (!key) throw new ApiConfigError(`the API key file ${file} is empty`);
  return { url, key };
}
