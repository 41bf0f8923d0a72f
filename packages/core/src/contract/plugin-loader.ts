import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { LumenError, isLumenError, messageOf } from '../errors.ts';
import { isExplainerLike } from './define-explainer.ts';
import type { AnyExplainer } from './explainer.ts';
import type { ExplainerRegistry } from './registry.ts';

export const CONFIG_FILE = 'lumen.config.json';

export const lumenConfigSchema = z
  .object({
    $schema: z.string().optional(),
    /** Plugin packages or paths (relative to the config file) to register. */
    plugins: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type LumenConfig = z.output<typeof lumenConfigSchema>;

export async function readLumenConfig(file: string): Promise<LumenConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (cause) {
    throw new LumenError('CONFIG_INVALID', `cannot read ${file}: ${messageOf(cause)}`, { cause, details: { file } });
  }
  const parsed = lumenConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new LumenError('CONFIG_INVALID', `${file} is invalid: ${issues}`, { details: { file, issues: parsed.error.issues } });
  }
  return parsed.data;
}

function resolveSpecifier(specifier: string, baseDir: string): string {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    return pathToFileURL(path.resolve(baseDir, specifier)).href;
  }
  try {
    return pathToFileURL(createRequire(path.join(baseDir, 'noop.js')).resolve(specifier)).href;
  } catch {
    return specifier;
  }
}

/** The explainers a module exports: its default export (one or a list) and named ones. */
function explainersOf(moduleExports: Record<string, unknown>): unknown[] {
  const found: unknown[] = [];
  const add = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(add);
    else if (isExplainerLike(value) && !found.includes(value)) found.push(value);
  };
  add(moduleExports['default']);
  for (const [key, value] of Object.entries(moduleExports)) if (key !== 'default') add(value);
  return found;
}

/** Import a plugin package or file and register every explainer it exports. */
export async function loadPluginModule(
  specifier: string,
  registry: ExplainerRegistry,
  options: { baseDir?: string } = {},
): Promise<AnyExplainer[]> {
  const baseDir = options.baseDir ?? process.cwd();
  let moduleExports: Record<string, unknown>;
  try {
    moduleExports = (await import(resolveSpecifier(specifier, baseDir))) as Record<string, unknown>;
  } catch (cause) {
    throw new LumenError('PLUGIN_LOAD_FAILED', `cannot load plugin '${specifier}': ${messageOf(cause)}`, {
      cause,
      details: { source: specifier },
    });
  }
  const candidates = explainersOf(moduleExports);
  if (candidates.length === 0) {
    throw new LumenError(
      'PLUGIN_INVALID',
      `plugin module '${specifier}' exports no explainer; export the object made by defineExplainer (default or named)`,
      { details: { source: specifier, exports: Object.keys(moduleExports) } },
    );
  }
  return candidates.map((candidate) => registry.register(candidate, specifier));
}

/**
 * Register the plugins a lumen.config.json names. Every plugin is attempted; if any fails,
 * one error lists each failure (which plugin and why), the good ones stay registered.
 */
export async function loadPluginsFromConfig(file: string, registry: ExplainerRegistry): Promise<AnyExplainer[]> {
  const config = await readLumenConfig(file);
  const baseDir = path.dirname(path.resolve(file));
  const loaded: AnyExplainer[] = [];
  const failures: LumenError[] = [];
  for (const specifier of config.plugins) {
    try {
      loaded.push(...(await loadPluginModule(specifier, registry, { baseDir })));
    } catch (error) {
      failures.push(isLumenError(error) ? error : new LumenError('PLUGIN_LOAD_FAILED', messageOf(error), { cause: error }));
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    throw new LumenError('PLUGIN_LOAD_FAILED', `${failures.length} plugins in ${file} failed:\n${failures.map((f) => `  - ${f.message}`).join('\n')}`, {
      cause: new AggregateError(failures),
      details: { failures: failures.map((f) => f.toJSON()) },
    });
  }
  return loaded;
}
