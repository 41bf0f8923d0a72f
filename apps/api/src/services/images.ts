import { createHash } from 'node:crypto';
import { decodeImage, readImageHeader, SUPPORTED_IMAGE_FORMATS, LumenError } from '@lumen/core';
import { asBytes } from '../db/bytes.ts';
import type { Dataset, Image } from '../generated/prisma/client.ts';
import { UserFacingError, notFound } from '../graphql/errors.ts';
import type { AppContext } from './app-context.ts';
import { takeUpload } from './uploads.ts';

export interface IncomingImage {
  name: string;
  bytes: Uint8Array;
}

/**
 * Checks an image the way it will be used: the header first (a decompression bomb is refused
 * before any pixel is decoded), then a full decode within the pixel limit.
 */
export async function inspectImage(app: AppContext, file: IncomingImage) {
  const header = await readImageHeader(file.bytes).catch((cause: unknown) => {
    throw new LumenError('IMAGE_INVALID', `'${file.name}' is not a readable image (${(cause as Error).message})`, { cause });
  });
  if (!(SUPPORTED_IMAGE_FORMATS as readonly string[]).includes(header.format)) {
    throw new LumenError('IMAGE_UNSUPPORTED', `'${file.name}' is ${header.format}; Lumen reads ${SUPPORTED_IMAGE_FORMATS.join(', ')}`);
  }
  await decodeImage(file.bytes, { maxPixels: app.config.LUMEN_MAX_IMAGE_PIXELS });
  return header;
}

/** Every image checked first, so a bad one in the batch leaves nothing stored. */
async function inspectAll(app: AppContext, files: IncomingImage[]) {
  const headers = [];
  for (const file of files) {
    try {
      headers.push(await inspectImage(app, file));
    } catch (error) {
      if (error instanceof LumenError) {
        throw new LumenError(error.code, `${file.name}: ${error.message}`, { cause: error, details: { ...error.details, file: file.name } });
      }
      throw error;
    }
  }
  return headers;
}

/**
 * Store images (deduplicated per team by content), optionally adding them to a dataset, which
 * may be given as a function so that it is only created once every image has passed.
 */
export async function storeImages(
  app: AppContext,
  teamId: string,
  files: IncomingImage[],
  options: { dataset?: Dataset | (() => Promise<Dataset>); labels?: Record<string, string> } = {},
): Promise<Image[]> {
  const headers = await inspectAll(app, files);
  const images: Image[] = [];
  for (const [i, file] of files.entries()) {
    const header = headers[i] as (typeof headers)[number];
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const image = await app.db.image.upsert({
      where: { teamId_sha256: { teamId, sha256 } },
      update: {},
      create: { teamId, sha256, filename: file.name, format: header.format, width: header.width, height: header.height, bytes: asBytes(file.bytes) },
    });
    images.push(image);
  }
  if (options.dataset) {
    const dataset = typeof options.dataset === 'function' ? await options.dataset() : options.dataset;
    const start = await app.db.datasetImage.count({ where: { datasetId: dataset.id } });
    await app.db.datasetImage.createMany({
      data: images.map((image, i) => ({
        datasetId: dataset.id,
        imageId: image.id,
        position: start + i,
        label: options.labels?.[files[i]?.name ?? ''] ?? null,
      })),
      skipDuplicates: true,
    });
  }
  return images;
}

export async function findOrCreateDataset(app: AppContext, teamId: string, name: string, description = ''): Promise<Dataset> {
  const trimmed = name.trim();
  if (!trimmed) throw new UserFacingError('INVALID_INPUT', 'a dataset needs a name', { path: ['datasetName'] });
  return app.db.dataset.upsert({
    where: { teamId_name: { teamId, name: trimmed } },
    update: {},
    create: { teamId, name: trimmed, description },
  });
}

export interface AddImagesInput {
  uploadId: string;
  datasetId?: string | null;
  datasetName?: string | null;
  labels?: unknown;
}

export async function addImages(app: AppContext, teamId: string, input: AddImagesInput): Promise<{ images: Image[]; dataset: Dataset | null }> {
  if (input.labels !== undefined && input.labels !== null && (typeof input.labels !== 'object' || Array.isArray(input.labels))) {
    throw new UserFacingError('INVALID_INPUT', 'labels maps file names to labels, e.g. { "cat1.jpg": "cat" }', { path: ['labels'] });
  }
  let dataset: Dataset | null = null;
  if (input.datasetId) {
    dataset = await app.db.dataset.findFirst({ where: { id: input.datasetId, teamId } });
    if (!dataset) throw notFound('dataset', input.datasetId);
  }
  const datasetName = input.datasetName;
  const upload = await takeUpload(app, teamId, input.uploadId);
  const images = await storeImages(
    app,
    teamId,
    upload.files.map((f) => ({ name: f.name, bytes: f.bytes })),
    {
      ...(dataset ? { dataset } : datasetName ? { dataset: async () => (dataset = await findOrCreateDataset(app, teamId, datasetName)) } : {}),
      ...(input.labels ? { labels: input.labels as Record<string, string> } : {}),
    },
  );
  await app.db.upload.update({ where: { id: upload.id }, data: { status: 'CONSUMED', consumedAt: new Date() } });
  return { images, dataset };
}

/** A binary mask PNG of the image's size; non-zero pixels are inside. */
export async function setImageMask(app: AppContext, teamId: string, input: { imageId: string; kind: string; png: Uint8Array }): Promise<Image> {
  const image = await app.db.image.findFirst({ where: { id: input.imageId, teamId } });
  if (!image) throw notFound('image', input.imageId);
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(input.kind)) {
    throw new UserFacingError('INVALID_INPUT', 'a mask kind is lower-case, e.g. "object" or "cue"', { path: ['kind'] });
  }
  const header = await readImageHeader(input.png);
  if (header.format !== 'png' || header.width !== image.width || header.height !== image.height) {
    throw new UserFacingError('INVALID_INPUT', `a mask is a PNG of the image's size (${image.width}x${image.height}); got ${header.format} ${header.width}x${header.height}`, {
      path: ['uploadId'],
    });
  }
  await decodeImage(input.png, { maxPixels: app.config.LUMEN_MAX_IMAGE_PIXELS });
  await app.db.imageMask.upsert({
    where: { imageId_kind: { imageId: image.id, kind: input.kind } },
    update: { png: asBytes(input.png) },
    create: { imageId: image.id, kind: input.kind, png: asBytes(input.png) },
  });
  return image;
}
