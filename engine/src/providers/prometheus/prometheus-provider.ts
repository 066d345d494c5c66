import { z } from 'zod';
import type { Cohort } from '../../model/cohort';
import type { Measurement, MeasurementRequest, MetricProvider } from '../metric-provider';
import { type PromSeries, prometheusConnectionSchema, queryPrometheus } from './prometheus-client';
import { type OtelInstrumentKind, otelToPrometheusLabel, otelToPrometheusName } from './prometheus-name';
import { type CohortLabels, DEFAULT_COHORT_LABELS, escapePromqlString, renderPromqlTemplate } from './promql-template';

const metricOverrideSchema = z.object({
  /** PromQL template replacing the config's query for this metric name. */
  query: z.string().min(1).optional(),
  denominatorQuery: z.string().min(1).optional(),
  /** OTel unit and instrument kind, used to derive the Prometheus name from an OTel metric name. */
  unit: z.string().optional(),
  kind: z.enum(['counter', 'updowncounter', 'gauge', 'histogram']).optional(),
});

/** Settings of a Prometheus-compatible provider (validated; see `prometheusConnectionSchema` for the connection). */
export const prometheusProviderSchema = prometheusConnectionSchema.extend({
  /** Label names for the cohort fields, when the backend names them differently. */
  labels: z
    .object({
      service: z.string(),
      release: z.string(),
      env: z.string(),
      flag: z.string(),
      variant: z.string(),
    })
    .partial()
    .default({}),
  /** User variables for templates (`$namespace`, ...). */
  variables: z.record(z.string(), z.string()).default({}),
  /** Whether the backend appends unit suffixes to OTel names (`_seconds`); the JS Prometheus exporter does not. */
  unitSuffixes: z.boolean().default(true),
  /** Per metric name (as in the canary config): query override or OTel unit/kind for name translation. */
  metrics: z.record(z.string(), metricOverrideSchema).default({}),
});

export type PrometheusProviderConfig = z.input<typeof prometheusProviderSchema>;

/** Units of well-known semantic-convention metrics, so that bare OTel names translate without configuration. */
const KNOWN_UNITS: Record<string, string> = {
  'http.server.request.duration': 's',
  'http.client.request.duration': 's',
  'http.server.request.body.size': 'By',
  'http.server.response.body.size': 'By',
  'rpc.server.duration': 'ms',
  'rpc.client.duration': 'ms',
  'db.client.operation.duration': 's',
};

/**
 * A plain metric name (OTel or Prometheus) rather than a PromQL expression,
 * optionally with the store's `{key=value,key!=value}` attribute filters.
 */
const BARE_NAME = /^([a-zA-Z_][a-zA-Z0-9_.:]*)(?:\{([^{}]*)\})?$/;

/** Store-style attribute filters (`http.route=/checkout`) as PromQL label matchers; numeric comparisons have no PromQL matcher. */
function filterMatchers(filters: string | undefined): { ok: true; matchers: string } | { ok: false; message: string } {
  if (!filters?.trim()) return { ok: true, matchers: '' };
  const out: string[] = [];
  for (const part of filters.split(',')) {
    const match = /^\s*([^=!<>\s]+)\s*(!=|=)\s*(.*?)\s*$/.exec(part);
    if (!match?.[1] || match[3] === undefined) {
      return {
        ok: false,
        message: `filter "${part.trim()}" has no PromQL equivalent; write a PromQL template instead`,
      };
    }
    out.push(`,${otelToPrometheusLabel(match[1])}${match[2]}"${escapePromqlString(match[3])}"`);
  }
  return { ok: true, matchers: out.join('') };
}

export interface PrometheusProviderOptions {
  /** The analysis's two cohorts, for `$baseline` / `$canary` in templates. */
  roles?: { baseline: Cohort; canary: Cohort };
}

/**
 * A `MetricProvider` over any Prometheus-compatible HTTP API. Each request's
 * query is a PromQL template (see `renderPromqlTemplate`) or a bare OTel
 * metric name, which is translated to a default PromQL query for the request's
 * shape. Range queries are evaluated at bucket ends (`from + step` .. `to`), so
 * each point covers one bucket `[t - step, t)` and is reported at its start.
 * Never throws: source failures, NaN-only and empty results are `error` /
 * `nodata` measurements with a message.
 */
export function createPrometheusProvider(
  input: PrometheusProviderConfig,
  options: PrometheusProviderOptions = {},
): MetricProvider {
  const config = prometheusProviderSchema.parse(input);
  const labels: CohortLabels = { ...DEFAULT_COHORT_LABELS, ...config.labels };

  function defaultQuery(
    request: MeasurementRequest,
    part: 'query' | 'denominatorQuery',
  ): string | undefined | { error: string } {
    const override = config.metrics[request.name];
    if (override?.[part]) return override[part];
    const source = part === 'query' ? request.query : request.denominatorQuery;
    const bare = source === undefined ? null : BARE_NAME.exec(source);
    if (source === undefined || !bare?.[1]) return source;
    const filters = filterMatchers(bare[2]);
    if (!filters.ok) return { error: `metric ${request.name}: ${filters.message}` };
    const otelName = bare[1];
    const statistic = request.statistic ?? 'mean';
    const inferred: OtelInstrumentKind =
      request.shape === 'histogram' || (request.shape === 'values' && (statistic === 'mean' || statistic === 'count'))
        ? 'histogram'
        : request.shape === 'counts' || statistic === 'rate' || statistic === 'sum'
          ? 'counter'
          : 'gauge';
    const kind = override?.kind ?? inferred;
    const unit = config.unitSuffixes ? (override?.unit ?? KNOWN_UNITS[otelName]) : undefined;
    const name = otelToPrometheusName(otelName, { unit, kind });
    const sel = `{$cohort${filters.matchers}}[$interval]`;
    if (request.shape === 'histogram') return `sum by (le) (increase(${name}_bucket${sel}))`;
    if (request.shape === 'counts') {
      return kind === 'histogram' ? `sum(increase(${name}_count${sel}))` : `sum(increase(${name}${sel}))`;
    }
    if (kind === 'histogram') {
      if (statistic === 'count') return `sum(increase(${name}_count${sel}))`;
      if (statistic === 'sum') return `sum(increase(${name}_sum${sel}))`;
      return `sum(increase(${name}_sum${sel})) / sum(increase(${name}_count${sel}))`;
    }
    if (kind === 'counter') {
      return statistic === 'rate' ? `sum(rate(${name}${sel}))` : `sum(increase(${name}${sel}))`;
    }
    if (statistic === 'max') return `max(max_over_time(${name}${sel}))`;
    if (statistic === 'min') return `min(min_over_time(${name}${sel}))`;
    if (statistic === 'sum') return `sum(last_over_time(${name}${sel}))`;
    return `avg(last_over_time(${name}${sel}))`;
  }

  type Points = { ok: true; byTime: Map<number, number>; seriesCount: number } | { ok: false; message: string };
  type Matrix = { ok: true; series: PromSeries[] } | { ok: false; message: string };

  /** Renders a template for the request and runs it over the window, one point per bucket end. */
  async function runRange(request: MeasurementRequest, template: string): Promise<Matrix> {
    const rendered = renderPromqlTemplate(template, {
      cohort: request.cohort,
      window: request.window,
      labels,
      roles: options.roles,
      variables: config.variables,
    });
    if (!rendered.ok) return rendered;
    const { from, to, step } = request.window;
    const buckets = Math.floor((to - from) / step);
    if (buckets < 1) return { ok: false, message: `window shorter than one step (${step} ms)` };
    const result = await queryPrometheus(config, {
      query: rendered.query,
      start: (from + step) / 1000,
      end: (from + buckets * step) / 1000,
      step: step / 1000,
    });
    if (!result.ok) return { ok: false, message: `query ${rendered.query} failed: ${result.message}` };
    return { ok: true, series: result.series };
  }

  /** Runs one template over the request's window; several series are combined per timestamp. */
  async function range(
    request: MeasurementRequest,
    template: string,
    combine: 'sum' | 'mean' | 'max' | 'min',
  ): Promise<Points> {
    const matrix = await runRange(request, template);
    if (!matrix.ok) return matrix;
    const byTime = combineSeries(matrix.series, combine, request.window.step);
    return { ok: true, byTime, seriesCount: matrix.series.length };
  }

  async function measureValues(request: MeasurementRequest, template: string): Promise<Measurement> {
    const statistic = request.statistic ?? 'mean';
    const combine = statistic === 'max' || statistic === 'min' ? statistic : statistic === 'mean' ? 'mean' : 'sum';
    const points = await range(request, template, combine);
    if (!points.ok) return { kind: 'error', message: points.message };
    if (points.byTime.size === 0) return noData(request, points.seriesCount);
    const timestamps = [...points.byTime.keys()].sort((a, b) => a - b);
    return { kind: 'values', timestamps, values: timestamps.map((t) => points.byTime.get(t) ?? 0) };
  }

  async function measureCounts(request: MeasurementRequest, template: string): Promise<Measurement> {
    const denominator = defaultQuery(request, 'denominatorQuery');
    if (typeof denominator === 'object') return { kind: 'error', message: denominator.error };
    if (!denominator) {
      return { kind: 'error', message: `metric ${request.name}: a counts metric needs a denominator query (trials)` };
    }
    const [events, trials] = await Promise.all([range(request, template, 'sum'), range(request, denominator, 'sum')]);
    if (!events.ok) return { kind: 'error', message: events.message };
    if (!trials.ok) return { kind: 'error', message: trials.message };
    const timestamps = [...trials.byTime.keys()].filter((t) => (trials.byTime.get(t) ?? 0) > 0).sort((a, b) => a - b);
    if (timestamps.length === 0) return noData(request, trials.seriesCount);
    // A bucket without any event series means zero events (Prometheus has no series for a count never incremented).
    const trialCounts = timestamps.map((t) => Math.round(trials.byTime.get(t) ?? 0));
    const eventCounts = timestamps.map((t, i) => Math.min(Math.round(events.byTime.get(t) ?? 0), trialCounts[i] ?? 0));
    return { kind: 'counts', timestamps, events: eventCounts, trials: trialCounts };
  }

  async function measureHistogram(request: MeasurementRequest, template: string): Promise<Measurement> {
    const matrix = await runRange(request, template);
    if (!matrix.ok) return { kind: 'error', message: matrix.message };
    return histogramFromSeries(request, matrix.series, request.window.step);
  }

  return {
    name: 'prometheus',
    async measure(request: MeasurementRequest): Promise<Measurement> {
      try {
        const template = defaultQuery(request, 'query');
        if (typeof template === 'object') return { kind: 'error', message: template.error };
        if (!template) return { kind: 'error', message: `metric ${request.name}: empty query` };
        if (request.shape === 'counts') return await measureCounts(request, template);
        if (request.shape === 'histogram') return await measureHistogram(request, template);
        return await measureValues(request, template);
      } catch (error) {
        // Defensive: a provider reports failures as data, never by throwing.
        return { kind: 'error', message: `metric ${request.name}: ${error instanceof Error ? error.message : error}` };
      }
    },
  };
}

function noData(request: MeasurementRequest, seriesCount: number): Measurement {
  const why = seriesCount === 0 ? 'no series matched' : `${seriesCount} series matched but had no finite values`;
  return {
    kind: 'nodata',
    message: `metric ${request.name}: ${why} for cohort ${JSON.stringify(request.cohort)} in the window`,
  };
}

/** Per bucket start (ms): the finite values of all series combined. NaN/Inf points are gaps. */
function combineSeries(series: PromSeries[], combine: 'sum' | 'mean' | 'max' | 'min', step: number) {
  const groups = new Map<number, number[]>();
  for (const s of series) {
    for (const [t, v] of s.points) {
      if (!Number.isFinite(v)) continue;
      const start = Math.round(t * 1000) - step;
      const list = groups.get(start);
      if (list) list.push(v);
      else groups.set(start, [v]);
    }
  }
  const out = new Map<number, number>();
  for (const [t, list] of groups) {
    const sum = list.reduce((a, b) => a + b, 0);
    out.set(
      t,
      combine === 'sum'
        ? sum
        : combine === 'mean'
          ? sum / list.length
          : combine === 'max'
            ? Math.max(...list)
            : Math.min(...list),
    );
  }
  return out;
}

/**
 * Classic Prometheus histogram (`le`-labelled cumulative bucket increases per
 * step) -> aggregate non-cumulative counts over the window. `sum` is estimated
 * from bucket midpoints (the upper bound for the first bucket, the last finite
 * bound for +Inf), since `_bucket` series carry no sum.
 */
function histogramFromSeries(request: MeasurementRequest, series: PromSeries[], step: number): Measurement {
  const byLe = new Map<number, number>();
  const perTime = new Map<number, number>();
  for (const s of series) {
    const le = s.metric.le;
    if (le === undefined) {
      return { kind: 'error', message: `metric ${request.name}: histogram query must keep the \`le\` label` };
    }
    const bound = le === '+Inf' || le === 'Inf' ? Number.POSITIVE_INFINITY : Number(le);
    let total = 0;
    for (const [t, v] of s.points) {
      if (!Number.isFinite(v)) continue;
      total += v;
      if (bound === Number.POSITIVE_INFINITY) perTime.set(Math.round(t * 1000) - step, v);
    }
    byLe.set(bound, (byLe.get(bound) ?? 0) + total);
  }
  if (!byLe.has(Number.POSITIVE_INFINITY)) return noData(request, series.length);
  const bounds = [...byLe.keys()].filter(Number.isFinite).sort((a, b) => a - b);
  const cumulative = [...bounds, Number.POSITIVE_INFINITY].map((b) => byLe.get(b) ?? 0);
  const counts = cumulative.map((c, i) => Math.max(0, Math.round(c - (i > 0 ? (cumulative[i - 1] ?? 0) : 0))));
  const count = counts.reduce((a, b) => a + b, 0);
  if (count === 0) return noData(request, series.length);
  let sum = 0;
  counts.forEach((c, i) => {
    const upper = bounds[i] ?? bounds[bounds.length - 1] ?? 0;
    const lower = i === 0 ? upper : (bounds[i - 1] ?? 0);
    sum += c * (i < bounds.length ? (lower + upper) / 2 : upper);
  });
  const timestamps = [...perTime.keys()].sort((a, b) => a - b);
  return { kind: 'histogram', bounds, counts, sum, count, timestamps };
}
