import { quantileSorted } from 'simple-statistics';
import type { MetricSamples } from '../judge/judge-types';
import { sum } from './prepare-metric-samples';
import type { MetricDistribution } from './verdict-types';

const BINS = 24;
const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];

/** Rounds to 6 significant digits so the JSON stays small and stable. */
function tidy(value: number): number {
  return value === 0 ? 0 : Number(value.toPrecision(6));
}

function binFractions(sorted: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  const lo = edges[0] ?? 0;
  const width = ((edges[edges.length - 1] ?? 1) - lo) / counts.length;
  for (const v of sorted) {
    const bin = width > 0 ? Math.min(counts.length - 1, Math.max(0, Math.floor((v - lo) / width))) : 0;
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return counts.map((c) => (sorted.length > 0 ? tidy(c / sorted.length) : 0));
}

/**
 * A compact picture of both cohorts for charts: for continuous metrics a
 * shared-bin histogram over the pooled 1st-99th percentile range (values
 * beyond fall into the end bins) and five quantiles per cohort; for rates the
 * total events and trials; for latency histograms the bucket fractions over
 * the finite bounds. O(n log n) for the sort.
 */
export function metricDistribution(samples: MetricSamples): MetricDistribution {
  if (samples.kind === 'rate') {
    return {
      kind: 'rate',
      baseline: { events: sum(samples.baseline.events), trials: sum(samples.baseline.trials) },
      canary: { events: sum(samples.canary.events), trials: sum(samples.canary.trials) },
    };
  }
  if (samples.kind === 'latency') {
    const { bounds } = samples.baseline;
    const same =
      bounds.length === samples.canary.bounds.length && bounds.every((b, i) => b === samples.canary.bounds[i]);
    if (!same || bounds.length < 2) return { kind: 'none' };
    const fractions = (counts: number[]) => {
      const total = sum(counts);
      return counts.map((c) => (total > 0 ? tidy(c / total) : 0));
    };
    // buckets: (-inf, b0], (b0, b1], ..., (b_last, +inf): draw the finite ones, fold the open ends into the edges.
    const fold = (counts: number[]) => {
      const f = fractions(counts);
      const inner = f.slice(1, bounds.length);
      inner[0] = tidy((inner[0] ?? 0) + (f[0] ?? 0));
      inner[inner.length - 1] = tidy((inner[inner.length - 1] ?? 0) + (f[bounds.length] ?? 0));
      return inner;
    };
    return {
      kind: 'histogram',
      edges: bounds.map(tidy),
      baseline: fold(samples.baseline.counts),
      canary: fold(samples.canary.counts),
      quantiles: { baseline: [], canary: [] },
    };
  }
  if (samples.baseline.length === 0 || samples.canary.length === 0) return { kind: 'none' };
  const baseline = Array.from(Float64Array.from(samples.baseline).sort());
  const canary = Array.from(Float64Array.from(samples.canary).sort());
  const pooled = Array.from(Float64Array.from([...samples.baseline, ...samples.canary]).sort());
  let lo = quantileSorted(pooled, 0.01);
  let hi = quantileSorted(pooled, 0.99);
  if (!(hi > lo)) {
    lo = pooled[0] ?? 0;
    hi = pooled[pooled.length - 1] ?? 0;
  }
  if (!(hi > lo)) hi = lo + (Math.abs(lo) || 1);
  const edges = Array.from({ length: BINS + 1 }, (_, i) => tidy(lo + ((hi - lo) * i) / BINS));
  return {
    kind: 'histogram',
    edges,
    baseline: binFractions(baseline, edges),
    canary: binFractions(canary, edges),
    quantiles: {
      baseline: QUANTILES.map((q) => tidy(quantileSorted(baseline, q))),
      canary: QUANTILES.map((q) => tidy(quantileSorted(canary, q))),
    },
  };
}
