/** A plugin's params, one row per field, as its JSON Schema describes them. */
export interface ParamRow {
  name: string;
  type: string;
  defaultValue: string;
  constraints: string;
  description: string;
}

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function typeOf(schema: Schema): string {
  if (schema['const'] !== undefined) return JSON.stringify(schema['const']);
  if (Array.isArray(schema['enum']))
    return schema['enum'].map((v) => JSON.stringify(v)).join(' | ');
  const options = (schema['anyOf'] ?? schema['oneOf']) as unknown;
  if (Array.isArray(options)) return options.filter(isSchema).map(typeOf).join(' | ');
  if (schema['type'] === 'array') {
    const prefix = schema['prefixItems'];
    if (Array.isArray(prefix)) return `[${prefix.filter(isSchema).map(typeOf).join(', ')}]`;
    return isSchema(schema['items']) ? `${typeOf(schema['items'])}[]` : 'array';
  }
  if (schema['type'] === 'object') {
    const properties = isSchema(schema['properties']) ? schema['properties'] : {};
    const discriminator = Object.values(properties).find(
      (p) => isSchema(p) && p['const'] !== undefined,
    );
    return isSchema(discriminator) ? `object (${String(discriminator['const'])})` : 'object';
  }
  return typeof schema['type'] === 'string' ? schema['type'] : 'any';
}

function constraintsOf(schema: Schema): string {
  const parts: string[] = [];
  if (typeof schema['minimum'] === 'number') parts.push(`≥ ${schema['minimum']}`);
  if (typeof schema['exclusiveMinimum'] === 'number') parts.push(`> ${schema['exclusiveMinimum']}`);
  if (typeof schema['maximum'] === 'number' && schema['maximum'] < Number.MAX_SAFE_INTEGER)
    parts.push(`≤ ${schema['maximum']}`);
  if (typeof schema['exclusiveMaximum'] === 'number') parts.push(`< ${schema['exclusiveMaximum']}`);
  if (typeof schema['minLength'] === 'number' && schema['minLength'] > 0)
    parts.push(`length ≥ ${schema['minLength']}`);
  if (typeof schema['minItems'] === 'number') parts.push(`items ≥ ${schema['minItems']}`);
  if (typeof schema['maxItems'] === 'number') parts.push(`items ≤ ${schema['maxItems']}`);
  return parts.join(', ');
}

export function paramRows(paramsSchema: unknown): ParamRow[] {
  if (!isSchema(paramsSchema) || !isSchema(paramsSchema['properties'])) return [];
  return Object.entries(paramsSchema['properties'])
    .filter((entry): entry is [string, Schema] => isSchema(entry[1]))
    .map(([name, schema]) => ({
      name,
      type: typeOf(schema),
      defaultValue: schema['default'] === undefined ? '' : JSON.stringify(schema['default']),
      constraints: constraintsOf(schema),
      description: typeof schema['description'] === 'string' ? schema['description'] : '',
    }));
}
