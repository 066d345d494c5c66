import type { Middleware, MiddlewareFactory, Route } from '../route';
import { authorize } from './authorize';
import { checkBindAddress, isLoopbackHost } from './bind-guard';
import { createRateLimiter, type RateLimiter } from './rate-limiter';
import { type ApiToken, loadTokenFile, type TokenScope } from './token-file';

/**
 * POST routes that only compute an answer from their body and change nothing, so
 * a `read` token may call them. Kayenta's `POST /judge` is one: it judges the
 * metric sets it is sent and stores nothing. `POST /api/gates/flagger` is not:
 * it is a gate that acts. Each call records the gate decision that makes the
 * gate idempotent per canary revision (a sticky go / no-go that later calls
 * repeat), and Flagger promotes, halts or rolls back on its answer; so it needs
 * a `write` token. Reading a verdict without acting is `GET /api/verdict` (read).
 */
const READ_ONLY_POSTS = new Set(['/judge']);

/**
 * The scope a route needs: none for the health check; `write` for OTLP ingest
 * and anything that changes state (declaring or deleting analyses, gates that
 * act); `read` for queries and for the contracts in `READ_ONLY_POSTS`.
 */
export function requiredScope(route: Pick<Route, 'method' | 'path' | 'public'>): TokenScope | null {
  if (route.path === '/v1/metrics') return 'write';
  if (route.public || route.path === '/healthz') return null;
  if (route.method === 'GET') return 'read';
  if (route.method === 'POST' && READ_ONLY_POSTS.has(route.path)) return 'read';
  return 'write';
}

/** Routes exempt from the request-rate limit: health, and OTLP ingest (which has its own 503 backpressure). */
function rateLimited(route: Pick<Route, 'path'>): boolean {
  return route.path !== '/healthz' && route.path !== '/v1/metrics';
}

function reject(
  res: import('node:http').ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string>,
) {
  const body = JSON.stringify({ error: message });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/**
 * API tokens and rate limits around every route. With tokens configured, each
 * request needs `Authorization: Bearer <token>` (or `?access_token=`) of the
 * route's scope: 401 when missing or wrong, 403 for a read-only token on a write
 * route. Remote clients (by address) over their budget get 429 with Retry-After.
 */
export function createAuthMiddleware(options: {
  tokens: readonly ApiToken[];
  limiter: RateLimiter | null;
  /** Do not rate-limit clients on this machine (default true: local tools and tests poll freely). */
  exemptLoopback?: boolean;
}): Middleware {
  const exemptLoopback = options.exemptLoopback ?? true;
  return async (ctx, next) => {
    const { req, res, route, url } = ctx;
    const client = req.socket.remoteAddress ?? 'unknown';
    if (options.limiter && rateLimited(route) && !(exemptLoopback && isLoopbackHost(client))) {
      const decision = options.limiter.take(client);
      if (!decision.ok) {
        reject(res, 429, `too many requests; retry in ${decision.retryAfterSeconds} s`, {
          'retry-after': String(decision.retryAfterSeconds),
        });
        return;
      }
    }
    const scope = requiredScope(route);
    if (scope !== null) {
      const result = authorize(options.tokens, scope, req.headers.authorization, url.searchParams);
      if (!result.ok) {
        reject(res, result.status, result.message, result.headers);
        return;
      }
    }
    await next();
  };
}

/** Default request budget per client on the API: 20 requests/s with bursts of 40. */
export const DEFAULT_RATE_LIMIT = { perSecond: 20, burst: 40 };

/**
 * The server's auth middleware (registered in `registry.ts`): reads
 * `--token-file` (`options.tokenFile`), refuses to start on a non-loopback host
 * without tokens, and installs `createAuthMiddleware` with the default rate limit.
 * @throws Error with the token file's problems, or the bind refusal.
 */
export const authMiddlewareFactory: MiddlewareFactory = (server) => {
  let tokens: ApiToken[] = [];
  if (server.options.tokenFile) {
    const loaded = loadTokenFile(server.options.tokenFile);
    if (!loaded.ok) throw new Error(loaded.message);
    tokens = loaded.tokens;
  }
  const refusal = checkBindAddress(server.options.host, tokens.length);
  if (refusal) throw new Error(refusal);
  return createAuthMiddleware({ tokens, limiter: createRateLimiter(DEFAULT_RATE_LIMIT) });
};
