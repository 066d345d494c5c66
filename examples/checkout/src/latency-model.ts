import type { Regression } from './regression';

/** How long a route's simulated work takes when nothing is wrong. */
export interface RouteProfile {
  /** Median work time in milliseconds. */
  medianMs: number;
  /** Log-normal shape (standard deviation of ln(latency)). */
  sigma: number;
  /** Probability of a slow outlier (a cache miss, a GC pause downstream). */
  outlierRate: number;
  /** Outliers add a uniform delay in [outlierMs/2, outlierMs * 1.5]. */
  outlierMs: number;
  /** Probability that the request fails with 503 (a flaky payment gateway). */
  errorRate: number;
}

export const ROUTES: Record<'checkout' | 'cart', RouteProfile> = {
  checkout: { medianMs: 90, sigma: 0.3, outlierRate: 0.01, outlierMs: 150, errorRate: 0.005 },
  cart: { medianMs: 40, sigma: 0.3, outlierRate: 0.01, outlierMs: 80, errorRate: 0.002 },
};

/** A standard normal draw (Box-Muller). `random` returns uniforms in [0, 1). */
function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** One request's outcome: how long the work takes and whether it fails. */
export interface SimulatedWork {
  delayMs: number;
  fail: boolean;
}

/**
 * Draws the work of one request: log-normal latency around the route's
 * median with rare outliers, and independent failures; a regression scales
 * the latency, adds a slow tail and extra failures.
 */
export function simulateWork(profile: RouteProfile, regression: Regression, random: () => number): SimulatedWork {
  let delayMs = profile.medianMs * Math.exp(profile.sigma * gaussian(random));
  if (random() < profile.outlierRate) delayMs += profile.outlierMs * (0.5 + random());
  delayMs *= regression.slowdown;
  if (random() < regression.tailRate) delayMs += regression.tailMs * (0.5 + random());
  const fail = random() < profile.errorRate + regression.errorRate;
  return { delayMs, fail };
}
