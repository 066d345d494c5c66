import type { MetricSamples } from '../judge/judge-types';
import type { MetricInput } from './verdict-types';

export type PreparedInput =
  | { ok: true; samples: MetricSamples }
  | { ok: false; kind: 'nodata' | 'error'; message: string };

function firstNonFinite(values: readonly number[]): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

/** The first structural problem of one metric's samples (non-finite or negative numbers, length mismatches), or null. */
export function samplesProblem(samples: MetricSamples): string | null {
  const cohorts = ['baseline', 'canary'] as const;
  if (samples.kind === 'continuous') {
    for (const cohort of cohorts) {
      const at = firstNonFinite(samples[cohort]);
      if (at >= 0) return `${cohort}[${at}] is not a finite number (${samples[cohort][at]})`;
    }
  } else if (samples.kind === 'rate') {
    for (const cohort of cohorts) {
      const { events, trials } = samples[cohort];
      if (events.length !== trials.length) return `${cohort}: ${events.length} events but ${trials.length} trials`;
      for (let i = 0; i < events.length; i++) {
        const e = events[i] ?? Number.NaN;
        const t = trials[i] ?? Number.NaN;
        if (!Number.isFinite(e) || !Number.isFinite(t) || e < 0 || t < 0) {
          return `${cohort}[${i}]: events and trials must be finite non-negative counts (got ${e}/${t})`;
        }
        if (e > t) return `${cohort}[${i}]: more events (${e}) than trials (${t})`;
      }
    }
  } else {
    for (const cohort of cohorts) {
      const { bounds, counts } = samples[cohort];
      if (counts.length !== bounds.length + 1) {
        return `${cohort}: ${counts.length} bucket counts for ${bounds.length} bounds (expected ${bounds.length + 1})`;
      }
      const badBound = firstNonFinite(bounds);
      if (badBound >= 0) return `${cohort}.bounds[${badBound}] is not a finite number`;
      for (let i = 1; i < bounds.length; i++) {
        if ((bounds[i] ?? 0) <= (bounds[i - 1] ?? 0)) return `${cohort}.bounds must be strictly ascending (at ${i})`;
      }
      const badCount = counts.findIndex((c) => !Number.isFinite(c) || c < 0);
      if (badCount >= 0) return `${cohort}.counts[${badCount}] must be a finite non-negative count`;
    }
  }
  if (samples.kind !== 'latency') {
    for (const cohort of cohorts) {
      const stamps = cohort === 'baseline' ? samples.baselineTimestamps : samples.canaryTimestamps;
      const size = samples.kind === 'continuous' ? samples[cohort].length : samples[cohort].events.length;
      if (stamps === undefined) continue;
      if (stamps.length !== size) return `${cohort}Timestamps: ${stamps.length} timestamps for ${size} samples`;
      const at = firstNonFinite(stamps);
      if (at >= 0) return `${cohort}Timestamps[${at}] is not a finite number`;
    }
  }
  return null;
}

/**
 * Samples per cohort as the judge counts them: values for continuous metrics; for rates the buckets, or the
 * trials when a cohort is one aggregate bucket; observations for histograms.
 */
export function sampleCounts(samples: MetricSamples): { baseline: number; canary: number } {
  if (samples.kind === 'continuous') return { baseline: samples.baseline.length, canary: samples.canary.length };
  if (samples.kind === 'rate') {
    const count = (s: { events: number[]; trials: number[] }) =>
      s.events.length > 1 ? s.events.length : sum(s.trials);
    return { baseline: count(samples.baseline), canary: count(samples.canary) };
  }
  return { baseline: sum(samples.baseline.counts), canary: sum(samples.canary.counts) };
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function keepIndexes<T>(values: readonly T[], keep: readonly boolean[]): T[] {
  return values.filter((_, i) => keep[i]);
}

/** Drops samples whose timestamp is before `start + warmupMs` (`start`: the given window start or the earliest timestamp). */
function skipWarmup(samples: MetricSamples, warmupMs: number, windowStart: number | undefined): MetricSamples {
  if (samples.kind === 'latency' || warmupMs <= 0) return samples;
  const { baselineTimestamps: bt, canaryTimestamps: ct } = samples;
  if (!bt && !ct) return samples;
  const start = windowStart ?? Math.min(...(bt ?? []), ...(ct ?? []));
  const cut = start + warmupMs;
  const keepB = bt?.map((t) => t >= cut);
  const keepC = ct?.map((t) => t >= cut);
  if (samples.kind === 'continuous') {
    return {
      kind: 'continuous',
      baseline: keepB ? keepIndexes(samples.baseline, keepB) : samples.baseline,
      canary: keepC ? keepIndexes(samples.canary, keepC) : samples.canary,
      baselineTimestamps: bt && keepB ? keepIndexes(bt, keepB) : undefined,
      canaryTimestamps: ct && keepC ? keepIndexes(ct, keepC) : undefined,
    };
  }
  const cutCounts = (series: { events: number[]; trials: number[] }, keep: boolean[] | undefined) =>
    keep ? { events: keepIndexes(series.events, keep), trials: keepIndexes(series.trials, keep) } : series;
  return {
    kind: 'rate',
    baseline: cutCounts(samples.baseline, keepB),
    canary: cutCounts(samples.canary, keepC),
    baselineTimestamps: bt && keepB ? keepIndexes(bt, keepB) : undefined,
    canaryTimestamps: ct && keepC ? keepIndexes(ct, keepC) : undefined,
  };
}

/**
 * Checks one metric's input against the kind the config expects, validates
 * it and skips the warm-up. Problems become `error` (never exceptions).
 */
export function prepareMetricSamples(
  input: MetricInput | undefined,
  expectedKind: MetricSamples['kind'],
  warmupMs: number,
  windowStart: number | undefined,
): PreparedInput {
  if (input === undefined) return { ok: false, kind: 'nodata', message: 'no samples for this metric' };
  if (input.kind === 'nodata' || input.kind === 'error') return { ok: false, kind: input.kind, message: input.message };
  if (input.kind !== expectedKind) {
    return { ok: false, kind: 'error', message: `the config says kind ${expectedKind} but the data is ${input.kind}` };
  }
  const problem = samplesProblem(input);
  if (problem) return { ok: false, kind: 'error', message: problem };
  return { ok: true, samples: skipWarmup(input, warmupMs, windowStart) };
}
