import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying the Unix time (seconds) the delivery was signed at. */
export const TIMESTAMP_HEADER = 'x-aviary-timestamp';
/** Header carrying `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. */
export const SIGNATURE_HEADER = 'x-aviary-signature';

/**
 * Signs a webhook body: HMAC-SHA256 with the shared secret over
 * `"<timestamp>.<body>"`, so the signature covers the exact body bytes and the
 * time (a receiver rejects old timestamps to stop replays).
 * @example signWebhook('secret', '{"verdict":"go"}', 1700000000) // 'sha256=…'
 */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does: recompute the signature in constant time and check the
 * timestamp is within `toleranceSeconds` of `now` (Unix seconds).
 */
export function verifyWebhook(
  secret: string,
  body: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  now = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): { ok: true } | { ok: false; reason: string } {
  const timestamp = Number(timestampHeader);
  if (!timestampHeader || !Number.isInteger(timestamp)) return { ok: false, reason: 'missing or invalid timestamp' };
  if (Math.abs(now - timestamp) > toleranceSeconds) return { ok: false, reason: 'timestamp outside tolerance' };
  const expected = Buffer.from(signWebhook(secret, body, timestamp));
  const given = Buffer.from(signatureHeader ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature mismatch' };
  }
  return { ok: true };
}
