import { histogramQuantile } from '../stats/histogram-quantile';
import type { ContrastSource } from './contrast-source';
import type { HistogramData } from './judge-types';

/**
 * Contrast source for a quantile of OTel explicit-bucket histograms: each cohort's quantile with its Woodruff
 * interval (standard error = half-width / z at 95%), combined as independent normal estimates.
 */
export function latencySource(baseline: HistogramData, canary: HistogramData, q: number): ContrastSource {
  const b = histogramQuantile(baseline.bounds, baseline.counts, q, 0.95);
  const c = histogramQuantile(canary.bounds, canary.counts, q, 0.95);
  return {
    baseline: b.estimate,
    canary: c.estimate,
    n: { baseline: b.count, canary: c.count },
    test: `histogram-quantile-woodruff(p${Math.round(q * 1000) / 10})`,
    contrast: (sc, kb, offset) => ({
      estimate: sc * c.estimate - kb * b.estimate - offset,
      se: Math.sqrt((sc * c.standardError) ** 2 + (kb * b.standardError) ** 2),
      df: Number.POSITIVE_INFINITY,
    }),
  };
}
