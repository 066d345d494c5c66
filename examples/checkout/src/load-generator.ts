/** One service process the load generator drives. */
export interface LoadTarget {
  name: string;
  url: string;
}

export interface LoadOptions {
  targets: LoadTarget[];
  /** Requests per second per target (open loop: arrivals do not wait for responses). */
  rate: number;
  durationMs: number;
  /** Distinct users (OpenFeature targeting keys); 10% of them are `gold` tier. */
  users?: number;
  /** Share of requests that are `POST /checkout` (the rest are `GET /cart`). */
  checkoutShare?: number;
  signal?: AbortSignal;
  /** Called about once a second with the running totals. */
  onProgress?: (stats: LoadStats) => void;
  random?: () => number;
}

export interface TargetStats {
  sent: number;
  ok: number;
  serverErrors: number;
  failed: number;
}

export interface LoadStats {
  elapsedMs: number;
  byTarget: Record<string, TargetStats>;
}

/**
 * Drives every target at the same rate with Poisson arrivals, the same user
 * population and the same request mix, so baseline and canary see identical
 * traffic and differ only by what they run. Resolves with the totals when
 * the duration is over (or the signal aborts) and in-flight requests are done.
 */
export async function runLoad(options: LoadOptions): Promise<LoadStats> {
  const random = options.random ?? Math.random;
  const users = options.users ?? 5000;
  const checkoutShare = options.checkoutShare ?? 0.6;
  const started = performance.now();
  const byTarget: Record<string, TargetStats> = {};
  const inFlight = new Set<Promise<void>>();
  const stats = (): LoadStats => ({ elapsedMs: performance.now() - started, byTarget });

  const send = async (target: LoadTarget, stat: TargetStats): Promise<void> => {
    const user = Math.floor(random() * users);
    const tier = user % 10 === 0 ? 'gold' : 'standard';
    const checkout = random() < checkoutShare;
    const path = checkout ? '/checkout' : '/cart';
    stat.sent++;
    try {
      const response = await fetch(`${target.url}${path}?user=u${user}&tier=${tier}`, {
        method: checkout ? 'POST' : 'GET',
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      if (response.status >= 500) stat.serverErrors++;
      else stat.ok++;
    } catch {
      stat.failed++;
    }
  };

  const drive = async (target: LoadTarget): Promise<void> => {
    const stat: TargetStats = { sent: 0, ok: 0, serverErrors: 0, failed: 0 };
    byTarget[target.name] = stat;
    let next = performance.now();
    while (!options.signal?.aborted) {
      next += (-Math.log(1 - random()) * 1000) / options.rate;
      if (next - started >= options.durationMs) break;
      const wait = next - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const request = send(target, stat);
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
    }
  };

  const ticker = options.onProgress ? setInterval(() => options.onProgress?.(stats()), 1000) : undefined;
  try {
    await Promise.all(options.targets.map(drive));
    await Promise.all(inFlight);
  } finally {
    if (ticker) clearInterval(ticker);
  }
  return stats();
}
