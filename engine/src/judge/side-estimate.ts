import { autocorrelationRobustMean } from '../stats/autocorrelation-robust-mean';
import type { Estimate } from './harm-test';
import { sortedByTime } from './sorted-by-time';

/**
 * One cohort's mean with its standard error. With timestamps the values are put in time order and the error
 * is autocorrelation-robust (prewhitened HAC); without, they are exchangeable and the error is the i.i.d.
 * s/√n with n - 1 degrees of freedom, so their order cannot matter. O(n log n).
 * Example: `sideEstimate([1, 2, 3])` -> `{ estimate: 2, se: 0.577…, df: 2 }`.
 */
export function sideEstimate(values: readonly number[], timestamps?: readonly number[]): Estimate {
  if (timestamps) {
    const r = autocorrelationRobustMean(sortedByTime(timestamps, values));
    return { estimate: r.mean, se: r.se, df: r.df };
  }
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { estimate: mean, se: n > 1 ? Math.sqrt(ss / (n - 1) / n) : Number.POSITIVE_INFINITY, df: Math.max(n - 1, 1) };
}

/**
 * Welch's combination of two independent estimates into the harm contrast `sc·C - kb·B - offset`, with the
 * Welch-Satterthwaite degrees of freedom. O(1).
 */
export function welchCombine(c: Estimate, b: Estimate, sc: number, kb: number, offset: number): Estimate {
  const vc = (sc * c.se) ** 2;
  const vb = (kb * b.se) ** 2;
  const denom = (vc * vc) / c.df + (vb * vb) / b.df;
  return {
    estimate: sc * c.estimate - kb * b.estimate - offset,
    se: Math.sqrt(vc + vb),
    df: denom > 0 ? (vc + vb) ** 2 / denom : Math.min(c.df, b.df),
  };
}
