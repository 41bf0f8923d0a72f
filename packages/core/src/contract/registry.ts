import { LumenError } from '../errors.ts';
import { closestNames } from '../model/layer-search.ts';
import { validateExplainer } from './define-explainer.ts';
import type { AnyExplainer, ExplainerRequirements } from './explainer.ts';
import { paramsJsonSchema } from './params.ts';

export interface ExplainerSummary {
  id: string;
  name: string;
  version: string;
  title: string;
  description: string;
  reference?: { title: string; url: string };
  requires: ExplainerRequirements;
  output: { kind: 'spatial' | 'pixel'; signed: boolean };
  paramsSchema: Record<string, unknown>;
  /** Where the plugin came from (package name or file), when known. */
  source?: string;
}

interface Entry {
  explainer: AnyExplainer;
  source?: string;
}

/** Registered explainers by name. One version per name at a time. */
export class ExplainerRegistry {
  private readonly entries = new Map<string, Entry>();

  /** Validate and add a plugin. Throws PLUGIN_INVALID or PLUGIN_DUPLICATE naming it. */
  register(candidate: unknown, source?: string): AnyExplainer {
    const explainer = validateExplainer(candidate, source);
    const existing = this.entries.get(explainer.name);
    if (existing) {
      if (existing.explainer === candidate || existing.explainer.explain === explainer.explain) return existing.explainer;
      throw new LumenError(
        'PLUGIN_DUPLICATE',
        `plugin ${explainer.id}${source ? ` from ${source}` : ''} has the same name as ${existing.explainer.id}${existing.source ? ` from ${existing.source}` : ''}; plugin names must be unique (scope yours, e.g. @team/${explainer.name})`,
        { details: { plugin: explainer.id, existing: existing.explainer.id, source, existingSource: existing.source } },
      );
    }
    this.entries.set(explainer.name, source === undefined ? { explainer } : { explainer, source });
    return explainer;
  }

  has(nameOrId: string): boolean {
    return this.find(nameOrId) !== undefined;
  }

  /** By name, or by name@version (the version must then match). */
  get(nameOrId: string): AnyExplainer {
    const found = this.find(nameOrId);
    if (found) return found;
    const names = [...this.entries.keys()];
    const similar = closestNames(nameOrId.replace(/@[^@/]*$/, ''), names);
    const existing = this.entries.get(splitId(nameOrId).name);
    throw new LumenError(
      'PLUGIN_NOT_FOUND',
      existing
        ? `explainer ${nameOrId} is not registered; the registered version is ${existing.explainer.id}`
        : `no explainer named '${nameOrId}'.${similar.length ? ` Did you mean ${similar.map((s) => `'${s}'`).join(', ')}?` : ''} Registered: ${names.join(', ') || 'none'}`,
      { details: { requested: nameOrId, registered: names } },
    );
  }

  list(): ExplainerSummary[] {
    return [...this.entries.values()]
      .map(({ explainer, source }) => ({
        id: explainer.id,
        name: explainer.name,
        version: explainer.version,
        title: explainer.title,
        description: explainer.description,
        ...(explainer.reference ? { reference: explainer.reference } : {}),
        requires: { ...explainer.requires },
        output: { ...explainer.output },
        paramsSchema: paramsJsonSchema(explainer.params),
        ...(source ? { source } : {}),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  unregister(name: string): boolean {
    return this.entries.delete(name);
  }

  private find(nameOrId: string): AnyExplainer | undefined {
    const { name, version } = splitId(nameOrId);
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    return version === undefined || entry.explainer.version === version ? entry.explainer : undefined;
  }
}

function splitId(nameOrId: string): { name: string; version?: string } {
  const at = nameOrId.lastIndexOf('@');
  if (at <= 0) return { name: nameOrId };
  return { name: nameOrId.slice(0, at), version: nameOrId.slice(at + 1) };
}

const GLOBAL_KEY = Symbol.for('lumen.explainer-registry');

/** The process-wide registry, shared even if two copies of @lumen/core are loaded. */
export function defaultRegistry(): ExplainerRegistry {
  const holder = globalThis as unknown as Record<symbol, ExplainerRegistry | undefined>;
  let registry = holder[GLOBAL_KEY];
  if (!registry) {
    registry = new ExplainerRegistry();
    holder[GLOBAL_KEY] = registry;
  }
  return registry;
}
