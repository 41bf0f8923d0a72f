import { randomBytes } from 'node:crypto';
import http from 'node:http';

export interface StreamedUploadResult {
  status: number;
  body: { error?: { code: string; message: string }; uploadId?: string };
  /** Body bytes the client had written when the answer arrived. */
  sentWhenAnswered: number;
  /** Body bytes it meant to send. */
  planned: number;
}

/**
 * POSTs one file of `bytes` zero bytes to /v1/uploads as a multipart body, and stops writing
 * as soon as the server answers. Chunked by default (no Content-Length, so the server can only
 * find out by counting); with `declareLength` the length is announced up front.
 */
export function streamUpload(
  baseUrl: string,
  key: string,
  bytes: number,
  options: { declareLength?: boolean; chunkSize?: number } = {},
): Promise<StreamedUploadResult> {
  const chunkSize = options.chunkSize ?? 64 * 1024;
  const url = new URL('/v1/uploads', baseUrl);
  const boundary = `lumen-${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const planned = head.length + bytes + tail.length;
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        ...(options.declareLength
          ? { 'content-length': String(planned) }
          : { 'transfer-encoding': 'chunked' }),
      },
    });
    req.on('response', (res) => {
      answered = true;
      const sentWhenAnswered = sent;
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        req.destroy();
        let body: StreamedUploadResult['body'] = {};
        try {
          body = JSON.parse(text) as StreamedUploadResult['body'];
        } catch {
          body = {};
        }
        resolve({ status: res.statusCode ?? 0, body, sentWhenAnswered, planned });
      });
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const zeros = Buffer.alloc(chunkSize);
    const pump = () => {
      while (!answered && sent < head.length + bytes) {
        const piece =
          sent === 0 ? head : zeros.subarray(0, Math.min(chunkSize, head.length + bytes - sent));
        sent += piece.length;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) {
        sent += tail.length;
        req.end(tail);
      }
    };
    pump();
  });
}
