import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode.ts';
import { encodePng } from './encode.ts';

describe('encodePng', () => {
  it('writes an RGB PNG that decodes to the same pixels', async () => {
    const img = {
      width: 3,
      height: 2,
      data: Uint8Array.from({ length: 18 }, (_, i) => (i * 29) % 256),
    };
    const png = await encodePng(img);
    expect(png).toBeInstanceOf(Uint8Array);
    expect(Array.from(png.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(await decodeImage(png)).toEqual(img);
  });

  it('writes RGBA when given channels: 4', async () => {
    const data = Uint8Array.from([255, 0, 0, 255, 0, 0, 255, 0]);
    const png = await encodePng({ width: 2, height: 1, data, channels: 4 });
    const meta = await sharp(png).metadata();
    expect([meta.channels, meta.hasAlpha]).toEqual([4, true]);
    const { data: back } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(Array.from(back)).toEqual(Array.from(data));
  });

  it('refuses data of the wrong length', async () => {
    await expect(encodePng({ width: 2, height: 2, data: new Uint8Array(3) })).rejects.toThrow(
      /needs 12 bytes/,
    );
  });
});
