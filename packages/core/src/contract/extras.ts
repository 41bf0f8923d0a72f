/** A typed array found in a plugin's extras. */
export interface ExtrasArray {
  key: string;
  dtype: 'float32' | 'int32' | 'uint8' | 'float64';
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array | Float64Array;
}

const DTYPES = new Map<string, ExtrasArray['dtype']>([
  ['Float32Array', 'float32'],
  ['Int32Array', 'int32'],
  ['Uint8Array', 'uint8'],
  ['Float64Array', 'float64'],
]);

function typedKind(value: unknown): ExtrasArray['dtype'] | undefined {
  return ArrayBuffer.isView(value) ? DTYPES.get(value.constructor.name) : undefined;
}

/**
 * A plugin's extras split into JSON (kept as is) and typed arrays (stored or written as binary):
 * a typed array, or `{ data: <typed array>, shape }`, becomes an array entry, and the JSON keeps
 * `{ array: key, dtype, shape }` in its place.
 */
export function splitExtras(extras: Record<string, unknown>): { json: Record<string, unknown>; arrays: ExtrasArray[] } {
  const json: Record<string, unknown> = {};
  const arrays: ExtrasArray[] = [];
  for (const [key, value] of Object.entries(extras)) {
    const direct = typedKind(value);
    const nested = value && typeof value === 'object' && !direct ? (value as { data?: unknown; shape?: unknown }) : undefined;
    const nestedKind = nested && Array.isArray(nested.shape) ? typedKind(nested.data) : undefined;
    if (direct) {
      const data = value as ExtrasArray['data'];
      arrays.push({ key, dtype: direct, shape: [data.length], data });
      json[key] = { array: key, dtype: direct, shape: [data.length] };
    } else if (nested && nestedKind) {
      const shape = (nested.shape as number[]).slice();
      arrays.push({ key, dtype: nestedKind, shape, data: nested.data as ExtrasArray['data'] });
      json[key] = { array: key, dtype: nestedKind, shape };
    } else {
      json[key] = value;
    }
  }
  return { json, arrays };
}
