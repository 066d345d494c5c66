import { alignByTimestamp } from './align-by-timestamp';
import { autocorrelationRobustMean } from './autocorrelation-robust-mean';
import { studentTCdf } from './student-t-cdf';

/** Paired, timestamp-aligned comparison of two bucketed series. */
export interface PairedBucketComparison {
  /** Buckets present in both series. */
  pairs: number;
  /** Mean over shared buckets of canaryFactor·canary - baselineFactor·baseline. */
  estimate: number;
  /** Autocorrelation-robust standard error of the estimate. */
  se: number;
  df: number;
  /** Conservative lag-1 autocorrelation of the differences used for the standard error. */
  phi: number;
  /** One-sided p-value of H0: estimate ≤ 0 (alternative `greater`) or ≥ 0 (`less`). */
  pValue: number;
}

/**
 * Compares two simultaneous bucketed series (one value per time bucket, e.g. per minute) by pairing the
 * buckets that share a timestamp and testing the mean of the per-bucket differences with a standard
 * error that stays valid under serial correlation (prewhitened HAC, see `autocorrelationRobustMean`).
 * Pairing cancels load and time-of-day effects common to both cohorts. `baselineFactor` tests a
 * relative margin: factor 1.05 asks whether the canary exceeds the baseline by more than 5%.
 * Reference: Newey & West (1987); Andrews & Monahan (1992); canary-anchors §10.1 (paired design).
 * Complexity: O(n log n) for the alignment (O(n) when timestamps already match), O(n·L) for the HAC.
 *
 * @example pairedBucketComparison([1, 2, 3, 4], [5, 6, 7, 9], [1, 2, 3, 4], [6, 7, 8, 9]).estimate // 0.75
 */
export function pairedBucketComparison(
  baselineTimestamps: readonly number[],
  baseline: readonly number[],
  canaryTimestamps: readonly number[],
  canary: readonly number[],
  alternative: 'greater' | 'less' = 'greater',
  baselineFactor = 1,
  canaryFactor = 1,
): PairedBucketComparison {
  const aligned = alignByTimestamp(baselineTimestamps, baseline, canaryTimestamps, canary);
  const n = aligned.timestamps.length;
  const differences = new Array<number>(n);
  for (let i = 0; i < n; i++)
    differences[i] = canaryFactor * aligned.canary[i]! - baselineFactor * aligned.baseline[i]!;
  const r = autocorrelationRobustMean(differences);
  let pValue: number;
  if (r.se === 0) pValue = alternative === 'greater' ? (r.mean > 0 ? 0 : 1) : r.mean < 0 ? 0 : 1;
  else if (!Number.isFinite(r.se)) pValue = 1;
  else pValue = alternative === 'greater' ? studentTCdf(-r.mean / r.se, r.df) : studentTCdf(r.mean / r.se, r.df);
  return { pairs: n, estimate: r.mean, se: r.se, df: r.df, phi: r.phi, pValue };
}
