import type { SeriesBucket, SeriesQuery, SeriesResult } from '../../store/store-types';
import type { Measurement, MeasurementRequest } from '../metric-provider';
import { parseStoreQuery } from './store-query';

/** Reads one `SeriesResult` (from the store in-process or from an engine's `/api/series`). */
export type SeriesSource = (query: SeriesQuery) => Promise<SeriesResult>;

type Statistic = NonNullable<MeasurementRequest['statistic']>;

const isIncrease = (r: SeriesResult) =>
  r.kind === 'histogram' ||
  r.kind === 'exponential_histogram' ||
  r.kind === 'summary' ||
  (r.kind === 'sum' && r.monotonic);

/** Default statistic per kind: mean of histograms, increase of counters, last value of gauges/up-down counters. */
function defaultStatistic(r: SeriesResult): Statistic {
  if (r.kind === 'histogram' || r.kind === 'exponential_histogram' || r.kind === 'summary') return 'mean';
  return isIncrease(r) ? 'sum' : 'last';
}

/** How many events a bucket holds: observations of a histogram, the increase of a counter. */
function events(r: SeriesResult, b: SeriesBucket): number {
  return r.kind === 'sum' || r.kind === 'gauge' ? b.sum : b.count;
}

function statisticOf(r: SeriesResult, b: SeriesBucket, statistic: Statistic, stepMs: number): number | string | null {
  const histogram = r.kind === 'histogram' || r.kind === 'exponential_histogram' || r.kind === 'summary';
  switch (statistic) {
    case 'mean':
      if (histogram) return b.count > 0 ? b.sum / b.count : null;
      return b.samples > 0 ? b.sum / b.samples : null;
    case 'sum':
      return b.sum;
    case 'count':
      return b.count;
    case 'rate':
      if (!isIncrease(r)) return `statistic "rate" needs a counter or histogram, and ${r.metric} is a ${r.kind}`;
      return events(r, b) / (stepMs / 1000);
    case 'last':
      if (histogram) return `statistic "last" needs a gauge or up-down counter, and ${r.metric} is a ${r.kind}`;
      return b.last;
    case 'max':
      return b.max;
    case 'min':
      return b.min;
  }
}

/**
 * Under delta temporality a silent series means no activity: zero-filled buckets from when the cohort
 * was first seen up to now (never the future, never before the cohort existed).
 */
function zeroFilled(r: SeriesResult, now: number): SeriesBucket[] {
  if (r.temporality !== 'delta' || r.firstSeen === null || !isIncrease(r)) return r.buckets;
  const { from, to, step } = r.window;
  const byStart = new Map(r.buckets.map((b) => [b.start, b]));
  const first = Math.max(0, Math.floor((r.firstSeen - from) / step));
  const end = Math.min(to, now);
  const out: SeriesBucket[] = [];
  for (let i = first; from + i * step < end; i++) {
    const start = from + i * step;
    out.push(byStart.get(start) ?? { start, samples: 0, sum: 0, count: 0, min: null, max: null, last: null });
  }
  return out;
}

async function fetchSeries(
  source: SeriesSource,
  request: MeasurementRequest,
  text: string,
): Promise<SeriesResult | Measurement> {
  const parsed = parseStoreQuery(text);
  if ('error' in parsed) return { kind: 'error', message: `${request.name}: ${parsed.error}` };
  return source({ metric: parsed.metric, filters: parsed.filters, cohort: request.cohort, window: request.window });
}

const isMeasurement = (x: SeriesResult | Measurement): x is Measurement => 'kind' in x && !('metric' in x);

async function measureValues(source: SeriesSource, request: MeasurementRequest, now: number): Promise<Measurement> {
  const r = await fetchSeries(source, request, request.query);
  if (isMeasurement(r)) return r;
  if (r.series === 0) return { kind: 'nodata', message: `${request.name}: no series of ${r.metric} for this cohort` };
  const statistic = request.statistic ?? defaultStatistic(r);
  const fill = statistic === 'sum' || statistic === 'count' || statistic === 'rate';
  const timestamps: number[] = [];
  const values: number[] = [];
  for (const b of fill ? zeroFilled(r, now) : r.buckets) {
    const v = statisticOf(r, b, statistic, r.window.step);
    if (typeof v === 'string') return { kind: 'error', message: `${request.name}: ${v}` };
    if (v === null || !Number.isFinite(v)) continue;
    timestamps.push(b.start);
    values.push(v);
  }
  if (values.length === 0)
    return { kind: 'nodata', message: `${request.name}: no points of ${r.metric} in the window` };
  return { kind: 'values', timestamps, values };
}

async function measureCounts(source: SeriesSource, request: MeasurementRequest, now: number): Promise<Measurement> {
  if (!request.denominatorQuery) {
    return {
      kind: 'error',
      message: `${request.name}: shape "counts" needs a denominator query (the trials, e.g. the request counter)`,
    };
  }
  const [ev, tr] = await Promise.all([
    fetchSeries(source, request, request.query),
    fetchSeries(source, request, request.denominatorQuery),
  ]);
  if (isMeasurement(ev)) return ev;
  if (isMeasurement(tr)) return tr;
  if (tr.series === 0)
    return { kind: 'nodata', message: `${request.name}: no series of ${tr.metric} (trials) for this cohort` };
  // Buckets without events count 0 events: an error counter that did not move is not exported under
  // delta temporality, and a filtered one may have no series at all.
  const eventsByStart = new Map(ev.buckets.map((b) => [b.start, events(ev, b)]));
  const timestamps: number[] = [];
  const eventCounts: number[] = [];
  const trials: number[] = [];
  for (const b of zeroFilled(tr, now)) {
    timestamps.push(b.start);
    trials.push(events(tr, b));
    eventCounts.push(eventsByStart.get(b.start) ?? 0);
  }
  if (timestamps.length === 0)
    return { kind: 'nodata', message: `${request.name}: no points of ${tr.metric} in the window` };
  return { kind: 'counts', timestamps, events: eventCounts, trials };
}

async function measureHistogram(source: SeriesSource, request: MeasurementRequest): Promise<Measurement> {
  const r = await fetchSeries(source, request, request.query);
  if (isMeasurement(r)) return r;
  if (r.kind !== null && r.kind !== 'histogram' && r.kind !== 'exponential_histogram') {
    return {
      kind: 'error',
      message: `${request.name}: shape "histogram" needs a histogram metric, and ${r.metric} is a ${r.kind}`,
    };
  }
  if (r.bounds === null || r.buckets.length === 0) {
    return {
      kind: 'nodata',
      message: `${request.name}: no histogram points of ${r.metric} for this cohort in the window`,
    };
  }
  const counts = new Array<number>(r.bounds.length + 1).fill(0);
  let sum = 0;
  let count = 0;
  const timestamps: number[] = [];
  for (const b of r.buckets) {
    for (const [i, c] of (b.buckets ?? []).entries()) counts[i] = (counts[i] ?? 0) + c;
    sum += b.sum;
    count += b.count;
    timestamps.push(b.start);
  }
  return { kind: 'histogram', bounds: r.bounds, counts, sum, count, timestamps };
}

/**
 * Turns a `MeasurementRequest` into a `Measurement` from per-bucket series. Queries are metric names with
 * optional attribute filters (`parseStoreQuery`). Shapes:
 * - `values`: one value per bucket with `statistic` (default: mean for histograms, increase for counters,
 *   last value for gauges and up-down counters); `rate` is the increase per second.
 * - `counts`: events per bucket from `query` (histogram observation counts or counter increases, e.g.
 *   `http.server.request.duration{http.response.status_code>=500}` or a separate error counter) and trials
 *   from `denominatorQuery` (e.g. `http.server.request.duration`).
 * - `histogram`: bucket counts over the window.
 * Source failures become `error` measurements; nothing throws.
 */
export async function measureFromSeries(
  source: SeriesSource,
  request: MeasurementRequest,
  now = Date.now(),
): Promise<Measurement> {
  try {
    if (request.shape === 'values') return await measureValues(source, request, now);
    if (request.shape === 'counts') return await measureCounts(source, request, now);
    return await measureHistogram(source, request);
  } catch (error) {
    return { kind: 'error', message: `${request.name}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
