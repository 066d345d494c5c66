/**
 * OTel metric and attribute names as Prometheus-compatible backends store them
 * (OTel spec "Prometheus and OpenMetrics compatibility", the default
 * `UnderscoreEscapingWithSuffixes` strategy): invalid characters become `_`,
 * runs of `_` collapse, the UCUM unit becomes a word suffix, monotonic sums get
 * `_total`, and a gauge with unit `1` gets `_ratio`.
 */

/** The OTel instrument kinds whose names differ once they reach Prometheus. */
export type OtelInstrumentKind = 'counter' | 'updowncounter' | 'gauge' | 'histogram';

const UNIT_WORDS: Record<string, string> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};

const PER_UNIT_WORDS: Record<string, string> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

/** Sanitizes a name to `[a-zA-Z0-9_:]`, collapsing runs of `_` (label names must not start with a digit). */
function sanitize(name: string, allowColon: boolean): string {
  const pattern = allowColon ? /[^a-zA-Z0-9_:]/g : /[^a-zA-Z0-9_]/g;
  let out = name.replace(pattern, '_').replace(/_+/g, '_');
  if (/^[0-9]/.test(out)) out = `_${out}`;
  return out;
}

/** `s` -> `seconds`, `By/s` -> `bytes_per_second`, `{request}` -> `` (annotations add nothing). */
export function unitSuffix(unit: string | undefined): string {
  if (!unit) return '';
  const cleaned = unit.replace(/\{[^}]*\}/g, '').trim();
  if (cleaned === '' || cleaned === '1') return '';
  const [main = '', per] = cleaned.split('/', 2);
  const mainWord = UNIT_WORDS[main] ?? sanitize(main, false);
  if (per === undefined) return mainWord;
  const perWord = PER_UNIT_WORDS[per] ?? UNIT_WORDS[per] ?? sanitize(per, false);
  return mainWord ? `${mainWord}_per_${perWord}` : `per_${perWord}`;
}

/**
 * OTel metric name -> Prometheus metric name (without `_bucket`/`_sum`/`_count` for histograms).
 *
 * @example otelToPrometheusName('http.server.request.duration', { unit: 's', kind: 'histogram' })
 *   // 'http_server_request_duration_seconds'
 * @example otelToPrometheusName('app.checkout.requests', { unit: '{request}', kind: 'counter' })
 *   // 'app_checkout_requests_total'
 */
export function otelToPrometheusName(name: string, options: { unit?: string; kind?: OtelInstrumentKind } = {}): string {
  let out = sanitize(name, true).replace(/^_+|_+$/g, '') || '_';
  const suffix = unitSuffix(options.unit);
  if (suffix && !out.endsWith(`_${suffix}`)) out = `${out}_${suffix}`;
  if (options.kind === 'gauge' && options.unit === '1' && !out.endsWith('_ratio')) out = `${out}_ratio`;
  if (options.kind === 'counter' && !out.endsWith('_total')) out = `${out}_total`;
  return out;
}

/** OTel attribute key -> Prometheus label name, e.g. `feature_flag.result.variant` -> `feature_flag_result_variant`. */
export function otelToPrometheusLabel(key: string): string {
  return sanitize(key, false);
}
