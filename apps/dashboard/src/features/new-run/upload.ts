import { BLOB_PROXY } from '../../lib/blob-url.ts';
import { gqlRequest, throwIfUserError } from '../../lib/graphql-client.ts';
import { addImagesMutation } from './documents.ts';

export const ACCEPTED_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

/** Sends files through the dashboard's proxy (POST /v1/uploads), then stores them as images in a dataset. */
export async function uploadImages(files: readonly File[], datasetName: string) {
  const form = new FormData();
  for (const file of files) form.append('file', file, file.name);
  const response = await fetch(`${BLOB_PROXY}/uploads`, { method: 'POST', body: form });
  const body = (await response.json().catch(() => ({}))) as {
    uploadId?: string;
    error?: { message: string };
    errors?: { message: string }[];
  };
  if (!response.ok || !body.uploadId)
    throw new Error(
      body.error?.message ?? body.errors?.[0]?.message ?? `upload failed (HTTP ${response.status})`,
    );
  const { addImages } = await gqlRequest(addImagesMutation, {
    input: { uploadId: body.uploadId, datasetName },
  });
  throwIfUserError(addImages);
  return { images: addImages.images ?? [], dataset: addImages.dataset };
}
