import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { MetricInput, SamplesByMetric } from '../analysis/verdict-types';
import type { CountSeries, HistogramData } from '../judge/judge-types';
import type { CanaryConfig } from './canary-config-schema';
import { jsonSyntaxErrorOffset } from './json-syntax-error-offset';
import { ConfigError, type ConfigIssue, formatPath } from './load-canary-config';
import { locateNode } from './locate-node';

type Path = (string | number)[];

/** A problem found while reading the file; the caller adds the line. */
class SamplesProblem extends Error {
  constructor(
    readonly path: Path,
    message: string,
  ) {
    super(message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `${value} (out of range)`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function finite(value: unknown, path: Path, what = 'a finite number'): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new SamplesProblem(path, `expected ${what}, got ${describe(value)}`);
  }
  return value;
}

function count(value: unknown, path: Path): number {
  const n = finite(value, path, 'a non-negative count');
  if (n < 0) throw new SamplesProblem(path, `expected a non-negative count, got ${n}`);
  return n;
}

function numbers(value: unknown, path: Path): number[] {
  if (!Array.isArray(value)) throw new SamplesProblem(path, `expected an array of numbers, got ${describe(value)}`);
  return value.map((v, i) => finite(v, [...path, i]));
}

function eventsTrials(value: Record<string, unknown>, path: Path): { events: number; trials: number } {
  const extra = Object.keys(value).find((k) => k !== 'events' && k !== 'trials');
  if (extra !== undefined) throw new SamplesProblem([...path, extra], 'unknown field; expected only events and trials');
  const events = count(value.events, [...path, 'events']);
  const trials = count(value.trials, [...path, 'trials']);
  if (events > trials) throw new SamplesProblem(path, `more events (${events}) than trials (${trials})`);
  return { events, trials };
}

type Cohort =
  | { kind: 'continuous'; values: number[] }
  | { kind: 'rate'; series: CountSeries }
  | { kind: 'latency'; histogram: HistogramData };

/** One cohort: numbers, `{events, trials}`, an array of those (per bucket), or a histogram `{bounds, counts}`. */
function cohort(value: unknown, path: Path): Cohort {
  if (Array.isArray(value)) {
    if (value.length > 0 && isRecord(value[0])) {
      const buckets = value.map((v, i) => {
        if (!isRecord(v)) throw new SamplesProblem([...path, i], `expected {events, trials}, got ${describe(v)}`);
        return eventsTrials(v, [...path, i]);
      });
      return { kind: 'rate', series: { events: buckets.map((b) => b.events), trials: buckets.map((b) => b.trials) } };
    }
    return { kind: 'continuous', values: numbers(value, path) };
  }
  if (isRecord(value)) {
    if ('bounds' in value || 'counts' in value) {
      const bounds = numbers(value.bounds, [...path, 'bounds']);
      if (!Array.isArray(value.counts)) throw new SamplesProblem([...path, 'counts'], 'expected an array of counts');
      const counts = value.counts.map((c, i) => count(c, [...path, 'counts', i]));
      if (counts.length !== bounds.length + 1) {
        throw new SamplesProblem(
          [...path, 'counts'],
          `expected ${bounds.length + 1} counts (one more than bounds, the last for +Inf), got ${counts.length}`,
        );
      }
      return { kind: 'latency', histogram: { bounds, counts } };
    }
    if (Array.isArray(value.events) || Array.isArray(value.trials)) {
      const events = Array.isArray(value.events) ? value.events.map((e, i) => count(e, [...path, 'events', i])) : [];
      const trials = Array.isArray(value.trials) ? value.trials.map((t, i) => count(t, [...path, 'trials', i])) : [];
      if (events.length !== trials.length) {
        throw new SamplesProblem(path, `events has ${events.length} buckets but trials has ${trials.length}`);
      }
      return { kind: 'rate', series: { events, trials } };
    }
    const single = eventsTrials(value, path);
    return { kind: 'rate', series: { events: [single.events], trials: [single.trials] } };
  }
  throw new SamplesProblem(
    path,
    `expected an array of numbers, {events, trials}, an array of {events, trials} or {bounds, counts}, got ${describe(value)}`,
  );
}

function timestamps(value: unknown, path: Path): number[] {
  if (!Array.isArray(value)) throw new SamplesProblem(path, `expected an array of timestamps, got ${describe(value)}`);
  return value.map((v, i) => {
    if (typeof v === 'string') {
      const t = Date.parse(v);
      if (Number.isNaN(t))
        throw new SamplesProblem([...path, i], `expected an ISO time or Unix milliseconds, got "${v}"`);
      return t;
    }
    return finite(v, [...path, i], 'an ISO time or Unix milliseconds');
  });
}

function cohortSize(c: Cohort): number | null {
  if (c.kind === 'continuous') return c.values.length;
  if (c.kind === 'rate') return c.series.events.length;
  return null;
}

function metricInput(value: unknown, path: Path): MetricInput {
  if (!isRecord(value)) throw new SamplesProblem(path, `expected {baseline, canary}, got ${describe(value)}`);
  const known = ['baseline', 'canary', 'timestamps', 'baselineTimestamps', 'canaryTimestamps'];
  const extra = Object.keys(value).find((k) => !known.includes(k));
  if (extra !== undefined) throw new SamplesProblem([...path, extra], `unknown field; expected ${known.join(', ')}`);
  for (const side of ['baseline', 'canary'] as const) {
    if (!(side in value)) throw new SamplesProblem([...path, side], 'missing');
  }
  const baseline = cohort(value.baseline, [...path, 'baseline']);
  const canary = cohort(value.canary, [...path, 'canary']);
  if (baseline.kind !== canary.kind) {
    throw new SamplesProblem(path, `baseline is ${baseline.kind} data but canary is ${canary.kind} data`);
  }
  let bt: number[] | undefined;
  let ct: number[] | undefined;
  if (value.timestamps !== undefined) {
    const tPath = [...path, 'timestamps'];
    if (Array.isArray(value.timestamps)) {
      bt = timestamps(value.timestamps, tPath);
      ct = bt;
    } else if (isRecord(value.timestamps)) {
      bt =
        value.timestamps.baseline === undefined
          ? undefined
          : timestamps(value.timestamps.baseline, [...tPath, 'baseline']);
      ct =
        value.timestamps.canary === undefined ? undefined : timestamps(value.timestamps.canary, [...tPath, 'canary']);
    } else
      throw new SamplesProblem(tPath, `expected an array or {baseline, canary}, got ${describe(value.timestamps)}`);
  }
  if (value.baselineTimestamps !== undefined)
    bt = timestamps(value.baselineTimestamps, [...path, 'baselineTimestamps']);
  if (value.canaryTimestamps !== undefined) ct = timestamps(value.canaryTimestamps, [...path, 'canaryTimestamps']);
  for (const [side, stamps, c] of [
    ['baseline', bt, baseline],
    ['canary', ct, canary],
  ] as const) {
    if (stamps === undefined) continue;
    const size = cohortSize(c);
    if (size === null) throw new SamplesProblem([...path, 'timestamps'], 'histograms take no timestamps');
    if (stamps.length !== size) {
      throw new SamplesProblem(
        [...path, 'timestamps'],
        `${stamps.length} ${side} timestamps for ${size} ${side} samples`,
      );
    }
  }
  const stamps = { ...(bt ? { baselineTimestamps: bt } : {}), ...(ct ? { canaryTimestamps: ct } : {}) };
  if (baseline.kind === 'continuous' && canary.kind === 'continuous') {
    return { kind: 'continuous', baseline: baseline.values, canary: canary.values, ...stamps };
  }
  if (baseline.kind === 'rate' && canary.kind === 'rate') {
    return { kind: 'rate', baseline: baseline.series, canary: canary.series, ...stamps };
  }
  if (baseline.kind === 'latency' && canary.kind === 'latency') {
    return { kind: 'latency', baseline: baseline.histogram, canary: canary.histogram };
  }
  throw new SamplesProblem(path, 'baseline and canary differ in shape');
}

/** Line and column (1-based) of the first JSON syntax error. */
function syntaxPosition(text: string): { line: number; column: number } | undefined {
  const offset = jsonSyntaxErrorOffset(text);
  if (offset === null) return undefined;
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/**
 * Reads offline samples for `aviary verdict --data`:
 * `{"metrics": {"<name>": {"baseline": ..., "canary": ..., "timestamps"?: ...}}}` where each cohort is an
 * array of numbers (continuous), `{events, trials}` or an array of those per bucket (rate), or
 * `{bounds, counts}` (latency histogram). Timestamps (Unix ms or ISO) pair buckets: one array for both
 * cohorts, `{baseline, canary}`, or `baselineTimestamps`/`canaryTimestamps`. Names must be in the config.
 * @throws ConfigError naming the file, the path (`metrics.latency.baseline[3]`), the line and the expectation.
 */
export function parseSamplesFile(text: string, file: string, config: CanaryConfig): SamplesByMetric {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    throw new ConfigError(file, [{ path: '', ...syntaxPosition(text), message: `not valid JSON: ${message}` }]);
  }
  const located = (path: Path, message: string): ConfigError => {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines });
    const offset = locateNode(doc.contents, path)?.range?.[0];
    const position = offset === undefined ? undefined : lines.linePos(offset);
    const issue: ConfigIssue = { path: formatPath(path), line: position?.line, column: position?.col, message };
    return new ConfigError(file, [issue]);
  };
  try {
    if (!isRecord(data) || !isRecord(data.metrics)) {
      throw new SamplesProblem(
        ['metrics'],
        'expected {"metrics": {"<metric name>": {"baseline": ..., "canary": ...}}}',
      );
    }
    const names = new Set(config.metrics.map((m) => m.name));
    const out: Record<string, MetricInput> = {};
    for (const [name, value] of Object.entries(data.metrics)) {
      if (!names.has(name)) {
        throw new SamplesProblem(
          ['metrics', name],
          `not a metric of config "${config.name}" (known: ${[...names].join(', ')})`,
        );
      }
      out[name] = metricInput(value, ['metrics', name]);
    }
    return out;
  } catch (error) {
    if (error instanceof SamplesProblem) throw located(error.path, error.message);
    throw error;
  }
}

/** Reads and parses a samples file (see `parseSamplesFile`). */
export function loadSamplesFile(file: string, config: CanaryConfig): SamplesByMetric {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [{ path: '', message: `cannot read the file: ${(error as Error).message}` }]);
  }
  return parseSamplesFile(text, file, config);
}
