import { describe, expect, it } from 'vitest';
import { NpyError, asFloat32, asInt32, parseNpy, type NpyArray } from './npy.ts';

/** Files written by NumPy 2.4 (`np.lib.format.write_array`), base64: the reference encoder's bytes. */
const NUMPY = {
  float32_2x3:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAIC/AAAAvwAAAAAAAAA/AACAPwAAwD8=',
  int32_be_3x2:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPmk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr////+/////wAAAAAAAAABAAAAAgAAAAM=',
  float32_be_2x2:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPmY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/wAAAwBAAAAAAAABA4AAA',
  float64_fortran_2x3:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAAhAAAAAAAAA8D8AAAAAAAAQQAAAAAAAAABAAAAAAAAAFEA=',
  uint8_3:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoA/wc=',
  float32_v2_2x2:
    'k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAwAAAQEAAAIBA',
  bool_4:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAB',
  scalar_f8:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAKQA==',
  int64_3:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr//////////wAAAAAAAQAABQAAAAAAAAA=',
};

const values = (array: NpyArray) => Array.from(array.data as Iterable<number | bigint>, Number);

function file(name: keyof typeof NUMPY): ArrayBuffer {
  const bytes = Buffer.from(NUMPY[name], 'base64');
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

describe('parseNpy on files NumPy wrote', () => {
  it('reads a little-endian float32 matrix', () => {
    const array = parseNpy(file('float32_2x3'));
    expect(array.dtype).toBe('float32');
    expect(array.shape).toEqual([2, 3]);
    expect(values(array)).toEqual([-1, -0.5, 0, 0.5, 1, 1.5]);
  });

  it('reads big-endian integers and floats into host order', () => {
    const ints = parseNpy(file('int32_be_3x2'));
    expect(ints.dtype).toBe('int32');
    expect(ints.shape).toEqual([3, 2]);
    expect(values(ints)).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(values(parseNpy(file('float32_be_2x2')))).toEqual([1.5, -2.25, 0, 7]);
  });

  it('returns Fortran-ordered data in C order', () => {
    const array = parseNpy(file('float64_fortran_2x3'));
    expect(array.shape).toEqual([2, 3]);
    expect(values(array)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('reads format version 2 headers', () => {
    const array = parseNpy(file('float32_v2_2x2'));
    expect(array.shape).toEqual([2, 2]);
    expect(values(array)).toEqual([1.5, -2, 3, 4]);
  });

  it('reads bytes, booleans, 0-d arrays and int64', () => {
    expect(values(parseNpy(file('uint8_3')))).toEqual([0, 255, 7]);
    expect(values(parseNpy(file('bool_4')))).toEqual([1, 0, 0, 1]);
    const scalar = parseNpy(file('scalar_f8'));
    expect(scalar.shape).toEqual([]);
    expect(values(scalar)).toEqual([3.25]);
    const big = parseNpy(file('int64_3'));
    expect(big.dtype).toBe('int64');
    expect(Array.from(asFloat32(big))).toEqual([-1, 2 ** 40, 5]);
    expect(Array.from(asInt32(parseNpy(file('uint8_3'))))).toEqual([0, 255, 7]);
  });
});

describe('parseNpy refuses what it cannot read', () => {
  it('names bad magic bytes', () => {
    expect(() => parseNpy(new TextEncoder().encode('PNG not npy').buffer)).toThrow(NpyError);
  });

  it('names truncated data', () => {
    const whole = file('float32_2x3');
    expect(() => parseNpy(whole.slice(0, whole.byteLength - 4))).toThrow(/truncated/);
  });

  it('names unsupported dtypes', () => {
    const bytes = new Uint8Array(file('uint8_3'));
    const at = Buffer.from(bytes).indexOf("'|u1'");
    bytes.set(new TextEncoder().encode("'<c8'"), at);
    expect(() => parseNpy(bytes.buffer)).toThrow(/dtype '<c8'/);
  });
});
