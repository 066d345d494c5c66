/** Encodes OTLP/HTTP responses: `ExportMetricsServiceResponse` and `google.rpc.Status`, binary or JSON. */

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

function lengthDelimited(field: number, bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from([...varint(field * 8 + 2), ...varint(bytes.length)]), bytes]);
}

/** Partial success: `rejected` points and why; full success when `rejected` is 0 and `message` empty. */
export interface PartialSuccess {
  rejected: number;
  message: string;
}

/** `ExportMetricsServiceResponse`; `partial_success` is set only when points were rejected or there is a warning. */
export function encodeExportResponse(format: 'protobuf' | 'json', partial: PartialSuccess): Buffer {
  const empty = partial.rejected === 0 && partial.message === '';
  if (format === 'json') {
    const body = empty
      ? {}
      : { partialSuccess: { rejectedDataPoints: String(partial.rejected), errorMessage: partial.message } };
    return Buffer.from(JSON.stringify(body));
  }
  if (empty) return Buffer.alloc(0);
  const inner: Buffer[] = [];
  if (partial.rejected > 0) inner.push(Buffer.from([8, ...varint(partial.rejected)]));
  if (partial.message !== '') inner.push(lengthDelimited(2, Buffer.from(partial.message, 'utf8')));
  return lengthDelimited(1, Buffer.concat(inner));
}

/** gRPC status codes used in `google.rpc.Status.code` for each HTTP status we send. */
function grpcCode(httpStatus: number): number {
  if (httpStatus === 400 || httpStatus === 415 || httpStatus === 404 || httpStatus === 405) return 3; // INVALID_ARGUMENT
  if (httpStatus === 413 || httpStatus === 429) return 8; // RESOURCE_EXHAUSTED
  if (httpStatus === 503) return 14; // UNAVAILABLE
  return 13; // INTERNAL
}

/** `google.rpc.Status` for a failed export, in the request's format. */
export function encodeStatus(format: 'protobuf' | 'json', httpStatus: number, message: string): Buffer {
  const code = grpcCode(httpStatus);
  if (format === 'json') return Buffer.from(JSON.stringify({ code, message }));
  return Buffer.concat([Buffer.from([8, ...varint(code)]), lengthDelimited(2, Buffer.from(message, 'utf8'))]);
}
