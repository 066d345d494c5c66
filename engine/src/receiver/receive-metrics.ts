import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from '../api/http-error';
import { readBody } from '../api/read-body';
import type { BodyLimits } from '../api/route';
import { DecodeError } from './decode-error';
import { decodeMetricsJson } from './decode-json';
import { decodeMetricsProtobuf } from './decode-protobuf';
import type { DecodedExport } from './decoded-export';
import { encodeExportResponse, encodeStatus } from './encode-response';
import type { IngestQueue } from './ingest-queue';

type Format = 'protobuf' | 'json';

const CONTENT_TYPES: Record<string, Format> = {
  'application/x-protobuf': 'protobuf',
  'application/protobuf': 'protobuf',
  'application/json': 'json',
};

function send(
  res: ServerResponse,
  status: number,
  format: Format,
  body: Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': format === 'json' ? 'application/json' : 'application/x-protobuf',
    'content-length': body.length,
    ...headers,
  });
  res.end(body);
}

/** Decodes with the format's decoder; any failure is a `DecodeError` (400). */
export function decodeExport(format: Format, body: Buffer): DecodedExport {
  return format === 'json' ? decodeMetricsJson(body) : decodeMetricsProtobuf(body);
}

/**
 * Handles `POST /v1/metrics` per OTLP/HTTP: protobuf or JSON by `Content-Type` (415 otherwise), gzip,
 * body limits (413), decode errors (400 with what and where), a full queue (503 + Retry-After), and a
 * 200 `ExportMetricsServiceResponse` in the request's format once the points are durable, with
 * `partial_success` only when points were refused. Failures carry a `google.rpc.Status`.
 */
export async function receiveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  queue: IngestQueue,
  limits: BodyLimits,
): Promise<void> {
  const mediaType = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  const format = CONTENT_TYPES[mediaType ?? ''];
  if (format === undefined) {
    const message = `unsupported Content-Type "${mediaType}": send application/x-protobuf or application/json`;
    send(res, 415, 'json', encodeStatus('json', 415, message));
    return;
  }
  try {
    if (queue.isFull()) throw new HttpError(503, 'ingest queue is full; retry later', { 'retry-after': '1' });
    const body = await readBody(req, limits);
    let decoded: DecodedExport;
    try {
      decoded = decodeExport(format, body);
    } catch (error) {
      if (error instanceof DecodeError) throw new HttpError(400, error.message);
      throw new HttpError(400, `undecodable ${format} body: ${(error as Error).message}`);
    }
    let points = 0;
    for (const m of decoded.metrics) points += m.points.length;
    const pending =
      points > 0 ? queue.submit(decoded.metrics, points) : Promise.resolve({ accepted: 0, rejected: 0, messages: [] });
    if (pending === null) throw new HttpError(503, 'ingest queue is full; retry later', { 'retry-after': '1' });
    const result = await pending;
    const rejected = decoded.invalid + result.rejected;
    const message = [...decoded.reasons, ...result.messages].join('; ');
    send(res, 200, format, encodeExportResponse(format, { rejected, message }));
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 500;
    const headers = error instanceof HttpError ? error.headers : {};
    send(res, status, format, encodeStatus(format, status, (error as Error).message), headers);
  }
}
