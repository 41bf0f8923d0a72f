import { encodeNpy } from '@lumen/core';
import express, { type Response } from 'express';
import type { Db } from '../db/client.ts';

const CONTENT_TYPES: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };
const NPY_DTYPES = { float32: Float32Array, int32: Int32Array, uint8: Uint8Array, float64: Float64Array } as const;

function send(res: Response, type: string, bytes: Uint8Array, filename?: string): void {
  res.set('Content-Type', type).set('Cache-Control', 'private, max-age=31536000, immutable');
  if (filename) res.set('Content-Disposition', `attachment; filename="${filename}"`);
  res.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

function npy(dtype: string, shape: number[], bytes: Uint8Array): Uint8Array {
  const Typed = NPY_DTYPES[dtype as keyof typeof NPY_DTYPES];
  if (!Typed) throw new Error(`cannot export dtype ${dtype} as .npy`);
  const copy = bytes.slice();
  return encodeNpy(new Typed(copy.buffer, 0, copy.byteLength / Typed.BYTES_PER_ELEMENT), shape);
}

/**
 * Binary resources behind the GraphQL URLs, scoped to the caller's team (res.locals.teamId):
 * images, masks, rendered overlays and raw attribution maps as .npy.
 */
export function blobRoutes(db: Db): express.Router {
  const router = express.Router();
  const notFound = (res: Response) => res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such resource for this team' } });
  const team = (res: Response) => res.locals['teamId'] as string;
  const uuid = /^[0-9a-f-]{36}$/i;

  router.get('/images/:id', async (req, res) => {
    if (!uuid.test(req.params.id)) return notFound(res);
    const image = await db.image.findFirst({ where: { id: req.params.id, teamId: team(res) }, select: { bytes: true, format: true } });
    if (!image) return notFound(res);
    send(res, CONTENT_TYPES[image.format] ?? 'application/octet-stream', image.bytes);
  });

  router.get('/images/:id/masks/:kind', async (req, res) => {
    if (!uuid.test(req.params.id)) return notFound(res);
    const mask = await db.imageMask.findFirst({ where: { imageId: req.params.id, kind: req.params.kind, image: { teamId: team(res) } }, select: { png: true } });
    if (!mask) return notFound(res);
    send(res, 'image/png', mask.png);
  });

  const explanation = (id: string, teamId: string) => db.explanation.findFirst({ where: { id, run: { teamId } }, select: { id: true } });

  router.get('/explanations/:id/:file', async (req, res) => {
    const { id, file } = req.params;
    if (!uuid.test(id) || !(await explanation(id, team(res)))) return notFound(res);
    if (file === 'overlay.png' || file === 'heatmap.png') {
      const row = await db.explanation.findUniqueOrThrow({ where: { id }, select: { overlayPng: file === 'overlay.png', heatmapPng: file === 'heatmap.png' } });
      return send(res, 'image/png', (file === 'overlay.png' ? row.overlayPng : row.heatmapPng) as Uint8Array);
    }
    if (file === 'attribution.npy') {
      const row = await db.explanation.findUniqueOrThrow({ where: { id }, select: { attribution: true, shape: true, dtype: true } });
      return send(res, 'application/octet-stream', npy(row.dtype, row.shape, row.attribution), `attribution-${id}.npy`);
    }
    return notFound(res);
  });

  router.get('/explanations/:id/arrays/:file', async (req, res) => {
    const { id, file } = req.params;
    const key = file.replace(/\.npy$/, '');
    if (!uuid.test(id) || !(await explanation(id, team(res)))) return notFound(res);
    const array = await db.explanationArray.findUnique({ where: { explanationId_key: { explanationId: id, key } } });
    if (!array) return notFound(res);
    send(res, 'application/octet-stream', npy(array.dtype, array.shape, array.bytes), `${key}-${id}.npy`);
  });

  return router;
}
