/** Outcome of one request against a client's budget. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Spends one request for `key` (a client address) at `now` (ms). */
  take(key: string, now?: number): RateDecision;
}

/**
 * Token-bucket rate limiter per client: `burst` requests at once, refilled at
 * `perSecond`. Idle buckets are dropped once full again, so memory stays bounded
 * by the number of recently active clients (at most `maxClients`; beyond that
 * the oldest bucket is evicted).
 */
export function createRateLimiter(options: { perSecond: number; burst: number; maxClients?: number }): RateLimiter {
  const { perSecond, burst } = options;
  const maxClients = options.maxClients ?? 10_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, now = Date.now()) {
      const bucket = buckets.get(key) ?? { tokens: burst, at: now };
      const tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
      buckets.delete(key);
      if (tokens < 1) {
        buckets.set(key, { tokens, at: now });
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perSecond)) };
      }
      buckets.set(key, { tokens: tokens - 1, at: now });
      if (buckets.size > maxClients) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
      return { ok: true };
    },
  };
}
