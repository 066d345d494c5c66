import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { HttpError } from './http-error';
import type { BodyLimits } from './route';

const MiB = 1024 * 1024;

export const DEFAULT_BODY_LIMITS: BodyLimits = { maxBytes: 64 * MiB, maxCompressedBytes: 16 * MiB, maxRatio: 200 };

function tooLarge(message: string): HttpError {
  return new HttpError(413, message, { connection: 'close' });
}

/** Reads the raw wire body, refusing more than `cap` bytes (the rest is drained, then 413). */
function readWire(req: IncomingMessage, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        over = true;
        chunks.length = 0;
        // Drain a bounded amount so the client can read the 413; past that, drop the connection.
        if (size > cap * 2 + MiB) req.socket.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (over) reject(tooLarge(`request body is larger than the limit of ${cap} bytes`));
      else resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (error) => reject(new HttpError(400, `could not read the request body: ${error.message}`)));
  });
}

/**
 * Reads a request body, undoing `Content-Encoding: gzip`, within `limits`: the compressed size, the
 * decompressed size and the decompression ratio are each capped (413), an unknown encoding is 415 and
 * a corrupt gzip stream is 400. Memory stays bounded by the caps whatever the client sends.
 */
export async function readBody(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding !== 'gzip' && encoding !== 'identity' && encoding !== '') {
    throw new HttpError(415, `unsupported Content-Encoding "${encoding}": send gzip or no encoding`);
  }
  const gzip = encoding === 'gzip';
  const wireCap = gzip ? limits.maxCompressedBytes : limits.maxBytes;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > wireCap) {
    throw tooLarge(`Content-Length ${declared} is over the limit of ${wireCap} bytes`);
  }
  const wire = await readWire(req, wireCap);
  if (!gzip) return wire;
  const ratioCap = Math.max(MiB, wire.length * limits.maxRatio);
  const cap = Math.min(limits.maxBytes, ratioCap);
  try {
    return gunzipSync(wire, { maxOutputLength: cap });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge(
        cap < limits.maxBytes
          ? `gzip body expands more than ${limits.maxRatio}x (${wire.length} compressed bytes); refused as a decompression bomb`
          : `decompressed body is larger than the limit of ${limits.maxBytes} bytes`,
      );
    }
    throw new HttpError(400, `invalid gzip body: ${(error as Error).message}`);
  }
}
