import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoDataset, writeDemoImages } from './index.ts';

describe('writeDemoImages', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('writes lossless PNGs of the image and its masks, and an index', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-demo-'));
    dirs.push(dir);
    const samples = generateDemoDataset({
      seed: 3,
      count: 5,
      cue: { classLabel: 'square', probability: 1, otherProbability: 0 },
    });
    const written = await writeDemoImages(dir, samples);
    expect(written).toHaveLength(5);
    const index = JSON.parse(await readFile(join(dir, 'samples.json'), 'utf8'));
    expect(index).toEqual(JSON.parse(JSON.stringify(written)));
    for (const [k, entry] of written.entries()) {
      const sample = samples[k]!;
      const image = await sharp(join(dir, entry.image)).raw().toBuffer({ resolveWithObject: true });
      expect(image.info).toMatchObject({ width: 64, height: 64, channels: 3 });
      expect(image.data.equals(Buffer.from(sample.image))).toBe(true);
      expect((await sharp(join(dir, entry.mask)).metadata()).channels).toBe(1);
      const mask = await sharp(join(dir, entry.mask))
        .extractChannel(0)
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect(Array.from(mask.data).map((v) => (v > 127 ? 1 : 0))).toEqual(Array.from(sample.mask));
      expect(entry.cueMask !== null).toBe(sample.label === 'square');
    }
  });
});
