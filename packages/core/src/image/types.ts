import { LumenError } from '../errors.ts';

/** An 8-bit RGB image, row-major, channels interleaved (`r,g,b,r,g,b,...`). */
export interface RgbImage {
  width: number;
  height: number;
  /** length = width * height * 3 */
  data: Uint8Array;
}

/** An 8-bit RGBA image (straight, not premultiplied alpha), for PNG output with transparency. */
export interface RgbaImage {
  width: number;
  height: number;
  /** length = width * height * 4 */
  data: Uint8Array;
  channels: 4;
}

/** An RGB colour, each component 0..255. */
export type Rgb = readonly [number, number, number];

function isPositiveInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0;
}

/**
 * Throws SHAPE_MISMATCH unless `img` is a well-formed image with `channels` interleaved
 * 8-bit channels. `what` names the argument in the message.
 */
export function assertImage(
  img: { width: number; height: number; data: Uint8Array },
  channels: number,
  what: string,
): void {
  if (!isPositiveInt(img.width) || !isPositiveInt(img.height)) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `${what} has width ${String(img.width)} and height ${String(img.height)}; both must be positive integers.`,
      { details: { width: img.width, height: img.height } },
    );
  }
  if (!(img.data instanceof Uint8Array)) {
    throw new LumenError('SHAPE_MISMATCH', `${what}.data must be a Uint8Array of 8-bit samples.`);
  }
  const expected = img.width * img.height * channels;
  if (img.data.length !== expected) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `${what} is ${img.width}x${img.height} with ${channels} channels, so its data needs ${expected} bytes, but it has ${img.data.length}; ` +
        `pass interleaved ${channels === 3 ? 'RGB' : channels === 4 ? 'RGBA' : `${channels}-channel`} data of that length.`,
      {
        details: {
          width: img.width,
          height: img.height,
          channels,
          expected,
          actual: img.data.length,
        },
      },
    );
  }
}

/** Throws SHAPE_MISMATCH unless `img` is a well-formed RgbImage. */
export function assertRgbImage(img: RgbImage, what = 'image'): void {
  assertImage(img, 3, what);
}

/** Throws SHAPE_MISMATCH unless `color` is three numbers in 0..255. */
export function assertRgb(color: Rgb, what = 'color'): void {
  if (
    !Array.isArray(color) ||
    color.length !== 3 ||
    !color.every((c) => typeof c === 'number' && Number.isFinite(c) && c >= 0 && c <= 255)
  ) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `${what} must be [r, g, b] with each component in 0..255, got ${JSON.stringify(color)}.`,
    );
  }
}

/** A view of a Node Buffer (or any byte array) as a plain Uint8Array, without copying. */
export function asPlainBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
