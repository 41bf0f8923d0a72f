/**
 * NumPy `.npy` files (format versions 1.0, 2.0 and 3.0), so attributions can be handed
 * to Python tools (`numpy.load`) and reference arrays read back in tests.
 *
 * Layout: the magic `\x93NUMPY`, a major and a minor version byte, the header length
 * (uint16 little-endian in v1, uint32 in v2/v3), then the header: a Python dict literal
 * with keys 'descr', 'fortran_order', 'shape', padded with spaces and ended by '\n' so
 * that the data starts at a multiple of 64 bytes. The header is latin-1 in v1/v2 and
 * UTF-8 in v3. The data follows, raw, in the byte order `descr` states.
 */
import { LumenError } from '../errors.ts';

export type NpyArray = Float32Array | Float64Array | Int32Array | Uint8Array;
/** The dtypes Lumen reads and writes, in NumPy's little-endian spelling. */
export type NpyDtype = '<f4' | '<f8' | '<i4' | '|u1';

export interface NpyFile {
  data: NpyArray;
  shape: number[];
  dtype: NpyDtype;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;
/** numpy.save leaves room to grow the first axis in place; so do we, for byte-identical files. */
const GROWTH_AXIS_MAX_DIGITS = 21;

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface DtypeInfo {
  dtype: NpyDtype;
  size: number;
  make: (length: number) => NpyArray;
  read: (view: DataView, offset: number, littleEndian: boolean) => number;
  write: (view: DataView, offset: number, value: number) => void;
}

const DTYPES: Record<'f4' | 'f8' | 'i4' | 'u1', DtypeInfo> = {
  f4: {
    dtype: '<f4',
    size: 4,
    make: (n) => new Float32Array(n),
    read: (v, o, le) => v.getFloat32(o, le),
    write: (v, o, x) => v.setFloat32(o, x, true),
  },
  f8: {
    dtype: '<f8',
    size: 8,
    make: (n) => new Float64Array(n),
    read: (v, o, le) => v.getFloat64(o, le),
    write: (v, o, x) => v.setFloat64(o, x, true),
  },
  i4: {
    dtype: '<i4',
    size: 4,
    make: (n) => new Int32Array(n),
    read: (v, o, le) => v.getInt32(o, le),
    write: (v, o, x) => v.setInt32(o, x, true),
  },
  u1: {
    dtype: '|u1',
    size: 1,
    make: (n) => new Uint8Array(n),
    read: (v, o) => v.getUint8(o),
    write: (v, o, x) => v.setUint8(o, x),
  },
};

function dtypeOf(data: NpyArray): DtypeInfo {
  if (data instanceof Float32Array) return DTYPES.f4;
  if (data instanceof Float64Array) return DTYPES.f8;
  if (data instanceof Int32Array) return DTYPES.i4;
  if (data instanceof Uint8Array) return DTYPES.u1;
  throw new LumenError(
    'INVALID_PARAMS',
    'encodeNpy writes Float32Array, Float64Array, Int32Array or Uint8Array data.',
  );
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Python's repr of a tuple of ints: (), (5,), (2, 3). */
function shapeRepr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * Encodes a C-order array as a `.npy` file (version 1.0; 2.0 only if the header would not
 * fit a 16-bit length). The header is byte-identical to `numpy.save`'s.
 */
export function encodeNpy(data: NpyArray, shape: readonly number[]): Uint8Array {
  const info = dtypeOf(data);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `shape must be a list of non-negative integers, got ${JSON.stringify(shape)}.`,
    );
  }
  if (product(shape) !== data.length) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `shape [${shape.join(', ')}] holds ${product(shape)} values but the data has ${data.length}; pass the shape of the data (C order).`,
      { details: { shape: [...shape], length: data.length } },
    );
  }
  let header = `{'descr': '${info.dtype}', 'fortran_order': False, 'shape': ${shapeRepr(shape)}, }`;
  if (shape.length > 0)
    header += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));

  let major = 1;
  let prefix = MAGIC.length + 2 + 2;
  let padded = header.length + 1; // + '\n'
  padded += (ALIGN - ((prefix + padded) % ALIGN)) % ALIGN;
  if (padded > 0xffff) {
    major = 2;
    prefix = MAGIC.length + 2 + 4;
    padded = header.length + 1;
    padded += (ALIGN - ((prefix + padded) % ALIGN)) % ALIGN;
  }
  const text = header.padEnd(padded - 1, ' ') + '\n';

  const out = new Uint8Array(prefix + padded + data.byteLength);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[6] = major;
  out[7] = 0;
  if (major === 1) view.setUint16(8, padded, true);
  else view.setUint32(8, padded, true);
  for (let i = 0; i < text.length; i++) out[prefix + i] = text.charCodeAt(i); // ASCII only
  const start = prefix + padded;
  if (HOST_LITTLE_ENDIAN || info.size === 1) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), start);
  } else {
    for (let i = 0; i < data.length; i++) info.write(view, start + i * info.size, data[i] ?? 0);
  }
  return out;
}

function invalid(message: string, details: Record<string, unknown> = {}): LumenError {
  return new LumenError('INVALID_PARAMS', `Not a readable .npy file: ${message}`, { details });
}

/* ---------- a small reader for the header's Python literal ---------- */

type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

function parsePyLiteral(text: string): PyValue {
  let i = 0;
  const skip = (): void => {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  };
  const fail = (what: string): never => {
    throw invalid(
      `malformed header (${what} at character ${i}): ${JSON.stringify(text.slice(0, 200))}`,
    );
  };
  const value = (): PyValue => {
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: { [key: string]: PyValue } = {};
      for (;;) {
        skip();
        if (text[i] === '}') {
          i++;
          return obj;
        }
        const key = value();
        if (typeof key !== 'string') fail('a non-string key');
        skip();
        if (text[i] !== ':') fail("a missing ':'");
        i++;
        obj[key as string] = value();
        skip();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') fail("a missing ',' or '}'");
      }
    }
    if (c === '(' || c === '[') {
      const close = c === '(' ? ')' : ']';
      i++;
      const items: PyValue[] = [];
      for (;;) {
        skip();
        if (text[i] === close) {
          i++;
          return items;
        }
        items.push(value());
        skip();
        if (text[i] === ',') i++;
        else if (text[i] !== close) fail(`a missing ',' or '${close}'`);
      }
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) fail('an unterminated string');
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    const word = /^(True|False|None|-?\d+L?)/.exec(text.slice(i));
    if (!word || word[0] === undefined) return fail('an unexpected token');
    i += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    return Number(word[0].replace('L', ''));
  };
  const result = value();
  skip();
  if (i !== text.length) fail('trailing characters');
  return result;
}

/* ---------- decoding ---------- */

/** Reads a `.npy` file (v1.0, v2.0, v3.0) holding float32/float64/int32/uint8 data, either byte order, C or Fortran order. */
export function decodeNpy(bytes: Uint8Array): NpyFile {
  if (!(bytes instanceof Uint8Array)) throw invalid('expected a Uint8Array of bytes.');
  if (bytes.length < 10 || !MAGIC.every((b, k) => bytes[k] === b)) {
    throw invalid('it does not start with the magic string \\x93NUMPY.');
  }
  const major = bytes[6] ?? 0;
  const minor = bytes[7] ?? 0;
  if (minor !== 0 || major < 1 || major > 3)
    throw invalid(`format version ${major}.${minor} is not 1.0, 2.0 or 3.0.`, { major, minor });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.length < prefix) throw invalid('the file ends inside its preamble.');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = prefix + headerLength;
  if (start > bytes.length)
    throw invalid(
      `its header claims ${headerLength} bytes but the file has ${bytes.length - prefix} after the preamble.`,
    );
  // Lengths are in bytes: decode only after slicing, so multi-byte characters cannot shift the data offset.
  const headerBytes = bytes.subarray(prefix, start);
  let text: string;
  try {
    text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1', { fatal: major === 3 }).decode(
      headerBytes,
    );
  } catch (error) {
    throw new LumenError(
      'INVALID_PARAMS',
      'Not a readable .npy file: its version 3.0 header is not valid UTF-8.',
      { cause: error },
    );
  }

  const header = parsePyLiteral(text);
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    throw invalid('the header is not a dict.');
  const { descr, fortran_order: fortranOrder, shape } = header;
  if (typeof descr !== 'string') {
    throw invalid(
      `descr ${JSON.stringify(descr)} is a structured dtype; Lumen reads plain float32, float64, int32 and uint8 arrays.`,
    );
  }
  if (typeof fortranOrder !== 'boolean')
    throw invalid("the header lacks a boolean 'fortran_order'.");
  if (
    !Array.isArray(shape) ||
    !shape.every((d): d is number => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)
  ) {
    throw invalid(`shape ${JSON.stringify(shape)} is not a tuple of non-negative integers.`);
  }
  const m = /^([<>|=])(f4|f8|i4|u1)$/.exec(descr);
  const kind = m?.[2] as keyof typeof DTYPES | undefined;
  if (!m || kind === undefined) {
    throw invalid(
      `dtype ${JSON.stringify(descr)} is not supported; save float32, float64, int32 or uint8 (e.g. arr.astype('<f4')).`,
      {
        descr,
      },
    );
  }
  const info = DTYPES[kind];
  const littleEndian = m[1] === '<' || m[1] === '|' || (m[1] === '=' && HOST_LITTLE_ENDIAN);
  const count = product(shape);
  const byteLength = count * info.size;
  if (bytes.length - start < byteLength) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `The .npy data is truncated: shape (${shape.join(', ')}) of ${descr} needs ${byteLength} bytes, the file has ${bytes.length - start}.`,
      { details: { shape, descr, needed: byteLength, available: bytes.length - start } },
    );
  }
  let data: NpyArray;
  if (info.size === 1 || littleEndian === HOST_LITTLE_ENDIAN) {
    // copy into a fresh, aligned buffer (Buffer#slice would be a view into a shared pool)
    const copy = new Uint8Array(bytes.subarray(start, start + byteLength));
    data =
      kind === 'f4'
        ? new Float32Array(copy.buffer)
        : kind === 'f8'
          ? new Float64Array(copy.buffer)
          : kind === 'i4'
            ? new Int32Array(copy.buffer)
            : copy;
  } else {
    data = info.make(count);
    for (let k = 0; k < count; k++) data[k] = info.read(view, start + k * info.size, littleEndian);
  }
  if (fortranOrder && shape.length > 1) data = fortranToC(data, shape, info);
  return { data, shape: [...shape], dtype: info.dtype };
}

/** Reorders Fortran-order (first axis fastest) values into C order (last axis fastest). */
function fortranToC(src: NpyArray, shape: readonly number[], info: DtypeInfo): NpyArray {
  const n = src.length;
  const out = info.make(n);
  const ndim = shape.length;
  // Fortran strides, in elements
  const fStride: number[] = [];
  let s = 1;
  for (let d = 0; d < ndim; d++) {
    fStride.push(s);
    s *= shape[d] ?? 1;
  }
  const index = new Array<number>(ndim).fill(0);
  let f = 0;
  for (let c = 0; c < n; c++) {
    out[c] = src[f] ?? 0;
    // advance the C-order multi-index (last axis fastest), keeping the Fortran offset in step
    for (let d = ndim - 1; d >= 0; d--) {
      const i = (index[d] ?? 0) + 1;
      if (i < (shape[d] ?? 1)) {
        index[d] = i;
        f += fStride[d] ?? 0;
        break;
      }
      f -= ((shape[d] ?? 1) - 1) * (fStride[d] ?? 0);
      index[d] = 0;
    }
  }
  return out;
}
