import type { Cohort, TimeWindow } from '../model/cohort';

/**
 * What one metric of a canary config asks a provider for. `query` is the
 * provider-specific selector: an OTel metric name for the embedded store, a
 * PromQL template for Prometheus-compatible sources.
 */
export interface MeasurementRequest {
  /** The metric's name in the canary config (for messages). */
  name: string;
  /** How the values are read: one value per bucket, event/trial counts per bucket, or histogram buckets. */
  shape: 'values' | 'counts' | 'histogram';
  /** Provider-specific selector (metric name, PromQL template, ...). */
  query: string;
  /** For `counts`: the selector of the denominator (trials), e.g. the request counter. */
  denominatorQuery?: string;
  /** For `values`: which statistic of a bucket (mean of a histogram/sum, sum, count, rate per second, last gauge value). */
  statistic?: 'mean' | 'sum' | 'count' | 'rate' | 'last' | 'max' | 'min';
  cohort: Cohort;
  window: TimeWindow;
}

/**
 * A measurement is data, including when the source failed: providers never
 * throw for a source problem, they return `error` or `nodata` with a message
 * (the Argo Rollouts rule), and the analysis turns those into an
 * inconclusive or no-go verdict, never a go.
 */
export type Measurement =
  | {
      kind: 'values';
      /** Bucket start times (Unix ms), same length as `values`; buckets with no data are omitted. */
      timestamps: number[];
      values: number[];
    }
  | {
      kind: 'counts';
      timestamps: number[];
      /** Events (e.g. errors) per bucket. */
      events: number[];
      /** Trials (e.g. requests) per bucket, same length as `events`. */
      trials: number[];
    }
  | {
      kind: 'histogram';
      /** Explicit upper bounds, ascending; `counts` has `bounds.length + 1` entries (last is +Inf). */
      bounds: number[];
      /** Aggregate bucket counts over the window. */
      counts: number[];
      /** Sum and count of observations over the window. */
      sum: number;
      count: number;
      /** Optional per-time-bucket totals (Unix ms start, count) for health checks. */
      timestamps?: number[];
    }
  | { kind: 'nodata'; message: string }
  | { kind: 'error'; message: string };

/** One source of measurements. One folder per implementation under `providers/`. */
export interface MetricProvider {
  /** Short name shown in reasons, e.g. `store` or `prometheus`. */
  readonly name: string;
  measure(request: MeasurementRequest): Promise<Measurement>;
}
