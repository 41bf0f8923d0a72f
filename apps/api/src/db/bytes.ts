/** Prisma's Bytes fields want a Uint8Array over a plain ArrayBuffer; Node's Buffers qualify at run time. */
export function asBytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return data as Uint8Array<ArrayBuffer>;
}
