import { open } from 'node:fs/promises';
import sharp, { type OutputInfo } from 'sharp';
import { LumenError, messageOf } from '../errors.ts';
import {
  SUPPORTED_FORMATS_TEXT,
  formatName,
  isSupportedFormat,
  sniffImageFormat,
  type SupportedImageFormat,
} from './format.ts';
import { asPlainBytes, assertRgb, type Rgb, type RgbImage } from './types.ts';

/** Limits that protect the process from oversized or hostile images. */
export interface ImageLimits {
  /** Largest accepted width x height, read from the header before decoding. */
  maxPixels: number;
  /** Largest accepted encoded size (file or buffer), in bytes. */
  maxBytes: number;
}

export const DEFAULT_IMAGE_LIMITS: Readonly<ImageLimits> = Object.freeze({
  maxPixels: 40_000_000,
  maxBytes: 50 * 1024 * 1024,
});

/** Transparent pixels are composited onto this colour (white) unless told otherwise. */
export const DEFAULT_BACKGROUND: Rgb = Object.freeze([255, 255, 255]) as Rgb;

export interface DecodeOptions extends Partial<ImageLimits> {
  /** The colour alpha is flattened onto. Default white, `DEFAULT_BACKGROUND`. */
  background?: Rgb;
}

/** What an image's header says, read without decoding its pixels. */
export interface ImageHeader {
  /** sharp's format name: 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff' | 'svg' | 'heif' | ... */
  format: SupportedImageFormat | (string & {});
  /** Stored width, before EXIF orientation. */
  width: number;
  /** Stored height, before EXIF orientation. */
  height: number;
  /** EXIF orientation 1..8 (1 when absent). Orientations 5..8 swap width and height on decode. */
  orientation: number;
  hasAlpha: boolean;
}

function resolveLimits(options: DecodeOptions): ImageLimits {
  const limits: ImageLimits = {
    maxPixels: options.maxPixels ?? DEFAULT_IMAGE_LIMITS.maxPixels,
    maxBytes: options.maxBytes ?? DEFAULT_IMAGE_LIMITS.maxBytes,
  };
  for (const key of ['maxPixels', 'maxBytes'] as const) {
    const value = limits[key];
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new LumenError(
        'INVALID_PARAMS',
        `limits.${key} must be a positive integer, got ${String(value)}.`,
        {
          details: { [key]: value },
        },
      );
    }
  }
  return limits;
}

function tooManyBytes(what: string, size: number, maxBytes: number): LumenError {
  return new LumenError(
    'IMAGE_TOO_LARGE',
    `${what} is ${size} bytes, over the limit of ${maxBytes} bytes (${(maxBytes / 1048576).toFixed(1)} MiB); ` +
      `use a smaller or more compressed file, or raise limits.maxBytes.`,
    { details: { bytes: size, maxBytes } },
  );
}

async function readSourceFile(path: string, maxBytes: number): Promise<Uint8Array> {
  const what = `image file "${path}"`;
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new LumenError(
      'IMAGE_INVALID',
      `Cannot open ${what}: ${messageOf(error)}. Check that the path exists and is readable.`,
      {
        cause: error,
        details: { path },
      },
    );
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new LumenError(
        'IMAGE_INVALID',
        `${what} is not a regular file; pass the path of a PNG, JPEG or WebP file.`,
        {
          details: { path },
        },
      );
    }
    if (stat.size > maxBytes) throw tooManyBytes(what, stat.size, maxBytes);
    return asPlainBytes(await handle.readFile());
  } catch (error) {
    if (error instanceof LumenError) throw error;
    throw new LumenError('IMAGE_INVALID', `Cannot read ${what}: ${messageOf(error)}.`, {
      cause: error,
      details: { path },
    });
  } finally {
    await handle.close();
  }
}

function notDecodable(what: string, format: string | undefined, error: unknown): LumenError {
  const as = format === undefined ? 'an image' : `a ${formatName(format)} image`;
  return new LumenError(
    'IMAGE_INVALID',
    `${what} could not be read as ${as}: ${messageOf(error)}. The data is corrupt or truncated; re-export or re-download the image.`,
    { cause: error, details: format === undefined ? {} : { format } },
  );
}

function toBytes(source: Uint8Array): Uint8Array {
  if (!(source instanceof Uint8Array)) {
    throw new LumenError(
      'INVALID_PARAMS',
      'An image source must be a Uint8Array (or Buffer) of encoded bytes, or a file path string.',
    );
  }
  return source;
}

/**
 * Reads format and dimensions from the image header only (sharp's metadata; no pixel
 * decoding, no pixel limit). Throws IMAGE_INVALID when the bytes are not a readable image.
 */
export async function readImageHeader(bytes: Uint8Array): Promise<ImageHeader> {
  const data = toBytes(bytes);
  try {
    const meta = await sharp(data, { limitInputPixels: false }).metadata();
    return {
      format: meta.format,
      width: meta.width,
      height: meta.height,
      orientation: meta.orientation ?? 1,
      hasAlpha: meta.hasAlpha,
    };
  } catch (error) {
    throw notDecodable('The image data', sniffImageFormat(data), error);
  }
}

/**
 * Decodes a PNG, JPEG or WebP image (bytes, or a file path) to 8-bit RGB.
 *
 * - Refuses other formats (GIF, TIFF, SVG, ...) by their signature, before any decoder runs:
 *   IMAGE_UNSUPPORTED.
 * - Refuses files over `maxBytes`, and images whose header claims more than `maxPixels`,
 *   before decoding (IMAGE_TOO_LARGE); sharp's own `limitInputPixels` is set to the same
 *   limit as a second guard.
 * - Applies the EXIF orientation, so width/height are the displayed ones.
 * - Flattens alpha onto `background` (default white) and converts grey, palette, 16-bit
 *   and CMYK images to 8-bit RGB.
 * - Embedded ICC profiles are ignored, as Keras/PIL and tf.image do when models are
 *   trained, so pixel values match the usual training pipelines.
 * - Corrupt or truncated data: IMAGE_INVALID, with the decoder's error as `cause`.
 */
export async function decodeImage(
  source: Uint8Array | string,
  options: DecodeOptions = {},
): Promise<RgbImage> {
  const limits = resolveLimits(options);
  const background = options.background ?? DEFAULT_BACKGROUND;
  assertRgb(background, 'background');

  let bytes: Uint8Array;
  let what: string;
  if (typeof source === 'string') {
    what = `Image file "${source}"`;
    bytes = await readSourceFile(source, limits.maxBytes);
  } else {
    what = 'The image data';
    bytes = toBytes(source);
    if (bytes.byteLength > limits.maxBytes)
      throw tooManyBytes(what, bytes.byteLength, limits.maxBytes);
  }

  const sniffed = sniffImageFormat(bytes);
  if (sniffed === undefined) {
    throw new LumenError(
      'IMAGE_INVALID',
      `${what} is not a recognisable image: its first bytes match no known image signature. Supported formats: ${SUPPORTED_FORMATS_TEXT}.`,
      { details: { bytes: bytes.byteLength } },
    );
  }
  if (!isSupportedFormat(sniffed)) {
    throw new LumenError(
      'IMAGE_UNSUPPORTED',
      `${what} is a ${formatName(sniffed)} file; Lumen decodes ${SUPPORTED_FORMATS_TEXT} only. Convert it to PNG (lossless) or JPEG first.`,
      { details: { format: sniffed, supported: ['png', 'jpeg', 'webp'] } },
    );
  }

  // Header only: no pixel is decoded here, whatever the dimensions claim.
  let header: ImageHeader;
  try {
    header = await readImageHeader(bytes);
  } catch (error) {
    throw notDecodable(
      what,
      sniffed,
      error instanceof LumenError && error.cause !== undefined ? error.cause : error,
    );
  }
  if (header.format !== sniffed) {
    throw new LumenError(
      'IMAGE_INVALID',
      `${what} starts like a ${formatName(sniffed)} file but its header reads as ${formatName(header.format)}; re-export it as ${SUPPORTED_FORMATS_TEXT}.`,
      { details: { signature: sniffed, format: header.format } },
    );
  }
  const pixels = header.width * header.height;
  if (pixels > limits.maxPixels) {
    throw new LumenError(
      'IMAGE_TOO_LARGE',
      `${what} is ${header.width}x${header.height} (${pixels} pixels), over the limit of ${limits.maxPixels} pixels ` +
        `(${(limits.maxPixels / 1e6).toFixed(1)} megapixels); downscale it before use, or raise limits.maxPixels.`,
      {
        details: {
          width: header.width,
          height: header.height,
          pixels,
          maxPixels: limits.maxPixels,
          format: header.format,
        },
      },
    );
  }

  const [r, g, b] = background;
  let output: { data: Buffer; info: OutputInfo };
  try {
    output = await sharp(bytes, {
      limitInputPixels: limits.maxPixels,
      failOn: 'error',
      autoOrient: true,
      ignoreIcc: true,
    })
      .flatten({ background: { r, g, b } })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    if (/exceeds pixel limit/i.test(messageOf(error))) {
      throw new LumenError(
        'IMAGE_TOO_LARGE',
        `${what} exceeds the limit of ${limits.maxPixels} pixels; downscale it before use, or raise limits.maxPixels.`,
        { cause: error, details: { maxPixels: limits.maxPixels } },
      );
    }
    throw notDecodable(what, sniffed, error);
  }
  return toRgb(output.data, output.info, what);
}

/** Makes sure decoder output is 3-channel 8-bit; sharp normally delivers exactly that. */
function toRgb(data: Buffer, info: OutputInfo, what: string): RgbImage {
  const { width, height, channels } = info;
  const bytes = asPlainBytes(data);
  if (channels === 3 && bytes.length === width * height * 3) return { width, height, data: bytes };
  if (channels === 1 && bytes.length === width * height) {
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0; i < bytes.length; i++) {
      const v = bytes[i] ?? 0;
      rgb[3 * i] = v;
      rgb[3 * i + 1] = v;
      rgb[3 * i + 2] = v;
    }
    return { width, height, data: rgb };
  }
  throw new LumenError(
    'IMAGE_INVALID',
    `${what} decoded to ${channels} channels, which Lumen cannot turn into RGB; re-save it as an RGB PNG or JPEG.`,
    {
      details: { channels, width, height },
    },
  );
}
