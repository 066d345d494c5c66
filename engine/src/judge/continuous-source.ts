import { alignByTimestamp } from '../stats/align-by-timestamp';
import { autocorrelationRobustMean } from '../stats/autocorrelation-robust-mean';
import { pairedBucketComparison } from '../stats/paired-bucket-comparison';
import type { ContrastSource } from './contrast-source';
import type { Estimate } from './harm-test';
import { sortedByTime } from './sorted-by-time';

function meanVariance(values: readonly number[]): { mean: number; variance: number } {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, variance: values.length > 1 ? ss / (values.length - 1) : Number.POSITIVE_INFINITY };
}

function welchCombine(c: Estimate, b: Estimate, sc: number, kb: number, offset: number): Estimate {
  const vc = (sc * c.se) ** 2;
  const vb = (kb * b.se) ** 2;
  const se = Math.sqrt(vc + vb);
  const denom = (vc * vc) / c.df + (vb * vb) / b.df;
  const df = denom > 0 ? (vc + vb) ** 2 / denom : Math.min(c.df, b.df);
  return { estimate: sc * c.estimate - kb * b.estimate - offset, se, df };
}

/**
 * Builds the contrast source for one-value-per-bucket series:
 * - timestamps on both sides sharing at least `minPairs` buckets: paired per-timestamp differences with an
 *   autocorrelation-robust (prewhitened HAC) standard error (`paired-hac-t`);
 * - timestamps that do not line up: each side in time order with its own robust standard error (`unpaired-hac-welch`);
 * - no timestamps: the samples are exchangeable, Welch's t on the means (`welch-t`), order-invariant.
 */
export function continuousSource(
  baseline: readonly number[],
  canary: readonly number[],
  minPairs: number,
  baselineTimestamps?: readonly number[],
  canaryTimestamps?: readonly number[],
  label = 'mean',
): ContrastSource {
  if (baselineTimestamps && canaryTimestamps) {
    const aligned = alignByTimestamp(baselineTimestamps, baseline, canaryTimestamps, canary);
    if (aligned.timestamps.length >= Math.max(minPairs, 3)) {
      const b = aligned.baseline;
      const c = aligned.canary;
      const n = b.length;
      const mb = b.reduce((s, v) => s + v, 0) / n;
      const mc = c.reduce((s, v) => s + v, 0) / n;
      return {
        baseline: mb,
        canary: mc,
        n: { baseline: n, canary: n },
        test: `paired-hac-t(${label})`,
        contrast(sc, kb, offset) {
          const r = pairedBucketComparison(aligned.timestamps, b, aligned.timestamps, c, 'greater', kb, sc);
          return { estimate: r.estimate - offset, se: r.se, df: r.df };
        },
      };
    }
    const rb = autocorrelationRobustMean(sortedByTime(baselineTimestamps, baseline));
    const rc = autocorrelationRobustMean(sortedByTime(canaryTimestamps, canary));
    const eb = { estimate: rb.mean, se: rb.se, df: rb.df };
    const ec = { estimate: rc.mean, se: rc.se, df: rc.df };
    return {
      baseline: rb.mean,
      canary: rc.mean,
      n: { baseline: baseline.length, canary: canary.length },
      test: `unpaired-hac-welch(${label})`,
      contrast: (sc, kb, offset) => welchCombine(ec, eb, sc, kb, offset),
    };
  }
  const b = meanVariance(baseline);
  const c = meanVariance(canary);
  const eb = { estimate: b.mean, se: Math.sqrt(b.variance / baseline.length), df: baseline.length - 1 };
  const ec = { estimate: c.mean, se: Math.sqrt(c.variance / canary.length), df: canary.length - 1 };
  return {
    baseline: b.mean,
    canary: c.mean,
    n: { baseline: baseline.length, canary: canary.length },
    test: `welch-t(${label})`,
    contrast: (sc, kb, offset) => welchCombine(ec, eb, sc, kb, offset),
  };
}
