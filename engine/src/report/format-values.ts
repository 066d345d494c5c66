import type { MetricResult, Verdict } from '../analysis/verdict-types';

/** A number with 4 significant digits, without exponent for everyday magnitudes. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e7) return Number(value.toPrecision(4)).toString();
  return value.toExponential(2);
}

export function formatSigned(value: number): string {
  return `${value > 0 ? '+' : ''}${formatNumber(value)}`;
}

export function formatPValue(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return '–';
  if (p < 1e-4) return '<0.0001';
  return Number(p.toPrecision(2)).toString();
}

export function formatEffect(metric: MetricResult): string {
  if (!metric.effect) return '–';
  const { absolute, relative } = metric.effect;
  const rel =
    relative === null || !Number.isFinite(relative)
      ? ''
      : ` (${relative > 0 ? '+' : ''}${formatNumber(relative * 100)}%)`;
  // A spread-only finding says so: the numbers are mean absolute deviations, not means.
  return `${formatSigned(absolute)}${rel}${metric.quantity === 'spread' ? ' in spread' : ''}`;
}

export function formatCi(metric: MetricResult): string {
  if (!metric.ci || !Number.isFinite(metric.ci.lower) || !Number.isFinite(metric.ci.upper)) return '–';
  return `[${formatNumber(metric.ci.lower)}, ${formatNumber(metric.ci.upper)}]`;
}

/** `95%`, `98.3%`: the interval's confidence level. */
export function formatLevel(level: number): string {
  return `${Number((level * 100).toPrecision(3))}%`;
}

export function formatMargin(metric: MetricResult): string {
  const parts: string[] = [];
  if (metric.margin.relative !== undefined) parts.push(`${formatNumber(metric.margin.relative * 100)}%`);
  if (metric.margin.absolute !== undefined) parts.push(`±${formatNumber(metric.margin.absolute)}`);
  return parts.length > 0 ? parts.join(' / ') : 'none';
}

export const VERDICT_LABEL: Record<Verdict, string> = { go: 'GO', 'no-go': 'NO-GO', inconclusive: 'INCONCLUSIVE' };

/** The metric's outcome in words: `pass (safe)`, `high (harmful)`, `nodata`. */
export function outcome(metric: MetricResult): string {
  if (metric.classification === 'nodata' || metric.classification === 'error') return metric.classification;
  return `${metric.classification} (${metric.harm})`;
}

/** A safe file-name stem for a metric name. */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'metric'
  );
}
