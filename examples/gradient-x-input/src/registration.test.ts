import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExplainerRegistry, loadPluginsFromConfig } from '@lumen/core';

const config = fileURLToPath(new URL('../lumen.config.json', import.meta.url));

describe('registration through lumen.config.json', () => {
  it('registers the plugin the example config names, as `lumen plugins list` does', async () => {
    const registry = new ExplainerRegistry();
    const loaded = await loadPluginsFromConfig(config, registry);
    expect(loaded.map((p) => p.id)).toEqual(['@lumen-examples/gradient-x-input@1.0.0']);
    const [summary] = registry.list();
    expect(summary).toMatchObject({
      id: '@lumen-examples/gradient-x-input@1.0.0',
      source: './src/index.ts',
      requires: { gradients: true, spatialLayer: false, background: false, guidedRelu: false },
      output: { kind: 'spatial', signed: true },
    });
    const properties = summary?.paramsSchema['properties'] as Record<string, { default: unknown }>;
    expect(Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, v.default]))).toEqual({
      score: 'logit',
      baseline: 0,
      channels: 'sum',
    });
    expect(registry.get('@lumen-examples/gradient-x-input@1.0.0')).toBe(loaded[0]);
  });
});
