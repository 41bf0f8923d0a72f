import { addImages, setImageMask } from '../../services/images.ts';
import { takeUpload } from '../../services/uploads.ts';
import { UserFacingError, asPayload } from '../errors.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { NEWEST_FIRST, afterCursor, clampFirst, connection } from '../pagination.ts';

const imageSelect = { id: true, teamId: true, sha256: true, filename: true, format: true, width: true, height: true, createdAt: true } as const;

export const imageResolvers: Resolvers = {
  Query: {
    images: async (_p, { first, after }, ctx) => {
      const take = clampFirst(first);
      const where = { teamId: ctx.teamId };
      const [rows, total] = await Promise.all([
        ctx.app.db.image.findMany({ where: { ...where, ...afterCursor(after) }, orderBy: NEWEST_FIRST, take: take + 1, select: imageSelect }),
        ctx.app.db.image.count({ where }),
      ]);
      return connection(rows, take, total);
    },
    image: (_p, { id }, ctx) => ctx.loaders.image.load(id),
    datasets: (_p, _a, ctx) => ctx.app.db.dataset.findMany({ where: { teamId: ctx.teamId }, orderBy: { name: 'asc' } }),
    dataset: (_p, { id }, ctx) => ctx.loaders.dataset.load(id),
  },
  Mutation: {
    addImages: (_p, { input }, ctx) =>
      asPayload(async () => {
        const { images, dataset } = await addImages(ctx.app, ctx.teamId, input);
        return { images, dataset, error: null };
      }),
    setImageMask: (_p, { input }, ctx) =>
      asPayload(async () => {
        const upload = await takeUpload(ctx.app, ctx.teamId, input.uploadId);
        const [file] = upload.files;
        if (!file || upload.files.length !== 1) throw new UserFacingError('INVALID_INPUT', 'a mask upload holds exactly one PNG', { path: ['uploadId'] });
        const image = await setImageMask(ctx.app, ctx.teamId, { imageId: input.imageId, kind: input.kind, png: file.bytes });
        await ctx.app.db.upload.update({ where: { id: upload.id }, data: { status: 'CONSUMED', consumedAt: new Date() } });
        return { image, error: null };
      }),
  },
  Image: {
    url: (image, _a, ctx) => `${ctx.baseUrl}/v1/images/${image.id}`,
    masks: async (image, _a, ctx) =>
      (await ctx.loaders.masksOfImage.load(image.id)).map((m) => ({ kind: m.kind, url: `${ctx.baseUrl}/v1/images/${image.id}/masks/${m.kind}` })),
    label: (image, _a, ctx) => (image.label !== undefined ? image.label : ctx.loaders.labelOfImage.load(image.id)),
  },
  Dataset: {
    size: (dataset, _a, ctx) => ctx.loaders.datasetSize.load(dataset.id),
    images: async (dataset, { first, after }, ctx) => {
      const take = clampFirst(first);
      // Dataset order is by position; the cursor is the position.
      const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) + 1 : 0;
      if (!Number.isInteger(start) || start < 0) throw new UserFacingError('INVALID_INPUT', 'malformed cursor', { path: ['after'] });
      const [rows, total] = await Promise.all([
        ctx.app.db.datasetImage.findMany({
          where: { datasetId: dataset.id, position: { gte: start } },
          orderBy: { position: 'asc' },
          take: take + 1,
          include: { image: { select: imageSelect } },
        }),
        ctx.loaders.datasetSize.load(dataset.id),
      ]);
      const page = rows.slice(0, take);
      return {
        edges: page.map((row) => ({ node: { ...row.image, label: row.label }, cursor: Buffer.from(String(row.position)).toString('base64url') })),
        pageInfo: { hasNextPage: rows.length > take, endCursor: page.length ? Buffer.from(String(page[page.length - 1]?.position)).toString('base64url') : null },
        totalCount: total,
      };
    },
  },
};
