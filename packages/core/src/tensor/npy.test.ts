import { describe, expect, it } from 'vitest';
import { isLumenError } from '../errors.ts';
import { decodeNpy, encodeNpy } from './npy.ts';

const latin1 = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/** A .npy file put together by hand: preamble, header text (already padded), data bytes. */
function npyFile(major: number, header: Uint8Array, data: Uint8Array): Uint8Array {
  const prefix = major === 1 ? 10 : 12;
  const out = new Uint8Array(prefix + header.length + data.length);
  out.set([0x93, ...latin1('NUMPY'), major, 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(header, prefix);
  out.set(data, prefix + header.length);
  return out;
}

/** Pads header text (bytes) with spaces and a final '\n' so the data starts on a 64-byte boundary. */
function padHeader(text: Uint8Array, prefix: number): Uint8Array {
  let len = text.length + 1;
  len += (64 - ((prefix + len) % 64)) % 64;
  const out = new Uint8Array(len).fill(0x20);
  out.set(text);
  out[len - 1] = 0x0a;
  return out;
}

function le32(values: number[], kind: 'f' | 'i'): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) =>
    kind === 'f' ? view.setFloat32(i * 4, v, true) : view.setInt32(i * 4, v, true),
  );
  return out;
}

function rejectsWith(fn: () => unknown, code: string): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(isLumenError(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

describe('encodeNpy', () => {
  it('writes the exact v1.0 header for a float32 (2, 3) array', () => {
    const data = Float32Array.from([0, 1, 2, 3, 4, 5]);
    const bytes = encodeNpy(data, [2, 3]);
    // The dict is 59 characters; numpy's writer then leaves 21 - len('2') = 20 spaces of
    // room to grow axis 0, and the padding takes the whole preamble to 128 bytes:
    // 6 magic + 2 version + 2 length + 59 + 58 spaces + '\n' = 128, HEADER_LEN = 118 = 0x76.
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    expect(dict.length).toBe(59);
    const expected = [
      0x93,
      ...latin1('NUMPY'),
      0x01,
      0x00,
      0x76,
      0x00,
      ...latin1(dict),
      ...new Array(58).fill(0x20),
      0x0a,
    ];
    expect(expected.length).toBe(128);
    expect(Array.from(bytes.subarray(0, 128))).toEqual(expected);
    expect(bytes.length).toBe(128 + 24);
    // little-endian float32 data, C order
    expect(Array.from(bytes.subarray(128, 136))).toEqual([0, 0, 0, 0, 0, 0, 0x80, 0x3f]);
  });

  it('writes dtype and shape spellings like numpy: scalars, 1-d, uint8, float64, int32', () => {
    const header = (b: Uint8Array) =>
      new TextDecoder('latin1').decode(b.subarray(10, 10 + (b[8] ?? 0) + 256 * (b[9] ?? 0)));
    expect(header(encodeNpy(Float64Array.of(1.5), []))).toMatch(
      /^\{'descr': '<f8', 'fortran_order': False, 'shape': \(\), \} *\n$/,
    );
    expect(header(encodeNpy(Int32Array.of(1, 2, 3, 4, 5), [5]))).toContain(
      "{'descr': '<i4', 'fortran_order': False, 'shape': (5,), }",
    );
    expect(header(encodeNpy(new Uint8Array(12), [1, 3, 2, 2]))).toContain("'descr': '|u1'");
    expect(header(encodeNpy(new Uint8Array(12), [1, 3, 2, 2]))).toContain("'shape': (1, 3, 2, 2)");
  });

  it('always starts the data at a multiple of 64 and ends the header with a newline', () => {
    for (const shape of [
      [],
      [3],
      [2, 2],
      [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
      [100000, 1],
    ]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const bytes = encodeNpy(new Float32Array(n), shape);
      const start = 10 + (bytes[8] ?? 0) + 256 * (bytes[9] ?? 0);
      expect(start % 64).toBe(0);
      expect(bytes[start - 1]).toBe(0x0a);
      expect(bytes.length - start).toBe(n * 4);
      // the header is plain ASCII
      expect(bytes.subarray(10, start).every((b) => b < 0x80)).toBe(true);
    }
  });

  it('refuses a shape that does not match the data', () => {
    rejectsWith(() => encodeNpy(new Float32Array(5), [2, 3]), 'SHAPE_MISMATCH');
    rejectsWith(() => encodeNpy(new Float32Array(6), [2, -3]), 'SHAPE_MISMATCH');
    rejectsWith(() => encodeNpy(new Float32Array(5), [2, 2.5]), 'SHAPE_MISMATCH');
  });
});

describe('decodeNpy', () => {
  it('round-trips every supported dtype', () => {
    const cases = [
      [Float32Array.from([1.5, -2, 3.25, NaN, Infinity, 0]), [2, 3], '<f4'],
      [Float64Array.from([Math.PI, -1e300]), [2], '<f8'],
      [Int32Array.from([-2147483648, 2147483647, 0, 7]), [2, 1, 2], '<i4'],
      [Uint8Array.from([0, 128, 255]), [3], '|u1'],
      [Float32Array.of(42), [], '<f4'],
      [new Float32Array(0), [0, 4], '<f4'],
    ] as const;
    for (const [data, shape, dtype] of cases) {
      const back = decodeNpy(encodeNpy(data, shape));
      expect(back.dtype).toBe(dtype);
      expect(back.shape).toEqual(shape);
      expect(back.data.constructor).toBe(data.constructor);
      expect(Array.from(back.data)).toEqual(Array.from(data));
    }
  });

  it('reads data from an unaligned view (a Buffer slice)', () => {
    const file = encodeNpy(Float64Array.from([1, 2, 3]), [3]);
    const shifted = new Uint8Array(file.length + 3);
    shifted.set(file, 3);
    expect(Array.from(decodeNpy(shifted.subarray(3)).data)).toEqual([1, 2, 3]);
    expect(Array.from(decodeNpy(Buffer.from(file)).data)).toEqual([1, 2, 3]);
  });

  it('reads v2.0 headers (32-bit length)', () => {
    const text = padHeader(
      Uint8Array.from(latin1("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }")),
      12,
    );
    const file = npyFile(2, text, le32([1.5, -1], 'f'));
    expect(decodeNpy(file)).toEqual({
      data: Float32Array.from([1.5, -1]),
      shape: [2],
      dtype: '<f4',
    });
  });

  it('handles non-ASCII header bytes by byte length: latin-1 in v1, UTF-8 in v3', () => {
    // v1 header with a latin-1 byte (0xE9, 'é') in an extra key: decoded as one character
    const v1Text = Uint8Array.from([
      ...latin1("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), 'note': 'caf"),
      0xe9,
      ...latin1("', }"),
    ]);
    const v1 = decodeNpy(npyFile(1, padHeader(v1Text, 10), le32([7, 8, 9], 'i')));
    expect(Array.from(v1.data)).toEqual([7, 8, 9]);

    // v3 header with multi-byte UTF-8 ('é' is 2 bytes, '€' 3): HEADER_LEN counts bytes, not characters
    const v3Text = new TextEncoder().encode(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'note': 'café €', }",
    );
    expect(v3Text.length).toBeGreaterThan(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'note': 'café €', }".length,
    );
    const v3 = decodeNpy(npyFile(3, padHeader(v3Text, 12), le32([0.5, 0.25], 'f')));
    expect(Array.from(v3.data)).toEqual([0.5, 0.25]);

    // v3 header bytes that are not valid UTF-8 are refused, not misread
    const broken = Uint8Array.from([
      ...latin1("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': '"),
      0xff,
      ...latin1("', }"),
    ]);
    rejectsWith(
      () => decodeNpy(npyFile(3, padHeader(broken, 12), le32([1], 'f'))),
      'INVALID_PARAMS',
    );
  });

  it('reads big-endian data and Fortran order', () => {
    const be = new Uint8Array(8);
    new DataView(be.buffer).setInt32(0, 258, false);
    new DataView(be.buffer).setInt32(4, -1, false);
    const beFile = npyFile(
      1,
      padHeader(
        Uint8Array.from(latin1("{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }")),
        10,
      ),
      be,
    );
    expect(decodeNpy(beFile)).toEqual({
      data: Int32Array.from([258, -1]),
      shape: [2],
      dtype: '<i4',
    });

    // the C-order array [[0, 1, 2], [3, 4, 5]] stored column by column: 0, 3, 1, 4, 2, 5
    const fFile = npyFile(
      1,
      padHeader(
        Uint8Array.from(latin1("{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }")),
        10,
      ),
      le32([0, 3, 1, 4, 2, 5], 'i'),
    );
    expect(Array.from(decodeNpy(fFile).data)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses what it cannot read', () => {
    rejectsWith(
      () => decodeNpy(Uint8Array.from(latin1('PK\x03\x04 not npy at all'))),
      'INVALID_PARAMS',
    );
    const good = encodeNpy(Float32Array.from([1, 2, 3, 4]), [4]);
    // truncated data
    rejectsWith(() => decodeNpy(good.subarray(0, good.length - 1)), 'SHAPE_MISMATCH');
    // truncated header
    rejectsWith(() => decodeNpy(good.subarray(0, 40)), 'INVALID_PARAMS');
    // unsupported dtype, structured dtype, bad version
    const i8 = npyFile(
      1,
      padHeader(
        Uint8Array.from(latin1("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }")),
        10,
      ),
      new Uint8Array(8),
    );
    expect(() => decodeNpy(i8)).toThrow(/astype/);
    const structured = npyFile(
      1,
      padHeader(
        Uint8Array.from(
          latin1("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }"),
        ),
        10,
      ),
      new Uint8Array(4),
    );
    rejectsWith(() => decodeNpy(structured), 'INVALID_PARAMS');
    const v9 = good.slice();
    v9[6] = 9;
    rejectsWith(() => decodeNpy(v9), 'INVALID_PARAMS');
  });
});
