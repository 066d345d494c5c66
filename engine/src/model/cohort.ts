/**
 * A cohort is the set of telemetry that one side of a comparison is made of:
 * a release (`service.name` + `service.version`), a flag variant
 * (`feature_flag.key` + `feature_flag.result.variant`), or both, optionally
 * narrowed to one deployment environment and further attribute filters.
 */
export interface Cohort {
  /** `service.name` resource attribute. */
  service?: string;
  /** `service.version` resource attribute. */
  release?: string;
  /** `deployment.environment.name` (or the deprecated `deployment.environment`). */
  env?: string;
  /** `feature_flag.key`. */
  flag?: string;
  /** `feature_flag.result.variant` (or the older `feature_flag.variant`). */
  variant?: string;
  /** Any other point or resource attribute that must match exactly. */
  attributes?: Record<string, string>;
}

/** A half-open time window `[from, to)` in Unix milliseconds, cut into buckets of `step` ms. */
export interface TimeWindow {
  from: number;
  to: number;
  step: number;
}
