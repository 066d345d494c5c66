import { alignByTimestamp } from '../stats/align-by-timestamp';
import { pairedBucketComparison } from '../stats/paired-bucket-comparison';
import type { ContrastSource } from './contrast-source';
import { sideEstimate, welchCombine } from './side-estimate';

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
    const eb = sideEstimate(baseline, baselineTimestamps);
    const ec = sideEstimate(canary, canaryTimestamps);
    return {
      baseline: eb.estimate,
      canary: ec.estimate,
      n: { baseline: baseline.length, canary: canary.length },
      test: `unpaired-hac-welch(${label})`,
      contrast: (sc, kb, offset) => welchCombine(ec, eb, sc, kb, offset),
    };
  }
  const eb = sideEstimate(baseline);
  const ec = sideEstimate(canary);
  return {
    baseline: eb.estimate,
    canary: ec.estimate,
    n: { baseline: baseline.length, canary: canary.length },
    test: `welch-t(${label})`,
    contrast: (sc, kb, offset) => welchCombine(ec, eb, sc, kb, offset),
  };
}
