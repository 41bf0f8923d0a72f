/**
 * Recognising an image format from its first bytes (its "magic number"), before any
 * decoder sees the data. This lets `decodeImage` refuse formats it does not support
 * (GIF, TIFF, SVG, ...) without handing them to a parser at all.
 */

/** The formats `decodeImage` accepts. */
export const SUPPORTED_IMAGE_FORMATS = ['png', 'jpeg', 'webp'] as const;
export type SupportedImageFormat = (typeof SUPPORTED_IMAGE_FORMATS)[number];

/** Human names, for messages. */
const FORMAT_NAMES: Record<string, string> = {
  png: 'PNG',
  jpeg: 'JPEG',
  webp: 'WebP',
  gif: 'GIF',
  tiff: 'TIFF',
  bmp: 'BMP',
  ico: 'ICO',
  pdf: 'PDF',
  psd: 'Photoshop (PSD)',
  heif: 'HEIF/HEIC',
  avif: 'AVIF',
  jxl: 'JPEG XL',
  jp2: 'JPEG 2000',
  svg: 'SVG',
  xml: 'XML',
  exr: 'OpenEXR',
  pnm: 'PNM (PBM/PGM/PPM)',
  fits: 'FITS',
  rad: 'Radiance HDR',
};

export function formatName(format: string): string {
  return FORMAT_NAMES[format] ?? format.toUpperCase();
}

/** "PNG, JPEG and WebP", for messages. */
export const SUPPORTED_FORMATS_TEXT = 'PNG, JPEG and WebP';

export function isSupportedFormat(format: string): format is SupportedImageFormat {
  return (SUPPORTED_IMAGE_FORMATS as readonly string[]).includes(format);
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

/**
 * The format named by the file's signature, or undefined when no known signature matches.
 * Names follow sharp's (`png`, `jpeg`, `webp`, `gif`, `tiff`, `svg`, `heif`, ...), with
 * `avif` told apart from other HEIF brands.
 */
export function sniffImageFormat(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return 'tiff';
  // BigTIFF
  if (startsWith(bytes, [0x49, 0x49, 0x2b, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2b]))
    return 'tiff';
  if (startsWith(bytes, ascii('BM')) && bytes.length >= 26) return 'bmp';
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00]) || startsWith(bytes, [0x00, 0x00, 0x02, 0x00]))
    return 'ico';
  if (startsWith(bytes, ascii('%PDF'))) return 'pdf';
  if (startsWith(bytes, ascii('8BPS'))) return 'psd';
  if (startsWith(bytes, [0x76, 0x2f, 0x31, 0x01])) return 'exr';
  if (startsWith(bytes, ascii('#?RADIANCE')) || startsWith(bytes, ascii('#?RGBE'))) return 'rad';
  if (startsWith(bytes, ascii('SIMPLE  ='))) return 'fits';
  if (
    startsWith(bytes, [0xff, 0x0a]) ||
    startsWith(bytes, [0, 0, 0, 0x0c, ...ascii('JXL '), 0x0d, 0x0a, 0x87, 0x0a])
  )
    return 'jxl';
  if (
    startsWith(bytes, [0, 0, 0, 0x0c, ...ascii('jP  '), 0x0d, 0x0a, 0x87, 0x0a]) ||
    startsWith(bytes, [0xff, 0x4f, 0xff, 0x51])
  ) {
    return 'jp2';
  }
  if (startsWith(bytes, ascii('ftyp'), 4)) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    return brand === 'avif' || brand === 'avis' ? 'avif' : 'heif';
  }
  if (
    bytes.length >= 2 &&
    bytes[0] === 0x50 &&
    bytes[1] !== undefined &&
    bytes[1] >= 0x31 &&
    bytes[1] <= 0x37
  ) {
    const third = bytes[2];
    if (third === undefined || third === 0x0a || third === 0x0d || third === 0x20 || third === 0x09)
      return 'pnm';
  }
  return sniffMarkup(bytes);
}

/** SVG (or other XML) after an optional UTF-8 BOM and leading whitespace. */
function sniffMarkup(bytes: Uint8Array): string | undefined {
  let i = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)
  )
    i++;
  if (bytes[i] !== 0x3c /* < */) return undefined;
  const head = new TextDecoder('latin1')
    .decode(bytes.subarray(i, Math.min(bytes.length, i + 4096)))
    .toLowerCase();
  if (head.includes('<svg')) return 'svg';
  if (head.startsWith('<?xml') || head.startsWith('<!doctype')) return 'xml';
  return undefined;
}
