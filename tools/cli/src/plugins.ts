import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE, ExplainerRegistry, loadPluginsFromConfig } from '@lumen/core';

/** The config the CLI falls back to: Lumen's own plugins. */
export const DEFAULT_CONFIG = fileURLToPath(new URL('../lumen.config.json', import.meta.url));

/** --config, then $LUMEN_CONFIG, then the nearest lumen.config.json above cwd, then the built-in one. */
export function findConfig(explicit: string | undefined, cwd = process.cwd(), env = process.env): string {
  if (explicit) return path.resolve(cwd, explicit);
  if (env['LUMEN_CONFIG']) return path.resolve(cwd, env['LUMEN_CONFIG']);
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return DEFAULT_CONFIG;
  }
}

export async function loadRegistry(configPath: string): Promise<ExplainerRegistry> {
  const registry = new ExplainerRegistry();
  await loadPluginsFromConfig(configPath, registry);
  return registry;
}
