/**
 * Plugins publish their params as JSON Schema draft 2020-12 (from zod). The form library
 * renders and validates draft-07, so the schema is rewritten to its draft-07 equivalent:
 * tuples (`prefixItems` + `items`) become `items` arrays + `additionalItems`, `$defs`
 * become `definitions`; choices (`anyOf` / `oneOf`) get titles a person can pick from.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonSchema = { [key: string]: Json };

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(option: JsonSchema): string {
  if (option['const'] !== undefined) return JSON.stringify(option['const']).replace(/^"|"$/g, '');
  if (Array.isArray(option['enum'])) return option['enum'].map((v) => String(v)).join(' / ');
  const properties = isObject(option['properties']) ? option['properties'] : undefined;
  const discriminator =
    properties &&
    Object.values(properties).find((p) => isObject(p) && typeof p['const'] === 'string');
  if (isObject(discriminator)) return String(discriminator['const']);
  const type = option['type'];
  if (type === 'array') {
    const items = Array.isArray(option['items']) ? option['items'] : undefined;
    return items ? `list of ${items.length} values` : 'list';
  }
  if (type === 'integer') return 'whole number';
  return typeof type === 'string' ? type : 'option';
}

function convert(node: Json, path: string[]): Json {
  if (Array.isArray(node)) return node.map((item, i) => convert(item, [...path, String(i)]));
  if (!isObject(node)) return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema') continue;
    if (key === '$defs') out['definitions'] = convert(value, [...path, 'definitions']);
    else if (key === '$ref' && typeof value === 'string')
      out['$ref'] = value.replace('#/$defs/', '#/definitions/');
    else if (key === 'prefixItems') continue;
    else if (key === 'items' && Array.isArray(node['prefixItems'])) continue;
    else out[key] = convert(value, [...path, key]);
  }
  if (Array.isArray(node['prefixItems'])) {
    out['items'] = convert(node['prefixItems'], [...path, 'items']);
    if (node['items'] !== undefined)
      out['additionalItems'] = convert(node['items'], [...path, 'additionalItems']);
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = out[key];
    if (Array.isArray(options)) {
      out[key] = options.map((option) =>
        isObject(option) && option['title'] === undefined
          ? { ...option, title: typeName(option) }
          : option,
      );
    }
  }
  return out;
}

export function toFormSchema(paramsSchema: unknown): JsonSchema {
  if (!isObject(paramsSchema)) return { type: 'object', properties: {} };
  return convert(paramsSchema as Json, []) as JsonSchema;
}

/** Field names as labels: "numSamples" -> "Num samples". */
export function labelOf(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The form's layout hints: every property labelled from its name, constant discriminators
 * (e.g. `algorithm: "slic"` inside a choice) hidden, required text kept as typed.
 */
export function uiSchemaFor(schema: JsonSchema): JsonSchema {
  const ui: JsonSchema = {};
  const properties = isObject(schema['properties']) ? schema['properties'] : {};
  for (const [name, property] of Object.entries(properties)) {
    if (!isObject(property)) continue;
    const entry: JsonSchema = {
      'ui:title': typeof property['title'] === 'string' ? property['title'] : labelOf(name),
    };
    if (property['const'] !== undefined) entry['ui:widget'] = 'hidden';
    // A cleared text field stays an empty string, so the schema's minLength message shows instead of a silent default.
    if (
      property['type'] === 'string' &&
      typeof property['minLength'] === 'number' &&
      property['minLength'] > 0
    )
      entry['ui:emptyValue'] = '';
    if (isObject(property['properties'])) Object.assign(entry, uiSchemaFor(property));
    ui[name] = entry;
  }
  return ui;
}
