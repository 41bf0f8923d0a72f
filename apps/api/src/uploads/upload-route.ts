import { createHash } from 'node:crypto';
import path from 'node:path';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import { asBytes } from '../db/bytes.ts';
import type { Db } from '../db/client.ts';

export interface UploadLimits {
  /** All files of one upload together. */
  maxBytes: number;
  maxFiles: number;
}

interface ReceivedFile {
  name: string;
  size: number;
  sha256: string;
  bytes: Buffer;
}

class UploadRejected extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** A file name as sent, normalised to a relative POSIX path that cannot climb out of its folder. */
export function safeFileName(raw: string): string {
  const name = path.posix.normalize(raw.replace(/\\/g, '/')).replace(/^(\.\/)+/, '');
  if (!name || name === '.' || name.startsWith('/') || name.startsWith('../') || name === '..' || name.includes('\0')) {
    throw new UploadRejected(400, 'UPLOAD_INVALID', `file name '${raw}' is not a relative path inside the upload`);
  }
  return name;
}

/**
 * Streams a multipart/form-data body into memory, hashing as it goes, and stops reading as
 * soon as a limit is crossed (413): nothing is decoded here, only bytes are counted.
 */
function receive(req: Request, limits: UploadLimits): Promise<ReceivedFile[]> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, preservePath: true, limits: { fileSize: limits.maxBytes, files: limits.maxFiles, fields: 50 } });
    } catch (error) {
      reject(new UploadRejected(400, 'UPLOAD_INVALID', `expected a multipart/form-data body: ${(error as Error).message}`));
      return;
    }
    const files: ReceivedFile[] = [];
    let total = 0;
    let failed = false;
    const fail = (error: UploadRejected) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      let drained = 0;
      req.on('data', (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > limits.maxBytes) req.socket.destroy();
      });
      req.resume();
      reject(error);
    };
    parser.on('file', (_field, stream, info) => {
      let name: string;
      try {
        name = safeFileName(info.filename ?? '');
      } catch (error) {
        stream.resume();
        fail(error as UploadRejected);
        return;
      }
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        total += chunk.length;
        if (total > limits.maxBytes) {
          stream.resume();
          fail(new UploadRejected(413, 'UPLOAD_TOO_LARGE', `upload exceeds the limit of ${limits.maxBytes} bytes`));
          return;
        }
        hash.update(chunk);
        chunks.push(chunk);
      });
      stream.on('limit', () => fail(new UploadRejected(413, 'UPLOAD_TOO_LARGE', `file '${name}' exceeds the limit of ${limits.maxBytes} bytes`)));
      stream.on('end', () => {
        if (!failed) files.push({ name, size, sha256: hash.digest('hex'), bytes: Buffer.concat(chunks) });
      });
    });
    parser.on('filesLimit', () => fail(new UploadRejected(413, 'UPLOAD_TOO_LARGE', `an upload may hold at most ${limits.maxFiles} files`)));
    parser.on('error', (error: Error) => fail(new UploadRejected(400, 'UPLOAD_INVALID', `malformed multipart body: ${error.message}`)));
    parser.on('close', () => {
      if (failed) return;
      if (files.length === 0) fail(new UploadRejected(400, 'UPLOAD_INVALID', 'the upload holds no files'));
      else resolve(files);
    });
    req.pipe(parser);
  });
}

/** POST /v1/uploads: store files for a later mutation (createModelVersion, addImages...). */
export function uploadHandler(db: Db, limits: UploadLimits) {
  return async (req: Request, res: Response): Promise<void> => {
    const teamId = res.locals['teamId'] as string;
    try {
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > limits.maxBytes + 1024 * 1024) {
        throw new UploadRejected(413, 'UPLOAD_TOO_LARGE', `upload of ${length} bytes exceeds the limit of ${limits.maxBytes} bytes`);
      }
      const files = await receive(req, limits);
      const names = new Set<string>();
      for (const file of files) {
        if (names.has(file.name)) throw new UploadRejected(400, 'UPLOAD_INVALID', `file '${file.name}' appears twice`);
        names.add(file.name);
      }
      const upload = await db.upload.create({
        data: {
          teamId,
          totalBytes: files.reduce((s, f) => s + f.size, 0),
          files: { create: files.map((f) => ({ name: f.name, size: f.size, sha256: f.sha256, bytes: asBytes(f.bytes) })) },
        },
      });
      res.status(201).json({ uploadId: upload.id, files: files.map(({ name, size, sha256 }) => ({ name, size, sha256 })) });
    } catch (error) {
      if (error instanceof UploadRejected) {
        // A body over the limit is not read to its end: the connection goes. Any other refusal
        // drains the rest of the body (up to the limit), so the client gets to read the answer.
        if (error.status === 413) res.set('Connection', 'close');
        res.status(error.status).json({ error: { code: error.code, message: error.message } });
        return;
      }
      throw error;
    }
  };
}
