import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  CONFIG_FILE,
  ExplainerRegistry,
  loadPluginModule,
  messageOf,
  readLumenConfig,
  type AnyExplainer,
} from '@lumen/core';

export interface LoadedPlugins {
  explainers: { explainer: AnyExplainer; source: string }[];
  /** Plugins that could not be loaded (colleagues' packages may be half-written), with why. */
  failed: { source: string; error: string }[];
}

/** The package names of the workspace's plugin packages (packages/plugins/*). */
export async function workspacePlugins(root: string): Promise<string[]> {
  const dir = path.join(root, 'packages', 'plugins');
  const names: string[] = [];
  for (const entry of (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (!entry.isDirectory()) continue;
    try {
      const pkg = JSON.parse(
        await fs.readFile(path.join(dir, entry.name, 'package.json'), 'utf8'),
      ) as {
        name?: unknown;
      };
      if (typeof pkg.name === 'string') names.push(pkg.name);
    } catch {
      // A folder without a readable package.json is not a plugin package (yet).
    }
  }
  return names;
}

/** The plugins the root lumen.config.json registers, as written there. */
export async function configPlugins(root: string): Promise<string[]> {
  const file = path.join(root, CONFIG_FILE);
  try {
    await fs.access(file);
  } catch {
    return [];
  }
  return (await readLumenConfig(file)).plugins;
}

/**
 * Registers each plugin module on its own, so that one broken plugin is reported and the rest
 * are still benchmarked. Specifiers are package names or paths relative to `baseDir`.
 */
export async function loadPlugins(
  specifiers: readonly string[],
  baseDir: string,
): Promise<LoadedPlugins> {
  const registry = new ExplainerRegistry();
  const result: LoadedPlugins = { explainers: [], failed: [] };
  const seen = new Set<string>();
  for (const source of specifiers) {
    try {
      for (const explainer of await loadPluginModule(source, registry, { baseDir })) {
        if (seen.has(explainer.name)) continue;
        seen.add(explainer.name);
        result.explainers.push({ explainer, source });
      }
    } catch (error) {
      result.failed.push({ source, error: messageOf(error) });
    }
  }
  return result;
}
