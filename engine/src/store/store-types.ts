import type { Cohort, TimeWindow } from '../model/cohort';

/** Point kinds of the OTel metrics data model, as the store files them. */
export type PointKind = 'sum' | 'gauge' | 'histogram' | 'exponential_histogram' | 'summary';

/** How a sum's points add up over time. `none` for gauges. */
export type Temporality = 'delta' | 'cumulative' | 'none';

/** Exponential-histogram buckets: `counts[i]` belongs to bucket index `offset + i`. */
export interface ExponentialBuckets {
  offset: number;
  counts: number[];
}

/** One exponential-histogram layout and its counts (`base = 2^(2^-scale)`). */
export interface ExponentialData {
  scale: number;
  zeroCount: number;
  zeroThreshold: number;
  positive: ExponentialBuckets;
  negative: ExponentialBuckets;
}

/** One data point as the store takes it (times in Unix microseconds). */
export interface IngestPoint {
  /** Point attributes, values already rendered as strings. */
  attributes: Readonly<Record<string, string>>;
  /** Start of the point's interval (`0` when unknown). */
  startUs: number;
  timeUs: number;
  /** The OTLP `NO_RECORDED_VALUE` flag: a staleness marker with no value. */
  noValue: boolean;
  /** Sum/gauge value; histogram/summary sum (NaN when absent). */
  value: number;
  /** Histogram/summary observation count. */
  count: number;
  min: number;
  max: number;
  /** Explicit-bounds histogram layout. */
  bounds?: readonly number[];
  bucketCounts?: number[];
  exponential?: ExponentialData;
  /** Summary quantiles as `[quantile, value]` pairs. */
  quantiles?: Array<[number, number]>;
}

/** One metric of one resource and scope, with its points. */
export interface IngestMetric {
  name: string;
  unit: string;
  kind: PointKind;
  temporality: Temporality;
  monotonic: boolean;
  /** Instrumentation scope name. */
  scope: string;
  /** Resource attributes, values rendered as strings. */
  resource: Record<string, string>;
  points: IngestPoint[];
}

/** What happened to a batch: accepted and rejected point counts, and why points were rejected. */
export interface IngestResult {
  accepted: number;
  rejected: number;
  /** One line per distinct rejection reason (with its count), for OTLP `partial_success.error_message`. */
  messages: string[];
}

/** A filter on any point or resource attribute. Numeric comparisons apply when both sides are numbers. */
export interface AttributeFilter {
  key: string;
  op: '=' | '!=' | '>' | '>=' | '<' | '<=';
  value: string;
}

export interface SeriesQuery {
  metric: string;
  cohort: Cohort;
  window: TimeWindow;
  filters?: AttributeFilter[];
}

/**
 * Aggregates of one time bucket over every matching series.
 * - `sum`: for delta/cumulative counters the increase in the bucket; for histograms and summaries the sum of
 *   observations; for gauges and up-down counters the sum of the sampled values.
 * - `count`: histogram/summary observations; for counters and gauges the number of data points.
 * - `last`: the sum over series of each series' latest value in the bucket (levels: gauges, up-down counters).
 * - `buckets`: explicit-bounds histogram counts in the result's `bounds` layout.
 */
export interface SeriesBucket {
  /** Bucket start, Unix ms. */
  start: number;
  samples: number;
  sum: number;
  count: number;
  min: number | null;
  max: number | null;
  last: number | null;
  buckets?: number[];
}

export interface SeriesResult {
  metric: string;
  kind: PointKind | null;
  unit: string;
  temporality: Temporality | null;
  monotonic: boolean;
  /** Number of series that matched the cohort and filters. */
  series: number;
  /** When the earliest matching series was first seen (Unix ms), or null. */
  firstSeen: number | null;
  window: TimeWindow;
  /** Histogram upper bounds shared by `buckets[].buckets` (last bucket is +Inf), or null. */
  bounds: number[] | null;
  /** Buckets with at least one point, ascending by start. */
  buckets: SeriesBucket[];
  warnings: string[];
}

export interface FlagVariantSummary {
  variant: string;
  /** `feature_flag.evaluation_success_total` increase in the requested window (or all time). */
  evaluations: number;
  firstSeen: number;
  lastSeen: number;
}

export interface FlagSummary {
  flag: string;
  services: string[];
  variants: FlagVariantSummary[];
  /** `feature_flag.evaluation_requests_total` and `_error_total` increases (not per variant: the hook has none). */
  requests: number;
  errors: number;
  firstSeen: number;
  lastSeen: number;
}

export interface ReleaseSummary {
  service: string;
  release: string;
  envs: string[];
  firstSeen: number;
  lastSeen: number;
  points: number;
  series: number;
}
