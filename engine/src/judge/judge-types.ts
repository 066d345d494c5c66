/**
 * The judge's contract: pure data in, pure data out. The analysis layer turns
 * config + provider measurements into `MetricSamples`, the judge classifies
 * each metric, and the analysis combines judgements into a verdict.
 */

/** `continuous`: one value per bucket; `rate`: events/trials counts; `latency`: an OTel histogram. */
export type MetricKind = 'continuous' | 'rate' | 'latency';

/** Which change is harm. */
export type Direction = 'increase' | 'decrease' | 'either';

/** Harm tolerated before a change counts as a regression: relative to the baseline and/or absolute. */
export interface Margin {
  relative?: number;
  absolute?: number;
}

export interface JudgeMetricSpec {
  name: string;
  kind: MetricKind;
  direction: Direction;
  margin: Margin;
  /** For `latency`: the quantile compared (0.5, 0.95, 0.99, ...). Default 0.99 for latency. */
  quantile?: number;
}

export interface CountSeries {
  events: number[];
  trials: number[];
}

export interface HistogramData {
  /** Explicit upper bounds, ascending; `counts` has `bounds.length + 1` entries (last bucket is +Inf). */
  bounds: number[];
  counts: number[];
}

/** One metric's data for both cohorts. Timestamps (Unix ms) allow paired, time-aligned comparison. */
export type MetricSamples =
  | {
      kind: 'continuous';
      baseline: number[];
      canary: number[];
      baselineTimestamps?: number[];
      canaryTimestamps?: number[];
    }
  | {
      kind: 'rate';
      baseline: CountSeries;
      canary: CountSeries;
      baselineTimestamps?: number[];
      canaryTimestamps?: number[];
    }
  | { kind: 'latency'; baseline: HistogramData; canary: HistogramData };

export interface JudgeOptions {
  /** Significance level for this metric's one-sided harm test (the analysis passes an alpha already split for multiplicity). */
  alpha: number;
  /** Minimum samples per cohort below which the metric is not judged (classification `nodata`). */
  minSamples: number;
  /**
   * Sequential mode: the verdict may be polled repeatedly over a growing window; the test must then be
   * always-valid (e-values / confidence sequences) so polling does not inflate false alarms.
   */
  sequential: boolean;
  /**
   * Sequential mode only: the sample size per cohort (buckets for `continuous`/`rate`) at which a decision is
   * expected; the always-valid boundary is tightest there. Must not depend on the data. Default 120.
   */
  sequentialHorizon?: number;
  /** Sequential mode only, `latency`: expected observations per cohort at the decision. Default 100,000. */
  sequentialHorizonObservations?: number;
  /**
   * `continuous` only: the share of `alpha` spent on the spread (variance/tail) check that catches a variance-only
   * regression a location test misses; the location test gets the rest. Default 0.2; 0 disables the check.
   */
  spreadAlphaShare?: number;
}

export type Classification = 'pass' | 'high' | 'low' | 'nodata' | 'error';

/** Whether harm beyond the margin was proven, excluded (proven within margin), or neither yet. */
export type HarmFinding = 'harmful' | 'safe' | 'undecided';

export interface MetricJudgement {
  name: string;
  classification: Classification;
  harm: HarmFinding;
  /**
   * The quantity that `effect`, `ci` and `summary` describe and the classification was decided on: `mean`,
   * `rate`, a quantile such as `p99`, or `spread` (mean absolute deviation) when a spread increase alone
   * made the metric harmful.
   */
  quantity: string;
  /** canary - baseline on `quantity`, and relative to the baseline. */
  effect: { absolute: number; relative: number | null };
  /** Confidence bounds for the absolute effect, at the judge's confidence level. */
  ci: { lower: number; upper: number; level: number };
  /** p-value of the harm test (or the always-valid p-value in sequential mode). */
  pValue: number | null;
  /** e-value when a sequential test was used. */
  eValue?: number | null;
  n: { baseline: number; canary: number };
  /** Name of the test used, e.g. `mann-whitney-u+hodges-lehmann`, `poisson-conditional-exact`, `hac-paired-t`. */
  test: string;
  /** One line a person can act on. */
  reason: string;
  /** Minimum detectable effect (absolute) at the current sample size, when undecided. */
  mde?: number | null;
  /** Estimated samples per cohort that would decide it, when undecided. */
  samplesNeeded?: number | null;
  /** The compared quantity per cohort (mean, rate, quantile), for reports. */
  summary: { baseline: number; canary: number };
}
