import type { ExplainerRegistry } from '@lumen/core';
import type { Db } from '../db/client.ts';

/** Record the registry's plugins (name@version, params JSON Schema) so clients can list them. */
export async function syncPlugins(db: Db, registry: ExplainerRegistry): Promise<void> {
  for (const plugin of registry.list()) {
    const data = {
      title: plugin.title,
      description: plugin.description,
      paramsSchema: plugin.paramsSchema as object,
      requires: { ...plugin.requires },
      output: { ...plugin.output },
      reference: plugin.reference ? { ...plugin.reference } : undefined,
      source: plugin.source ?? null,
    };
    await db.plugin.upsert({
      where: { name_version: { name: plugin.name, version: plugin.version } },
      update: data,
      create: { name: plugin.name, version: plugin.version, ...data },
    });
  }
}
