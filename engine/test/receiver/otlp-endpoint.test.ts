import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/api/server';
import { syntheticExport, toJson, toProtobuf } from './otlp-payloads';
import { ExportResponse, oracleEncode, RpcStatus } from './protobufjs-oracle';

const KiB = 1024;
const MiB = 1024 * KiB;
let server: RunningServer;
let dir: string;
const now = Date.now();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aviary-otlp-'));
  server = await startServer({
    port: 0,
    dataDir: dir,
    limits: { maxBytes: 4 * MiB, maxCompressedBytes: 256 * KiB, maxRatio: 50 },
    maxSeriesPerMetric: 30,
    maxQueuedPoints: 10,
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTP request (node:http), so bodies can be chunked and headers set freely. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string | number>,
  chunks: Buffer[] = [],
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

const PROTO = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };
const post = (headers: Record<string, string | number>, body: Buffer) => raw('POST', '/v1/metrics', headers, [body]);
const status = (body: Buffer) => RpcStatus.toObject(RpcStatus.decode(body)) as { code?: number; message?: string };

const series = (n: number, extra = {}, instrument: 'counter' | 'histogram' = 'counter') =>
  syntheticExport({ series: n, timeMs: now, instruments: [instrument], extra });

async function healthy(): Promise<void> {
  expect((await raw('GET', '/healthz', {})).status).toBe(200);
}

describe('POST /v1/metrics', () => {
  it('acknowledges protobuf (gzip or not) and JSON in the request content type, with no partial_success', async () => {
    const plain = await post(PROTO, toProtobuf(series(5, { case: 'plain' })));
    expect([plain.status, plain.headers['content-type'], plain.body.length]).toEqual([
      200,
      'application/x-protobuf',
      0,
    ]);
    const gz = await post({ ...PROTO, 'content-encoding': 'gzip' }, gzipSync(toProtobuf(series(5, { case: 'gzip' }))));
    expect([gz.status, gz.body.length]).toEqual([200, 0]);
    const json = await post(JSON_TYPE, toJson(series(5, { case: 'json' })));
    expect([json.status, json.headers['content-type'], json.body.toString()]).toEqual([200, 'application/json', '{}']);
    const empty = await post(PROTO, Buffer.alloc(0));
    expect([empty.status, empty.body.length]).toEqual([200, 0]);
  });

  it('answers undecodable protobuf with 400 and a google.rpc.Status saying what was wrong', async () => {
    const random = await post(PROTO, Buffer.from([0x0a, 0x05, 0x01, 0x02]));
    expect(random.status).toBe(400);
    expect(random.headers['content-type']).toBe('application/x-protobuf');
    expect(status(random.body)).toEqual({ code: 3, message: expect.stringMatching(/invalid protobuf at byte \d+/) });
    const valid = toProtobuf(series(3));
    const truncated = await post(PROTO, valid.subarray(0, valid.length - 5));
    expect(truncated.status).toBe(400);
    expect(status(truncated.body).message).toMatch(/truncated|runs past/);
    const badGzip = await post({ ...PROTO, 'content-encoding': 'gzip' }, Buffer.from('not gzip at all'));
    expect(badGzip.status).toBe(400);
    expect(status(badGzip.body).message).toMatch(/invalid gzip body/);
  });

  it('answers JSON with wrong types with 400 naming the field path', async () => {
    const res = await post(JSON_TYPE, Buffer.from(JSON.stringify({ resourceMetrics: [{ scopeMetrics: 'x' }] })));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toEqual({
      code: 3,
      message: 'invalid OTLP/JSON at $.resourceMetrics[0].scopeMetrics: expected an array, got the string "x"',
    });
    const notJson = await post(JSON_TYPE, Buffer.from('{"resourceMetrics":'));
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body.toString()).message).toMatch(/^invalid JSON/);
  });

  it('answers 413 for oversized bodies, declared or streamed, and for zip bombs', async () => {
    const declared = await raw('POST', '/v1/metrics', { ...PROTO, 'content-length': 50 * MiB });
    expect(declared.status).toBe(413);
    const chunks = Array.from({ length: 33 }, () => Buffer.alloc(128 * KiB, 1));
    const streamed = await raw('POST', '/v1/metrics', { ...PROTO, 'transfer-encoding': 'chunked' }, chunks);
    expect(streamed.status).toBe(413);
    expect(status(streamed.body).message).toMatch(/larger than the limit of 4194304 bytes/);
    const bomb = gzipSync(Buffer.alloc(64 * MiB));
    expect(bomb.length).toBeLessThan(256 * KiB);
    const bombed = await post({ ...PROTO, 'content-encoding': 'gzip' }, bomb);
    expect(bombed.status).toBe(413);
    expect(status(bombed.body).message).toMatch(/decompression bomb/);
    const compressedTooBig = await post({ ...PROTO, 'content-encoding': 'gzip' }, Buffer.alloc(300 * KiB));
    expect(compressedTooBig.status).toBe(413);
    await healthy();
  });

  it('answers 415 for other content types and encodings, 405/404 for wrong method or path', async () => {
    const text = await post({ 'content-type': 'text/plain' }, Buffer.from('hi'));
    expect(text.status).toBe(415);
    expect(JSON.parse(text.body.toString()).message).toMatch(/unsupported Content-Type "text\/plain"/);
    const br = await post({ ...PROTO, 'content-encoding': 'br' }, Buffer.from('hi'));
    expect(br.status).toBe(415);
    const get = await raw('GET', '/v1/metrics', {});
    expect([get.status, get.headers.allow]).toEqual([405, 'POST']);
    expect((await post(PROTO, Buffer.alloc(0)).then(() => raw('POST', '/v1/traces', PROTO))).status).toBe(404);
  });

  it('reports refused points in partial_success (cardinality cap, unspecified temporality) and keeps the rest', async () => {
    const res = await post(PROTO, toProtobuf(series(40, { case: 'cap' })));
    expect(res.status).toBe(200);
    const partial = ExportResponse.toObject(ExportResponse.decode(res.body), { longs: Number }) as {
      partialSuccess?: { rejectedDataPoints?: number; errorMessage?: string };
    };
    // 5+5+5 series of app.requests were filed by earlier tests; the cap is 30.
    expect(partial.partialSuccess?.rejectedDataPoints).toBe(40 - (30 - 15));
    expect(partial.partialSuccess?.errorMessage).toMatch(/reached the cap of 30 series/);
    const unspecified = oracleEncode({
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                { name: 'u', sum: { aggregationTemporality: 0, dataPoints: [{ timeUnixNano: '1', asInt: '1' }] } },
              ],
            },
          ],
        },
      ],
    });
    const json = await post(
      JSON_TYPE,
      Buffer.from(
        JSON.stringify({
          resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'u', sum: { dataPoints: [{ asInt: 1 }] } }] }] }],
        }),
      ),
    );
    expect(JSON.parse(json.body.toString())).toEqual({
      partialSuccess: {
        rejectedDataPoints: '1',
        errorMessage: expect.stringMatching(/aggregation_temporality 0 is not DELTA \(1\) or CUMULATIVE \(2\)/),
      },
    });
    expect((await post(PROTO, Buffer.from(unspecified))).status).toBe(200);
  });

  it('answers 503 with Retry-After while the store cannot take writes, then acknowledges once it can', async () => {
    const other = new Database(join(dir, 'aviary.db'));
    other.exec('BEGIN IMMEDIATE');
    const waiting = post(PROTO, toProtobuf(series(20, { case: 'locked' }, 'histogram')));
    await new Promise((r) => setTimeout(r, 150));
    const refused = await post(PROTO, toProtobuf(series(2, { case: 'refused' }, 'histogram')));
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(status(refused.body).message).toMatch(/queue is full/);
    other.exec('COMMIT');
    other.close();
    const ok = await waiting;
    expect([ok.status, ok.body.length]).toEqual([200, 0]);
    const q = await raw(
      'GET',
      `/api/series?metric=http.server.request.duration&case=locked&from=${now - 60_000}&to=${now + 60_000}&step=1h`,
      {},
    );
    expect(JSON.parse(q.body.toString()).series).toBe(20);
    await healthy();
  });
});
