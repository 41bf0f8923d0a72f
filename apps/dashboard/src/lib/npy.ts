/**
 * Reads NumPy .npy files (format versions 1, 2 and 3) in the browser: the raw attribution
 * maps and extras arrays the API serves. Any byte order; C or Fortran order (returned in C order).
 */

export type NpyData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

export interface NpyArray {
  /** The dtype as NumPy names it: float32, int32, uint8... */
  dtype: string;
  shape: number[];
  /** Values in C (row-major) order, in the host's byte order. */
  data: NpyData;
}

export class NpyError extends Error {
  override readonly name = 'NpyError';
}

interface TypedArrayConstructor {
  new (length: number): NpyData;
  new (buffer: ArrayBuffer): NpyData;
}

interface DtypeInfo {
  name: string;
  size: number;
  ctor: TypedArrayConstructor;
  read: (view: DataView, offset: number, littleEndian: boolean) => number | bigint;
}

const DTYPES: Record<string, DtypeInfo> = {
  f4: { name: 'float32', size: 4, ctor: Float32Array, read: (v, o, le) => v.getFloat32(o, le) },
  f8: { name: 'float64', size: 8, ctor: Float64Array, read: (v, o, le) => v.getFloat64(o, le) },
  i1: { name: 'int8', size: 1, ctor: Int8Array, read: (v, o) => v.getInt8(o) },
  u1: { name: 'uint8', size: 1, ctor: Uint8Array, read: (v, o) => v.getUint8(o) },
  b1: { name: 'bool', size: 1, ctor: Uint8Array, read: (v, o) => v.getUint8(o) },
  i2: { name: 'int16', size: 2, ctor: Int16Array, read: (v, o, le) => v.getInt16(o, le) },
  u2: { name: 'uint16', size: 2, ctor: Uint16Array, read: (v, o, le) => v.getUint16(o, le) },
  i4: { name: 'int32', size: 4, ctor: Int32Array, read: (v, o, le) => v.getInt32(o, le) },
  u4: { name: 'uint32', size: 4, ctor: Uint32Array, read: (v, o, le) => v.getUint32(o, le) },
  i8: { name: 'int64', size: 8, ctor: BigInt64Array, read: (v, o, le) => v.getBigInt64(o, le) },
  u8: { name: 'uint64', size: 8, ctor: BigUint64Array, read: (v, o, le) => v.getBigUint64(o, le) },
};

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function headerField(header: string, key: string): string {
  const match = new RegExp(`['"]${key}['"]\\s*:\\s*('[^']*'|"[^"]*"|True|False|\\([^)]*\\))`).exec(
    header,
  );
  if (!match?.[1]) throw new NpyError(`.npy header has no '${key}': ${header.trim()}`);
  return match[1];
}

function parseShape(text: string): number[] {
  const inner = text.slice(1, -1).trim();
  if (inner === '') return [];
  const shape = inner
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => Number(part.replace(/L$/, '')));
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0))
    throw new NpyError(`.npy shape ${text} is not a tuple of sizes`);
  return shape;
}

/** Index in C order of the element at Fortran-order position `f`. */
function fortranToC(f: number, shape: number[]): number {
  let c = 0;
  let stride = 1;
  const strides = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d] ?? 1;
  }
  let rest = f;
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d] ?? 1;
    c += (rest % size) * (strides[d] ?? 0);
    rest = Math.floor(rest / size);
  }
  return c;
}

export function parseNpy(buffer: ArrayBuffer): NpyArray {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 10 || !MAGIC.every((b, i) => bytes[i] === b))
    throw new NpyError('not a .npy file (bad magic bytes)');
  const major = bytes[6];
  const view = new DataView(buffer);
  let headerStart: number;
  let headerLength: number;
  if (major === 1) {
    headerStart = 10;
    headerLength = view.getUint16(8, true);
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new NpyError('truncated .npy header');
    headerStart = 12;
    headerLength = view.getUint32(8, true);
  } else {
    throw new NpyError(`.npy format version ${major} is not supported (1, 2 or 3)`);
  }
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) throw new NpyError('truncated .npy header');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(headerStart, dataStart),
  );

  const descr = headerField(header, 'descr').slice(1, -1);
  const fortranOrder = headerField(header, 'fortran_order') === 'True';
  const shape = parseShape(headerField(header, 'shape'));
  const order = descr[0];
  const info = DTYPES[descr.slice(1)];
  if (!info || (order !== '<' && order !== '>' && order !== '|' && order !== '='))
    throw new NpyError(`.npy dtype '${descr}' is not supported`);
  const littleEndian = order !== '>';

  const length = shape.reduce((n, d) => n * d, 1);
  if (dataStart + length * info.size > bytes.length) {
    throw new NpyError(
      `.npy data is truncated: shape [${shape.join(', ')}] needs ${length * info.size} bytes, got ${bytes.length - dataStart}`,
    );
  }
  const needsReorder = fortranOrder && shape.length > 1;
  if (littleEndian === HOST_LITTLE_ENDIAN && !needsReorder) {
    return {
      dtype: info.name,
      shape,
      data: new info.ctor(buffer.slice(dataStart, dataStart + length * info.size)),
    };
  }
  const data = new info.ctor(length);
  for (let i = 0; i < length; i++) {
    const value = info.read(view, dataStart + i * info.size, littleEndian);
    (data as unknown as (number | bigint)[])[needsReorder ? fortranToC(i, shape) : i] = value;
  }
  return { dtype: info.name, shape, data };
}

/** The values as float32, for maps (int64 values beyond 2^53 lose precision). */
export function asFloat32(array: NpyArray): Float32Array {
  if (array.data instanceof Float32Array) return array.data;
  const out = new Float32Array(array.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Number(array.data[i]);
  return out;
}

/** The values as whole numbers (segment labels, indices). */
export function asInt32(array: NpyArray): Int32Array {
  if (array.data instanceof Int32Array) return array.data;
  const out = new Int32Array(array.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Number(array.data[i]);
  return out;
}
