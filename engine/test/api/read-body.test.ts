import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readBody } from '../../src/api/read-body';

const MiB = 1024 * 1024;

function message(body: Buffer, headers: Record<string, string>): IncomingMessage {
  const stream = Readable.from([body]) as unknown as IncomingMessage;
  Object.assign(stream, { headers, socket: { destroy() {} } });
  return stream;
}

/** Bytes that gzip about 4x: random symbols from a 16-letter alphabet. */
function compressible(size: number): Buffer {
  const out = Buffer.alloc(size);
  let x = 12345;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = 97 + ((x >> 16) % 16);
  }
  return out;
}

describe('readBody', () => {
  const limits = { maxBytes: 2 * MiB, maxCompressedBytes: 2 * MiB, maxRatio: 100 };

  it('returns identity and gunzipped bodies within the limits', async () => {
    const body = compressible(MiB);
    expect(await readBody(message(body, {}), limits)).toEqual(body);
    expect(await readBody(message(gzipSync(body), { 'content-encoding': 'gzip' }), limits)).toEqual(body);
  });

  it('refuses a gzip body that decompresses past maxBytes at a plausible ratio (413)', async () => {
    const gz = gzipSync(compressible(3 * MiB));
    expect(gz.length * 100).toBeGreaterThan(2 * MiB);
    await expect(readBody(message(gz, { 'content-encoding': 'gzip' }), limits)).rejects.toMatchObject({
      status: 413,
      message: 'decompressed body is larger than the limit of 2097152 bytes',
    });
  });

  it('refuses a gzip body expanding more than maxRatio as a bomb, and a bad encoding', async () => {
    await expect(
      readBody(message(gzipSync(Buffer.alloc(20 * MiB)), { 'content-encoding': 'gzip' }), {
        ...limits,
        maxBytes: 64 * MiB,
      }),
    ).rejects.toMatchObject({
      status: 413,
      message: expect.stringMatching(/expands more than 100x/),
    });
    await expect(readBody(message(Buffer.from('x'), { 'content-encoding': 'zstd' }), limits)).rejects.toMatchObject({
      status: 415,
    });
  });
});
