import { alignByTimestamp } from '../stats/align-by-timestamp';
import { autocorrelationRobustMean } from '../stats/autocorrelation-robust-mean';
import { deltaMethodRatio } from '../stats/delta-method-ratio';
import { twoProportionTest } from '../stats/two-proportion-test';
import type { ContrastSource } from './contrast-source';
import type { CountSeries } from './judge-types';
import { sideEstimate, welchCombine } from './side-estimate';

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** Pearson dispersion Σ(E - λN)²/(λN) / (n - 1) of per-bucket counts around the pooled rate (1 for Poisson). */
export function poissonDispersion(series: CountSeries): number {
  const e = sum(series.events);
  const t = sum(series.trials);
  const n = series.events.length;
  if (n < 2 || e === 0 || t === 0) return 1;
  const rate = e / t;
  let chi = 0;
  for (let i = 0; i < n; i++) {
    const expected = rate * series.trials[i]!;
    if (expected > 0) chi += (series.events[i]! - expected) ** 2 / expected;
  }
  return chi / (n - 1);
}

/**
 * Ratio-of-sums rate (Σevents / Σtrials) per cohort with delta-method influence values; standard errors are
 * autocorrelation-robust over buckets in time order (paired by timestamp when the buckets line up), or the
 * plain i.i.d. estimate when the buckets carry no timestamps, so that their order cannot matter. Valid for
 * overdispersed, bursty counts where the Poisson model is not.
 */
export function deltaRateSource(
  baseline: CountSeries,
  canary: CountSeries,
  minPairs: number,
  baselineTimestamps?: readonly number[],
  canaryTimestamps?: readonly number[],
): ContrastSource {
  const db = deltaMethodRatio(baseline.events, baseline.trials);
  const dc = deltaMethodRatio(canary.events, canary.trials);
  const n = { baseline: baseline.events.length, canary: canary.events.length };
  if (baselineTimestamps && canaryTimestamps) {
    const aligned = alignByTimestamp(baselineTimestamps, db.influence, canaryTimestamps, dc.influence);
    if (aligned.timestamps.length >= Math.max(minPairs, 3)) {
      const series = new Array<number>(aligned.timestamps.length);
      return {
        baseline: db.ratio,
        canary: dc.ratio,
        n,
        test: 'delta-method-paired-hac',
        contrast(sc, kb, offset) {
          for (let i = 0; i < series.length; i++) series[i] = sc * aligned.canary[i]! - kb * aligned.baseline[i]!;
          const r = autocorrelationRobustMean(series);
          return { estimate: sc * dc.ratio - kb * db.ratio - offset, se: r.se, df: r.df };
        },
      };
    }
  }
  // Buckets with timestamps are put in time order for the autocorrelation-robust variance; without
  // timestamps they are exchangeable and any order must give the same answer (plain variance).
  const eb = { ...sideEstimate(db.influence, baselineTimestamps), estimate: db.ratio };
  const ec = { ...sideEstimate(dc.influence, canaryTimestamps), estimate: dc.ratio };
  const timed = baselineTimestamps !== undefined && canaryTimestamps !== undefined;
  return {
    baseline: db.ratio,
    canary: dc.ratio,
    n,
    test: timed ? 'delta-method-hac-welch' : 'delta-method-welch',
    contrast: (sc, kb, offset) => welchCombine(ec, eb, sc, kb, offset),
  };
}

/** Two-proportion (Wald) source for frequent events counted as independent trials. */
export function proportionSource(baseline: CountSeries, canary: CountSeries): ContrastSource {
  const eb = sum(baseline.events);
  const tb = sum(baseline.trials);
  const ec = sum(canary.events);
  const tc = sum(canary.trials);
  return {
    baseline: eb / tb,
    canary: ec / tc,
    n: { baseline: baseline.events.length, canary: canary.events.length },
    test: 'two-proportion-z',
    contrast(sc, kb, offset) {
      const r = twoProportionTest(ec, tc, eb, tb, kb / sc, 'greater');
      return { estimate: sc * r.difference - offset, se: r.standardError, df: Number.POSITIVE_INFINITY };
    },
  };
}
