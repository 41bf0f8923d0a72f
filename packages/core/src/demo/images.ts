import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { DemoSample } from './dataset.ts';

export interface WrittenDemoImage {
  index: number;
  label: string;
  hasCue: boolean;
  /** File names, relative to the folder. */
  image: string;
  mask: string;
  cueMask: string | null;
  bbox: DemoSample['bbox'];
  cueBox: DemoSample['cueBox'];
}

function maskToGrey(mask: Uint8Array): Buffer {
  const grey = Buffer.alloc(mask.length);
  for (let i = 0; i < mask.length; i++) grey[i] = mask[i] ? 255 : 0;
  return grey;
}

async function writePng(
  path: string,
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 3,
) {
  const image = sharp(Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength), {
    raw: { width, height, channels },
  });
  // Without this, sharp stores a one-channel mask as RGB.
  if (channels === 1) image.toColourspace('b-w');
  await image.png().toFile(path);
}

/**
 * Writes each sample as `<index>-<label>.png`, its object mask as `<index>-<label>.mask.png`
 * (white = object) and, when it has the mark, `<index>-<label>.cue.png`; plus `samples.json`
 * describing them all. Returns that description.
 */
export async function writeDemoImages(
  dir: string,
  samples: readonly DemoSample[],
): Promise<WrittenDemoImage[]> {
  await mkdir(dir, { recursive: true });
  const written: WrittenDemoImage[] = [];
  for (const sample of samples) {
    const stem = `${String(sample.index).padStart(5, '0')}-${sample.label}`;
    const entry: WrittenDemoImage = {
      index: sample.index,
      label: sample.label,
      hasCue: sample.hasCue,
      image: `${stem}.png`,
      mask: `${stem}.mask.png`,
      cueMask: sample.hasCue ? `${stem}.cue.png` : null,
      bbox: sample.bbox,
      cueBox: sample.cueBox,
    };
    await writePng(join(dir, entry.image), sample.image, sample.width, sample.height, 3);
    await writePng(join(dir, entry.mask), maskToGrey(sample.mask), sample.width, sample.height, 1);
    if (entry.cueMask)
      await writePng(
        join(dir, entry.cueMask),
        maskToGrey(sample.cueMask),
        sample.width,
        sample.height,
        1,
      );
    written.push(entry);
  }
  await writeFile(join(dir, 'samples.json'), `${JSON.stringify(written, null, 2)}\n`);
  return written;
}
