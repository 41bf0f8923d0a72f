import { loadRegistry } from '../plugins.ts';

interface JsonSchemaProperty {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
}

export async function listPluginsCommand(options: { config: string; json?: boolean }): Promise<void> {
  const registry = await loadRegistry(options.config);
  const plugins = registry.list();
  if (options.json) {
    process.stdout.write(`${JSON.stringify(plugins, null, 2)}\n`);
    return;
  }
  const lines: string[] = [`${plugins.length} explainer plugin(s) from ${options.config}`, ''];
  for (const plugin of plugins) {
    const needs = Object.entries(plugin.requires)
      .filter(([, value]) => value)
      .map(([key]) => key);
    lines.push(`${plugin.id}  ${plugin.title}${plugin.source ? `  (${plugin.source})` : ''}`);
    lines.push(`  ${plugin.description}`);
    lines.push(`  output: ${plugin.output.kind}${plugin.output.signed ? ', signed' : ''}${needs.length ? `; needs: ${needs.join(', ')}` : ''}`);
    const properties = (plugin.paramsSchema['properties'] ?? {}) as Record<string, JsonSchemaProperty>;
    for (const [name, schema] of Object.entries(properties)) {
      const type = schema.enum ? schema.enum.map((v) => JSON.stringify(v)).join('|') : (schema.type ?? 'any');
      lines.push(`    ${name}: ${type} = ${JSON.stringify(schema.default)}${schema.description ? `  ${schema.description}` : ''}`);
    }
    lines.push('');
  }
  process.stdout.write(`${lines.join('\n')}`);
}
