import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLumenError, type LumenError } from '../errors.ts';
import { decodeImage, readImageHeader } from './decode.ts';
import { sniffImageFormat } from './format.ts';

/** A deterministic RGB test pattern. */
function pattern(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 3 * (y * width + x);
      data[i] = (x * 37 + y * 11) % 256;
      data[i + 1] = (x * 5 + y * 71) % 256;
      data[i + 2] = (x * y * 13 + 7) % 256;
    }
  }
  return data;
}

/** A smooth pattern that lossy codecs reproduce closely. */
function smooth(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 3 * (y * width + x);
      data[i] = Math.round((255 * x) / (width - 1));
      data[i + 1] = Math.round((255 * y) / (height - 1));
      data[i + 2] = 128;
    }
  }
  return data;
}

function raw(data: Uint8Array, width: number, height: number, channels: 1 | 3 | 4 = 3): Sharp {
  return sharp(data, { raw: { width, height, channels } });
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

function pixel(img: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const i = 3 * (y * img.width + x);
  return Array.from(img.data.subarray(i, i + 3));
}

/** A PNG chunk: length, type, data, CRC-32 over type + data (PNG spec section 5.3). */
function pngChunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A hand-built PNG: signature, IHDR with the given fields, one IDAT, IEND. */
function handPng(
  width: number,
  height: number,
  bitDepth: number,
  colourType: number,
  idat: Uint8Array,
): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colourType;
  // compression 0, filter 0, interlace 0
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

async function rejection(promise: Promise<unknown>): Promise<LumenError> {
  try {
    await promise;
  } catch (error) {
    if (isLumenError(error)) return error;
    throw new Error(`expected a LumenError, got ${String(error)}`);
  }
  throw new Error('expected a rejection');
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lumen-image-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('decodeImage: codecs round-trip', () => {
  it('decodes PNG losslessly', async () => {
    const data = pattern(17, 9);
    const png = await raw(data, 17, 9).png().toBuffer();
    const img = await decodeImage(png);
    expect(img.width).toBe(17);
    expect(img.height).toBe(9);
    expect(img.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(img.data)).toEqual(Array.from(data));
  });

  it('decodes lossless WebP exactly and lossy WebP closely', async () => {
    const data = pattern(20, 12);
    const lossless = await raw(data, 20, 12).webp({ lossless: true }).toBuffer();
    expect(Array.from((await decodeImage(lossless)).data)).toEqual(Array.from(data));

    const soft = smooth(32, 24);
    const lossy = await raw(soft, 32, 24).webp({ quality: 95 }).toBuffer();
    const img = await decodeImage(lossy);
    expect([img.width, img.height]).toEqual([32, 24]);
    expect(meanAbsDiff(img.data, soft)).toBeLessThan(4);
  });

  it('decodes JPEG closely', async () => {
    const soft = smooth(48, 32);
    const jpeg = await raw(soft, 48, 32)
      .jpeg({ quality: 95, chromaSubsampling: '4:4:4' })
      .toBuffer();
    const img = await decodeImage(jpeg);
    expect([img.width, img.height]).toEqual([48, 32]);
    expect(meanAbsDiff(img.data, soft)).toBeLessThan(3);
  });

  it('decodes from a file path', async () => {
    const data = pattern(5, 4);
    const path = join(dir, 'pattern.png');
    await writeFile(path, await raw(data, 5, 4).png().toBuffer());
    expect(Array.from((await decodeImage(path)).data)).toEqual(Array.from(data));
  });

  it('turns greyscale into RGB with equal channels', async () => {
    const grey = Uint8Array.from([0, 60, 120, 255, 7, 200]);
    const png = await raw(grey, 3, 2, 1).toColourspace('b-w').png().toBuffer();
    expect((await sharp(png).metadata()).channels).toBe(1);
    const img = await decodeImage(png);
    expect(Array.from(img.data)).toEqual(Array.from(grey).flatMap((v) => [v, v, v]));
  });

  it('scales 16-bit PNG samples down to 8 bits', async () => {
    // 2x1 greyscale, 16 bits per sample: 0xFFFF, 0x8080, big-endian, filter byte 0.
    const png = handPng(2, 1, 16, 0, deflateSync(Buffer.from([0, 0xff, 0xff, 0x80, 0x80])));
    const img = await decodeImage(png);
    expect(Array.from(img.data)).toEqual([255, 255, 255, 128, 128, 128]);
  });

  it('decodes palette PNG', async () => {
    const data = new Uint8Array(4 * 4 * 3);
    for (let i = 0; i < 16; i++) data.set(i % 2 === 0 ? [255, 0, 0] : [0, 0, 255], 3 * i);
    const png = await raw(data, 4, 4).png({ palette: true }).toBuffer();
    expect((await sharp(png).metadata()).isPalette).toBe(true);
    const img = await decodeImage(png);
    expect(pixel(img, 0, 0)).toEqual([255, 0, 0]);
    expect(pixel(img, 1, 0)).toEqual([0, 0, 255]);
  });

  it('converts CMYK JPEG to RGB', async () => {
    const red = new Uint8Array(16 * 16 * 3);
    for (let i = 0; i < 256; i++) red.set([220, 30, 30], 3 * i);
    const cmyk = await raw(red, 16, 16).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const img = await decodeImage(cmyk);
    const [r, g, b] = pixel(img, 8, 8);
    expect(r).toBeGreaterThan(150);
    expect(g).toBeLessThan(100);
    expect(b).toBeLessThan(100);
  });
});

describe('decodeImage: orientation and alpha', () => {
  it('applies EXIF orientation 6 (rotate 90 degrees clockwise)', async () => {
    // 16x8: left half red, right half blue.
    const data = new Uint8Array(16 * 8 * 3);
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 16; x++) data.set(x < 8 ? [255, 0, 0] : [0, 0, 255], 3 * (y * 16 + x));
    const jpeg = await raw(data, 16, 8)
      .jpeg({ quality: 100 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const header = await readImageHeader(jpeg);
    expect(header).toMatchObject({ format: 'jpeg', width: 16, height: 8, orientation: 6 });

    const img = await decodeImage(jpeg);
    // Displayed upright: 8 wide, 16 tall; the old left column is now the top row.
    expect([img.width, img.height]).toEqual([8, 16]);
    const top = pixel(img, 4, 2);
    const bottom = pixel(img, 4, 13);
    expect(top[0]).toBeGreaterThan(200);
    expect(top[2]).toBeLessThan(60);
    expect(bottom[2]).toBeGreaterThan(200);
    expect(bottom[0]).toBeLessThan(60);
  });

  it('flattens alpha onto white by default, and onto a stated background', async () => {
    // three RGBA pixels: opaque green, fully transparent red, half-transparent blue (alpha 128).
    const rgba = Uint8Array.from([0, 255, 0, 255, 255, 0, 0, 0, 0, 0, 255, 128]);
    const png = await raw(rgba, 3, 1, 4).png().toBuffer();
    expect((await readImageHeader(png)).hasAlpha).toBe(true);

    const onWhite = await decodeImage(png);
    expect(pixel(onWhite, 0, 0)).toEqual([0, 255, 0]);
    expect(pixel(onWhite, 1, 0)).toEqual([255, 255, 255]);
    // 255 * (1 - 128/255) = 127 for r and g, blue stays 255.
    const half = pixel(onWhite, 2, 0);
    expect(Math.abs((half[0] ?? 0) - 127)).toBeLessThanOrEqual(1);
    expect(Math.abs((half[1] ?? 0) - 127)).toBeLessThanOrEqual(1);
    expect(half[2]).toBe(255);

    const onBlack = await decodeImage(png, { background: [0, 0, 0] });
    expect(pixel(onBlack, 1, 0)).toEqual([0, 0, 0]);
    const halfOnBlack = pixel(onBlack, 2, 0);
    expect(halfOnBlack[0]).toBe(0);
    expect(Math.abs((halfOnBlack[2] ?? 0) - 128)).toBeLessThanOrEqual(1);
  });
});

describe('decodeImage: limits', () => {
  it('refuses a PNG whose header claims 100000x100000 without decoding it', async () => {
    // The IDAT holds 10 zero bytes: decoding would fail as corrupt, so TOO_LARGE proves
    // the refusal came from the header alone.
    const bomb = handPng(100_000, 100_000, 8, 2, deflateSync(Buffer.alloc(10)));
    expect(bomb.length).toBeLessThan(100);
    expect(await readImageHeader(bomb)).toMatchObject({
      format: 'png',
      width: 100_000,
      height: 100_000,
    });

    const started = performance.now();
    const error = await rejection(decodeImage(bomb));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.code).toBe('IMAGE_TOO_LARGE');
    expect(error.message).toContain('100000x100000');
    expect(error.message).toContain('40000000');
    expect(error.details).toMatchObject({ width: 100_000, height: 100_000, maxPixels: 40_000_000 });
  });

  it('refuses a tiny, highly compressible image above a lowered pixel limit', async () => {
    const png = await sharp({
      create: { width: 2000, height: 2000, channels: 3, background: { r: 0, g: 0, b: 0 } },
    })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(png.length).toBeLessThan(20_000);
    const error = await rejection(decodeImage(png, { maxPixels: 1_000_000 }));
    expect(error.code).toBe('IMAGE_TOO_LARGE');
    expect(error.message).toContain('2000x2000');
    expect(error.message).toContain('1000000');
    // under the default limit the same image decodes
    const img = await decodeImage(png);
    expect([img.width, img.height]).toEqual([2000, 2000]);
  });

  it('refuses bytes and files over maxBytes', async () => {
    const png = await raw(pattern(16, 16), 16, 16).png().toBuffer();
    const error = await rejection(decodeImage(png, { maxBytes: 100 }));
    expect(error.code).toBe('IMAGE_TOO_LARGE');
    expect(error.details).toMatchObject({ bytes: png.length, maxBytes: 100 });

    const path = join(dir, 'big.png');
    await writeFile(path, png);
    expect((await rejection(decodeImage(path, { maxBytes: 100 }))).code).toBe('IMAGE_TOO_LARGE');
  });

  it('rejects nonsensical limits', async () => {
    expect((await rejection(decodeImage(new Uint8Array(8), { maxPixels: 0 }))).code).toBe(
      'INVALID_PARAMS',
    );
  });
});

describe('decodeImage: bad input', () => {
  it('reports a truncated PNG as IMAGE_INVALID and keeps the cause', async () => {
    const png = await raw(pattern(64, 64), 64, 64).png().toBuffer();
    const truncated = png.subarray(0, Math.floor(png.length / 2));
    const error = await rejection(decodeImage(truncated));
    expect(error.code).toBe('IMAGE_INVALID');
    expect(error.message).toContain('PNG');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('reports a truncated JPEG as IMAGE_INVALID', async () => {
    const jpeg = await raw(pattern(64, 64), 64, 64).jpeg().toBuffer();
    const error = await rejection(decodeImage(jpeg.subarray(0, Math.floor(jpeg.length * 0.6))));
    expect(error.code).toBe('IMAGE_INVALID');
    expect(error.cause).toBeDefined();
  });

  it('reports a PNG signature followed by junk as IMAGE_INVALID', async () => {
    const junk = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('not really a png'),
    ]);
    expect((await rejection(decodeImage(junk))).code).toBe('IMAGE_INVALID');
  });

  it('reports unrecognisable bytes as IMAGE_INVALID naming the supported formats', async () => {
    const error = await rejection(decodeImage(Buffer.from('hello, this is text')));
    expect(error.code).toBe('IMAGE_INVALID');
    expect(error.message).toContain('PNG, JPEG and WebP');
  });

  it('reports a missing file as IMAGE_INVALID', async () => {
    const error = await rejection(decodeImage(join(dir, 'nope.png')));
    expect(error.code).toBe('IMAGE_INVALID');
    expect(error.message).toContain('nope.png');
  });

  it.each([
    ['GIF', 'gif', () => raw(pattern(8, 8), 8, 8).gif().toBuffer()],
    ['TIFF', 'tiff', () => raw(pattern(8, 8), 8, 8).tiff().toBuffer()],
    [
      'SVG',
      'svg',
      async () =>
        Buffer.from(
          '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>',
        ),
    ],
  ])('refuses %s as IMAGE_UNSUPPORTED', async (name, format, make) => {
    const bytes = await make();
    expect(sniffImageFormat(bytes)).toBe(format);
    const error = await rejection(decodeImage(bytes));
    expect(error.code).toBe('IMAGE_UNSUPPORTED');
    expect(error.message).toContain(name);
    expect(error.message).toContain('PNG, JPEG and WebP');
    expect(error.details).toMatchObject({ format });
  });
});

describe('readImageHeader', () => {
  it('reads format and size of any format sharp knows', async () => {
    const gif = await raw(pattern(7, 3), 7, 3).gif().toBuffer();
    expect(await readImageHeader(gif)).toMatchObject({
      format: 'gif',
      width: 7,
      height: 3,
      orientation: 1,
    });
    const webp = await raw(pattern(9, 4), 9, 4).webp().toBuffer();
    expect(await readImageHeader(webp)).toMatchObject({ format: 'webp', width: 9, height: 4 });
  });

  it('throws IMAGE_INVALID for non-images', async () => {
    expect((await rejection(readImageHeader(Buffer.from('plain text')))).code).toBe(
      'IMAGE_INVALID',
    );
  });
});
