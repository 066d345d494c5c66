import type { Cohort, TimeWindow } from '../../model/cohort';
import { otelToPrometheusLabel } from './prometheus-name';

/** Prometheus label names used for the cohort placeholders (defaults follow OTel -> Prometheus translation). */
export interface CohortLabels {
  service: string;
  release: string;
  env: string;
  flag: string;
  variant: string;
}

export const DEFAULT_COHORT_LABELS: CohortLabels = {
  service: 'service_name',
  release: 'service_version',
  env: 'deployment_environment_name',
  flag: 'feature_flag_key',
  variant: 'feature_flag_result_variant',
};

/** Context for one rendering: the cohort measured, the window, and the analysis's two cohorts when known. */
export interface TemplateContext {
  cohort: Cohort;
  window: TimeWindow;
  labels: CohortLabels;
  /** The analysis's baseline and canary cohorts, for `$baseline` / `$canary` (their release, else their variant). */
  roles?: { baseline: Cohort; canary: Cohort };
  /** Extra user variables (`$name` -> value), e.g. a namespace. */
  variables?: Record<string, string>;
}

export type RenderResult = { ok: true; query: string } | { ok: false; message: string };

/** Escapes a value for use inside a double-quoted PromQL string. */
export function escapePromqlString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** PromQL duration for milliseconds, e.g. 60000 -> `60s`, 1500 -> `1500ms`. */
export function promDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${Math.round(ms)}ms`;
}

/** The value that tells a cohort apart from its sibling: its release, else its variant (Kayenta's `${scope}`). */
function scopeOf(cohort: Cohort): string | undefined {
  return cohort.release ?? cohort.variant;
}

/** Label matchers selecting a cohort, e.g. `service_name="checkout",service_version="1.4.0"`. */
export function cohortMatchers(cohort: Cohort, labels: CohortLabels): string {
  const pairs: [string, string | undefined][] = [
    [labels.service, cohort.service],
    [labels.release, cohort.release],
    [labels.env, cohort.env],
    [labels.flag, cohort.flag],
    [labels.variant, cohort.variant],
  ];
  for (const [key, value] of Object.entries(cohort.attributes ?? {})) pairs.push([otelToPrometheusLabel(key), value]);
  return pairs
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([label, value]) => `${label}="${escapePromqlString(value)}"`)
    .join(',');
}

/**
 * Renders a PromQL template. Placeholders are `$name` or `${name}`:
 * - `$cohort`: all label matchers of the measured cohort (use as `metric{$cohort}`);
 * - `$service`, `$release` (alias `$version`), `$env`, `$flag`, `$variant`: the measured cohort's fields;
 * - `$scope`: the measured cohort's release, else its variant;
 * - `$baseline`, `$canary`: the scope of the analysis's baseline / canary cohort;
 * - `$interval`: the bucket length (`60s`), for `rate(x[$interval])`; `$window`: the whole window;
 * - any user variable.
 * String values are escaped for a double-quoted PromQL string. An unknown or
 * unset placeholder is an error naming it, never an empty string.
 *
 * @example renderPromqlTemplate('sum(rate(http_requests_total{$cohort}[$interval]))', ctx)
 */
export function renderPromqlTemplate(template: string, context: TemplateContext): RenderResult {
  const { cohort, window, labels } = context;
  const values: Record<string, string | undefined> = {
    ...context.variables,
    service: cohort.service,
    release: cohort.release,
    version: cohort.release,
    env: cohort.env,
    flag: cohort.flag,
    variant: cohort.variant,
    scope: scopeOf(cohort),
    baseline: context.roles ? scopeOf(context.roles.baseline) : undefined,
    canary: context.roles ? scopeOf(context.roles.canary) : undefined,
  };
  const raw: Record<string, string> = {
    cohort: cohortMatchers(cohort, labels),
    interval: promDuration(window.step),
    window: promDuration(window.to - window.from),
  };
  const problems: string[] = [];
  const query = template.replace(
    /\$\{(\w+)\}|\$(\w+)/g,
    (match, braced: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      if (name in raw) return raw[name] ?? '';
      const value = values[name];
      if (value === undefined) {
        problems.push(name in values ? `$${name} is not set for cohort ${JSON.stringify(cohort)}` : `unknown $${name}`);
        return match;
      }
      return escapePromqlString(value);
    },
  );
  if (problems.length > 0) return { ok: false, message: `PromQL template: ${problems.join('; ')} in ${template}` };
  return { ok: true, query };
}
