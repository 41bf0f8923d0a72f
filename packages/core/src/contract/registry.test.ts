import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isLumenError } from '../errors.ts';
import { makeTempDir } from '../testing/model-fixtures.ts';
import { defineExplainer } from './define-explainer.ts';
import { loadPluginModule, loadPluginsFromConfig } from './plugin-loader.ts';
import { ExplainerRegistry, defaultRegistry } from './registry.ts';

const make = (name: string, version = '1.0.0') =>
  defineExplainer({
    name,
    version,
    title: name,
    description: `${name} explainer`,
    params: z.object({ k: z.number().default(1) }),
    output: { kind: 'spatial', signed: false },
    explain: async () => ({ attributions: [] }),
  });

describe('ExplainerRegistry', () => {
  it('registers, looks up by name or name@version, and lists with JSON Schemas', () => {
    const registry = new ExplainerRegistry();
    const a = registry.register(make('alpha'), 'pkg-a');
    registry.register(make('beta', '2.0.0'));
    expect(registry.get('alpha')).toBe(a);
    expect(registry.get('beta@2.0.0').version).toBe('2.0.0');
    expect(registry.list().map((s) => [s.id, s.source])).toEqual([
      ['alpha@1.0.0', 'pkg-a'],
      ['beta@2.0.0', undefined],
    ]);
    expect(registry.list()[0]?.paramsSchema).toMatchObject({ type: 'object', properties: { k: { default: 1 } } });
  });

  it('rejects a duplicate name naming both plugins and their sources', () => {
    const registry = new ExplainerRegistry();
    registry.register(make('alpha'), 'pkg-a');
    expect(() => registry.register(make('alpha', '1.1.0'), 'pkg-b')).toThrow(/alpha@1\.1\.0 from pkg-b has the same name as alpha@1\.0\.0 from pkg-a/);
  });

  it('treats registering the very same plugin twice as a no-op', () => {
    const registry = new ExplainerRegistry();
    const alpha = make('alpha');
    registry.register(alpha);
    expect(registry.register(alpha)).toBe(alpha);
  });

  it('says what is registered when a lookup misses', () => {
    const registry = new ExplainerRegistry();
    registry.register(make('grad-cam'));
    try {
      registry.get('grad-cma');
      throw new Error('found');
    } catch (error) {
      expect(isLumenError(error, 'PLUGIN_NOT_FOUND')).toBe(true);
      expect((error as Error).message).toMatch(/did you mean 'grad-cam'/i);
    }
    expect(() => registry.get('grad-cam@9.9.9')).toThrow(/registered version is grad-cam@1\.0\.0/);
  });

  it('shares one default registry per process', () => {
    expect(defaultRegistry()).toBe(defaultRegistry());
  });
});

describe('loading plugins from modules and lumen.config.json', () => {
  let dir: string;
  const coreIndex = path.resolve(import.meta.dirname, '../index.ts');

  beforeAll(async () => {
    dir = await makeTempDir('lumen-plugins-');
    const body = (name: string) => `
      import { defineExplainer, z } from ${JSON.stringify(coreIndex)};
      export default defineExplainer({
        name: '${name}', version: '0.1.0', title: 't', description: 'd',
        params: z.object({}), output: { kind: 'spatial', signed: false },
        explain: async () => ({ attributions: [] }),
      });`;
    await fs.writeFile(path.join(dir, 'good.ts'), body('good-one'));
    await fs.writeFile(path.join(dir, 'dupe.ts'), body('good-one'));
    await fs.writeFile(path.join(dir, 'empty.ts'), 'export const nothing = 1;');
    await fs.writeFile(path.join(dir, 'broken.ts'), 'throw new Error("boom at import");');
    await fs.writeFile(
      path.join(dir, 'bad-shape.ts'),
      `export default { name: 'Bad Name', version: 'x', explain: async () => ({ attributions: [] }) };`,
    );
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('registers the explainers a module exports', async () => {
    const registry = new ExplainerRegistry();
    const loaded = await loadPluginModule('./good.ts', registry, { baseDir: dir });
    expect(loaded.map((e) => e.id)).toEqual(['good-one@0.1.0']);
    expect(registry.list()[0]?.source).toBe('./good.ts');
  });

  it.each([
    ['./empty.ts', 'PLUGIN_INVALID', /exports no explainer/],
    ['./broken.ts', 'PLUGIN_LOAD_FAILED', /boom at import/],
    ['./bad-shape.ts', 'PLUGIN_INVALID', /Bad Name.*from \.\/bad-shape\.ts/],
    ['./missing.ts', 'PLUGIN_LOAD_FAILED', /cannot load plugin '\.\/missing\.ts'/],
  ] as const)('rejects %s with %s', async (specifier, code, message) => {
    const error = await loadPluginModule(specifier, new ExplainerRegistry(), { baseDir: dir }).catch((e: unknown) => e);
    expect(isLumenError(error, code), String(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('loads every plugin a config names and reports each failure', async () => {
    const config = path.join(dir, 'lumen.config.json');
    await fs.writeFile(config, JSON.stringify({ plugins: ['./good.ts', './dupe.ts', './empty.ts'] }));
    const registry = new ExplainerRegistry();
    const error = await loadPluginsFromConfig(config, registry).catch((e: unknown) => e);
    expect(isLumenError(error, 'PLUGIN_LOAD_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/2 plugins/);
    expect((error as Error).message).toMatch(/dupe\.ts has the same name/);
    expect((error as Error).message).toMatch(/empty\.ts' exports no explainer/);
    expect(registry.has('good-one')).toBe(true);
  });

  it('refuses a malformed config with CONFIG_INVALID', async () => {
    const config = path.join(dir, 'bad.config.json');
    await fs.writeFile(config, JSON.stringify({ plugins: 'grad-cam', extra: true }));
    const error = await loadPluginsFromConfig(config, new ExplainerRegistry()).catch((e: unknown) => e);
    expect(isLumenError(error, 'CONFIG_INVALID')).toBe(true);
  });
});
