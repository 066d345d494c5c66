import { parseAttributeFilter } from '../store/attribute-filter';
import type { AttributeFilter, SeriesQuery } from '../store/store-types';
import { HttpError } from './http-error';
import { parseDuration } from './parse-duration';

const COHORT_PARAMS = { flag: 'flag', variant: 'variant', service: 'service', release: 'release', env: 'env' } as const;
const RESERVED = new Set(['metric', 'from', 'to', 'step', 'filter', ...Object.keys(COHORT_PARAMS)]);

/** `1700000000000` (Unix ms), an ISO date, `now`, or `now-1h` / `-1h` (relative to now). */
export function parseTime(text: string, now: number): number | null {
  const t = text.trim();
  if (t === 'now') return now;
  const relative = /^(?:now)?-(.+)$/.exec(t);
  if (relative) {
    const d = parseDuration(relative[1] ?? '');
    return d === null ? null : now - d;
  }
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const parsed = Date.parse(t);
  return Number.isNaN(parsed) ? null : parsed;
}

/**
 * Reads `GET /api/series` parameters: `metric` (required); cohort `flag`, `variant`, `service`, `release`,
 * `env`; `from`/`to` (default the last hour) and `step` (default 60s); `filter=key>=value` (repeatable,
 * operators = != > >= < <=); any other parameter is an exact attribute match (`http.route=/checkout`).
 */
export function parseSeriesParams(params: URLSearchParams, now = Date.now()): SeriesQuery {
  const metric = params.get('metric');
  if (!metric) throw new HttpError(400, 'query parameter "metric" is required');
  const time = (name: string, fallback: number): number => {
    const text = params.get(name);
    if (text === null || text === '') return fallback;
    const value = parseTime(text, now);
    if (value === null)
      throw new HttpError(400, `query parameter "${name}": "${text}" is not a time (Unix ms, ISO date, now, now-1h)`);
    return value;
  };
  const to = time('to', now);
  const from = time('from', to - 3_600_000);
  const stepText = params.get('step');
  const step = stepText ? parseDuration(stepText) : 60_000;
  if (step === null || !(step > 0))
    throw new HttpError(400, `query parameter "step": "${stepText}" is not a positive duration (60s, 5m, 60000)`);
  if (!(to > from)) throw new HttpError(400, `"from" (${from}) must be before "to" (${to})`);
  if ((to - from) / step > 100_000) throw new HttpError(400, 'too many buckets: (to - from) / step is over 100,000');
  const cohort: SeriesQuery['cohort'] = {};
  for (const [param, field] of Object.entries(COHORT_PARAMS)) {
    const value = params.get(param);
    if (value !== null) cohort[field] = value;
  }
  const attributes: Record<string, string> = {};
  for (const [key, value] of params) if (!RESERVED.has(key)) attributes[key] = value;
  if (Object.keys(attributes).length > 0) cohort.attributes = attributes;
  const filters: AttributeFilter[] = [];
  for (const text of params.getAll('filter')) {
    const filter = parseAttributeFilter(text);
    if ('error' in filter) throw new HttpError(400, `query parameter "filter": ${filter.error}`);
    filters.push(filter);
  }
  return { metric, cohort, window: { from, to, step }, filters };
}

/** The inverse of `parseSeriesParams`, for clients of the API. */
export function seriesParams(query: SeriesQuery): URLSearchParams {
  const params = new URLSearchParams({ metric: query.metric });
  for (const [param, field] of Object.entries(COHORT_PARAMS)) {
    const value = query.cohort[field];
    if (value !== undefined) params.set(param, value);
  }
  for (const [key, value] of Object.entries(query.cohort.attributes ?? {})) params.set(key, value);
  for (const f of query.filters ?? []) params.append('filter', `${f.key}${f.op}${f.value}`);
  params.set('from', String(query.window.from));
  params.set('to', String(query.window.to));
  params.set('step', String(query.window.step));
  return params;
}
