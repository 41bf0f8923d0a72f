import type { Upload, UploadFile } from '../generated/prisma/client.ts';
import { UserFacingError, notFound } from '../graphql/errors.ts';
import type { AppContext } from './app-context.ts';

/** A pending upload of the team, with its files; refuses one already used. */
export async function takeUpload(app: AppContext, teamId: string, uploadId: string): Promise<Upload & { files: UploadFile[] }> {
  const upload = await app.db.upload.findFirst({ where: { id: uploadId, teamId }, include: { files: { orderBy: { name: 'asc' } } } });
  if (!upload) throw notFound('upload', uploadId);
  if (upload.status !== 'PENDING') {
    throw new UserFacingError('CONFLICT', `upload ${uploadId} was already used; upload the files again`, { path: ['uploadId'] });
  }
  return upload;
}
