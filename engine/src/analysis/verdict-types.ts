import type { CanaryConfig } from '../config/canary-config-schema';
import type {
  Classification,
  Direction,
  HarmFinding,
  JudgeMetricSpec,
  JudgeOptions,
  Margin,
  MetricJudgement,
  MetricKind,
  MetricSamples,
} from '../judge/judge-types';
import type { Cohort, TimeWindow } from '../model/cohort';

export type Verdict = 'go' | 'no-go' | 'inconclusive';

/** A metric's input: samples for both cohorts, or why there are none (a provider's `nodata` / `error`). */
export type MetricInput = MetricSamples | { kind: 'nodata'; message: string } | { kind: 'error'; message: string };

/** Inputs per metric name of the config; a missing name counts as `nodata`. */
export type SamplesByMetric = Readonly<Record<string, MetricInput | undefined>>;

/** The per-metric judge (`judgeMetric` of `engine/src/judge`), injectable for tests and the calibration harness. */
export type JudgeMetricFn = (spec: JudgeMetricSpec, samples: MetricSamples, options: JudgeOptions) => MetricJudgement;

export interface AnalyzeOptions {
  /** The per-metric judge; default: `judgeMetric` from `engine/src/judge`. */
  judge?: JudgeMetricFn;
  /** Overrides `config.sequential` (always-valid tests for a verdict polled repeatedly). */
  sequential?: boolean;
  /** Overrides `config.expectedSplit` for the sample-ratio-mismatch check. */
  expectedSplit?: { baseline: number; canary: number };
  /** Start of the analysed window (Unix ms): samples with timestamps before `windowStart + warmup` are skipped. Default: the earliest timestamp of the metric. */
  windowStart?: number;
  /** Describes where the samples came from (cohorts, window, provider); part of the result and of the input digest. */
  source?: AnalysisSource;
}

export interface AnalysisSource {
  provider?: string;
  cohorts?: { baseline: Cohort; canary: Cohort };
  window?: TimeWindow;
  /** For offline data: the file it was read from (not part of the digest). */
  file?: string;
}

/** One health check run before the per-metric judgement. */
export interface HealthCheck {
  name: 'min-samples' | 'sample-ratio' | 'data';
  status: 'pass' | 'fail' | 'skipped';
  /** The verdict this check forces when it fails (`null` when it does not decide alone). */
  forces: Verdict | null;
  message: string;
  /** For `sample-ratio`: observed counts, expected split, chi-square p-value. */
  detail?: Record<string, number | string>;
}

/** Compact distributions of both cohorts for charts (deterministic, small). */
export type MetricDistribution =
  | {
      kind: 'histogram';
      /** Bin edges (length bins + 1); values outside are counted in the end bins. */
      edges: number[];
      /** Fraction of each cohort's samples per bin. */
      baseline: number[];
      canary: number[];
      /** p5, p25, p50, p75, p95 per cohort. */
      quantiles: { baseline: number[]; canary: number[] };
    }
  | {
      kind: 'rate';
      baseline: { events: number; trials: number };
      canary: { events: number; trials: number };
    }
  | { kind: 'none' };

export interface MetricResult {
  name: string;
  kind: MetricKind;
  classification: Classification;
  critical: boolean;
  gating: boolean;
  mustHaveData: boolean;
  direction: Direction;
  margin: Margin;
  group: string;
  harm: HarmFinding;
  /** What `effect`, `ci` and `summary` measure and the classification was decided on (`mean`, `rate`, `p99`, `spread`), or null when not judged. */
  quantity: string | null;
  effect: { absolute: number; relative: number | null } | null;
  ci: { lower: number; upper: number; level: number } | null;
  pValue: number | null;
  /** Holm-adjusted (gating) or Benjamini-Hochberg-adjusted (informational) p-value. */
  adjustedPValue: number | null;
  /** The per-metric significance level the reported judgement used. */
  alpha: number | null;
  eValue: number | null;
  n: { baseline: number; canary: number };
  test: string;
  reason: string;
  mde: number | null;
  samplesNeeded: number | null;
  summary: { baseline: number; canary: number } | null;
  distribution: MetricDistribution;
}

export interface ScoreGroup {
  name: string;
  /** 0-100, or null when nothing in the group was counted (the group then enters the sum as 100, as in Kayenta). */
  score: number | null;
  weight: number;
}

export interface ScoreDetail {
  value: number;
  classification: 'pass' | 'marginal' | 'fail';
  thresholds: { pass: number; marginal: number };
  groups: ScoreGroup[];
  reason: string;
}

/** What would decide an undecided gating metric. */
export interface MissingEvidence {
  metric: string;
  reason: string;
  mde: number | null;
  samplesNeeded: number | null;
}

export interface VerdictResult {
  verdict: Verdict;
  reason: string;
  /** Kayenta-compatible 0-100 score; details in `scoreDetail`. */
  score: number;
  metrics: MetricResult[];
  health: HealthCheck[];
  /** sha256 (hex) of the canonical encoding (`canonicalDigest`) of the analysed input: config, samples, options, source. */
  inputDigest: string;
  name: string;
  scoreDetail: ScoreDetail;
  missing: MissingEvidence[];
  settings: { alpha: number; minSamples: number; sequential: boolean; warmupMs: number };
  source?: AnalysisSource;
}

export type { CanaryConfig };
