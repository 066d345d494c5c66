import { normalQuantile } from './normal-quantile';

/** A quantile estimated from histogram bucket counts, with a confidence interval. */
export interface HistogramQuantile {
  estimate: number;
  lower: number;
  upper: number;
  /** Standard error implied by the interval: (upper - lower) / (2·z). */
  standardError: number;
  /** Total observations. */
  count: number;
}

function interpolate(bounds: readonly number[], cumulative: readonly number[], rank: number): number {
  // cumulative[i] = observations ≤ bounds[i]; bucket 0 is (-inf or 0, bounds[0]].
  const n = cumulative[cumulative.length - 1]!;
  const r = Math.min(Math.max(rank, 0), n);
  let i = 0;
  while (i < bounds.length && cumulative[i]! < r) i++;
  if (i >= bounds.length) return bounds[bounds.length - 1]!;
  const lowerBound = i === 0 ? Math.min(0, bounds[0]!) : bounds[i - 1]!;
  const below = i === 0 ? 0 : cumulative[i - 1]!;
  const inBucket = cumulative[i]! - below;
  if (inBucket === 0) return bounds[i]!;
  return lowerBound + (bounds[i]! - lowerBound) * ((r - below) / inBucket);
}

/**
 * Quantile of an OTel explicit-bucket histogram with a distribution-free confidence interval.
 *
 * Method: the q-quantile is read at rank q·N by linear interpolation inside its bucket (the
 * Prometheus `histogram_quantile` rule; the first bucket starts at 0 for non-negative bounds,
 * the +Inf bucket is clamped to the last finite bound). The interval is Woodruff's: the
 * ranks N·(q ∓ z·sqrt(q(1-q)/N)) mapped through the same interpolation, which is the binomial
 * order-statistic interval of the quantile carried through the empirical CDF.
 * Reference: Woodruff (1952), JASA 47; Prometheus `histogram_quantile` documentation.
 * Complexity: O(B) in the number of buckets.
 *
 * @example histogramQuantile([1, 2, 4], [10, 60, 25, 5], 0.5, 0.95).estimate // 1.6666...
 */
export function histogramQuantile(
  bounds: readonly number[],
  counts: readonly number[],
  q: number,
  confidence = 0.95,
): HistogramQuantile {
  const cumulative: number[] = [];
  let running = 0;
  for (const c of counts) {
    running += c;
    cumulative.push(running);
  }
  const n = running;
  if (n === 0 || bounds.length === 0) {
    return { estimate: Number.NaN, lower: Number.NaN, upper: Number.NaN, standardError: Number.NaN, count: n };
  }
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const half = z * Math.sqrt((q * (1 - q)) / n);
  const estimate = interpolate(bounds, cumulative, q * n);
  const lower = interpolate(bounds, cumulative, (q - half) * n);
  const upper = interpolate(bounds, cumulative, (q + half) * n);
  return { estimate, lower, upper, standardError: (upper - lower) / (2 * z), count: n };
}
