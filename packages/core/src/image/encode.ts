import sharp from 'sharp';
import { asPlainBytes, assertImage, type RgbImage, type RgbaImage } from './types.ts';

/** Lossless PNG of an RGB image, or of an RGBA image when it says `channels: 4`. */
export async function encodePng(img: RgbImage | RgbaImage): Promise<Uint8Array> {
  const channels = 'channels' in img && img.channels === 4 ? 4 : 3;
  assertImage(img, channels, 'image');
  const png = await sharp(img.data, { raw: { width: img.width, height: img.height, channels } })
    .png({ compressionLevel: 6, adaptiveFiltering: true })
    .toBuffer();
  return asPlainBytes(png);
}
