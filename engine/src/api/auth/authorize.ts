import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiToken, TokenScope } from './token-file';

export type AuthResult =
  | { ok: true; token: ApiToken | null }
  | { ok: false; status: 401 | 403; message: string; headers: Record<string, string> };

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Finds the token presented in `Authorization: Bearer <token>` (or, for
 * controllers that cannot set headers, the RFC 6750 `access_token` query
 * parameter). Every configured token is compared, in constant time over
 * SHA-256 digests, so timing reveals neither the match nor its position.
 */
export function findToken(tokens: readonly ApiToken[], presented: string): ApiToken | null {
  const candidate = digest(presented);
  let found: ApiToken | null = null;
  for (const token of tokens) {
    if (timingSafeEqual(candidate, digest(token.token)) && found === null) found = token;
  }
  return found;
}

/** The credential in a request, from the Authorization header or `access_token` query parameter. */
export function presentedToken(authorization: string | undefined, query: URLSearchParams): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (match?.[1]) return match[1];
  return query.get('access_token');
}

/**
 * Checks that a request may use an endpoint needing `required` scope. Without
 * configured tokens everything is allowed (the server then only binds to
 * loopback, see `checkBindAddress`). `write` tokens can also read.
 */
export function authorize(
  tokens: readonly ApiToken[],
  required: TokenScope,
  authorization: string | undefined,
  query: URLSearchParams,
): AuthResult {
  if (tokens.length === 0) return { ok: true, token: null };
  const challenge = { 'www-authenticate': 'Bearer realm="aviary"' };
  const presented = presentedToken(authorization, query);
  if (!presented) {
    return {
      ok: false,
      status: 401,
      message: 'missing API token: send `Authorization: Bearer <token>` (see --token-file)',
      headers: challenge,
    };
  }
  const token = findToken(tokens, presented);
  if (!token) return { ok: false, status: 401, message: 'invalid API token', headers: challenge };
  if (required === 'write' && token.scope !== 'write') {
    return {
      ok: false,
      status: 403,
      message: `token "${token.name}" is read-only; this endpoint needs a write token`,
      headers: {},
    };
  }
  return { ok: true, token };
}
