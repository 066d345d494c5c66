import type Database from 'better-sqlite3';
import { matchesFilter } from './attribute-filter';
import {
  combineExponential,
  decodeExponential,
  downscaleExponential,
  exponentialToExplicit,
} from './exponential-buckets';
import { type ChunkPoint, readChunk } from './point-chunk';
import type { ExponentialData, PointKind, SeriesBucket, SeriesQuery, SeriesResult, Temporality } from './store-types';

interface SeriesRow {
  id: number;
  metric_id: number;
  kind: PointKind;
  unit: string;
  temporality: Temporality;
  monotonic: number;
  attrs: string;
  created: number;
}

/** NaN (absent in a chunk) as null. */
function nan(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

const COHORT_COLUMNS = ['service', 'release', 'env', 'flag', 'variant'] as const;

/** Prepared statements per database and SQL text (a verdict runs hundreds of queries; preparing costs more than running). */
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepared(db: Database.Database, sql: string): Database.Statement {
  let bySql = statements.get(db);
  if (!bySql) {
    bySql = new Map();
    statements.set(db, bySql);
  }
  let statement = bySql.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    bySql.set(sql, statement);
  }
  return statement;
}

/** Series of `query.metric` matching the cohort columns, then the cohort's extra attributes and filters. */
function matchingSeries(db: Database.Database, query: SeriesQuery): SeriesRow[] {
  const where = ['metric = ?'];
  const params: string[] = [query.metric];
  for (const column of COHORT_COLUMNS) {
    const value = query.cohort[column];
    if (value !== undefined) {
      where.push(`${column} = ?`);
      params.push(value);
    }
  }
  const rows = prepared(
    db,
    `SELECT id, metric_id, kind, unit, temporality, monotonic, attrs, created FROM series WHERE ${where.join(' AND ')} ORDER BY id`,
  ).all(...params) as SeriesRow[];
  const exact = Object.entries(query.cohort.attributes ?? {});
  const filters = query.filters ?? [];
  if (exact.length === 0 && filters.length === 0) return rows;
  return rows.filter((row) => {
    const attrs = JSON.parse(row.attrs) as Record<string, string>;
    return exact.every(([k, v]) => attrs[k] === v) && filters.every((f) => matchesFilter(attrs, f));
  });
}

interface Accumulator {
  bucket: SeriesBucket;
  exponential?: ExponentialData;
  lastBySeries: Map<number, { t: number; value: number }>;
}

/**
 * Aggregates every matching series into time buckets `[from + i*step, from + (i+1)*step)` by point end
 * time. Histograms with different explicit bounds cannot be added: the first layout wins and the others
 * contribute to `count`/`sum` only (with a warning). Exponential histograms are merged at the coarsest
 * scale and returned as explicit bounds. O(points).
 */
export function querySeries(
  db: Database.Database,
  query: SeriesQuery,
  layoutBounds: ReadonlyMap<number, readonly number[]>,
): SeriesResult {
  const { window } = query;
  const warnings: string[] = [];
  const result: SeriesResult = {
    metric: query.metric,
    kind: null,
    unit: '',
    temporality: null,
    monotonic: false,
    series: 0,
    firstSeen: null,
    window,
    bounds: null,
    buckets: [],
    warnings,
  };
  if (!(window.step > 0) || !(window.to > window.from)) {
    warnings.push('empty window: need to > from and step > 0');
    return result;
  }
  let rows = matchingSeries(db, query);
  const first = rows[0];
  if (!first) return result;
  if (rows.some((r) => r.kind !== first.kind)) {
    warnings.push(`metric "${query.metric}" has series of several kinds; only ${first.kind} series are used`);
    rows = rows.filter((r) => r.kind === first.kind);
  }
  Object.assign(result, {
    kind: first.kind,
    unit: first.unit,
    temporality: first.temporality,
    monotonic: first.monotonic === 1,
    series: rows.length,
    firstSeen: Math.floor(rows.reduce((m, r) => Math.min(m, r.created), Number.POSITIVE_INFINITY) / 1000),
  });
  const chunks = prepared(db, 'SELECT data FROM chunks WHERE metric_id = ? AND t_max >= ? AND t_min < ? ORDER BY id');
  const fromUs = Math.round(window.from * 1000);
  const toUs = Math.round(window.to * 1000);
  const accumulators = new Map<number, Accumulator>();
  let layout: number | null | undefined;
  let layoutConflicts = 0;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const metricIds = new Set(rows.map((r) => r.metric_id));
  /** Point times already counted per series (a re-sent export: the first copy counts). */
  const seen = new Map<number, Set<number>>();
  const accumulate = (c: ChunkPoint, row: SeriesRow): void => {
    const index = Math.floor((c.t / 1000 - window.from) / window.step);
    let acc = accumulators.get(index);
    if (!acc) {
      acc = {
        bucket: {
          start: window.from + index * window.step,
          samples: 0,
          sum: 0,
          count: 0,
          min: null,
          max: null,
          last: null,
        },
        lastBySeries: new Map(),
      };
      accumulators.set(index, acc);
    }
    const b = acc.bucket;
    const value = c.value;
    b.samples++;
    if (first.kind === 'sum' || first.kind === 'gauge') {
      b.sum += value;
      b.count++;
      b.min = b.min === null ? value : Math.min(b.min, value);
      b.max = b.max === null ? value : Math.max(b.max, value);
      const prev = acc.lastBySeries.get(row.id);
      if (!prev || prev.t <= c.t) acc.lastBySeries.set(row.id, { t: c.t, value });
      return;
    }
    if (Number.isFinite(value)) b.sum += value;
    if (!Number.isNaN(c.count)) b.count += c.count;
    const min = nan(c.min);
    const max = nan(c.max);
    if (min !== null) b.min = b.min === null ? min : Math.min(b.min, min);
    if (max !== null) b.max = b.max === null ? max : Math.max(b.max, max);
    if (c.buckets.length === 0) return;
    if (first.kind === 'histogram') {
      const pointLayout = nan(c.layout);
      if (layout === undefined) layout = pointLayout;
      if (pointLayout !== layout) {
        layoutConflicts++;
        return;
      }
      const counts = c.buckets; // a view the chunk reader reuses: copied when kept
      if (!b.buckets) b.buckets = Array.from(counts);
      else for (let i = 0; i < counts.length; i++) b.buckets[i] = (b.buckets[i] ?? 0) + (counts[i] ?? 0);
    } else if (first.kind === 'exponential_histogram') {
      const data = decodeExponential(c.buckets);
      acc.exponential = acc.exponential ? combineExponential(acc.exponential, data, 1) : data;
    }
  };
  const wanted = (series: number) => byId.has(series);
  for (const metricId of metricIds) {
    for (const chunk of chunks.iterate(metricId, fromUs, toUs) as IterableIterator<{ data: Buffer }>) {
      readChunk(
        chunk.data,
        (c) => {
          if (c.t < fromUs || c.t >= toUs) return;
          const row = byId.get(c.series);
          if (!row) return;
          let times = seen.get(c.series);
          if (!times) {
            times = new Set();
            seen.set(c.series, times);
          }
          if (times.has(c.t)) return; // a re-sent export: the first copy counts
          times.add(c.t);
          accumulate(c, row);
        },
        wanted,
      );
    }
  }
  if (layoutConflicts > 0) {
    warnings.push(
      `${layoutConflicts} histogram points have other bucket bounds than the first; they count in count/sum only`,
    );
  }
  const ordered = [...accumulators.entries()].sort((a, b) => a[0] - b[0]).map(([, acc]) => acc);
  for (const acc of ordered) {
    if (acc.lastBySeries.size > 0) acc.bucket.last = [...acc.lastBySeries.values()].reduce((s, x) => s + x.value, 0);
  }
  if (first.kind === 'histogram' && layout !== undefined && layout !== null) {
    result.bounds = [...(layoutBounds.get(layout) ?? [])];
  }
  if (first.kind === 'exponential_histogram') alignExponential(ordered, result);
  result.buckets = ordered.map((acc) => acc.bucket);
  return result;
}

/** Brings every bucket's exponential data to one scale and index range, so all share explicit bounds. */
function alignExponential(accs: Accumulator[], result: SeriesResult): void {
  const data = accs.map((a) => a.exponential).filter((e): e is ExponentialData => e !== undefined);
  if (data.length === 0) return;
  const scale = Math.min(...data.map((d) => d.scale));
  const scaled = data.map((d) => downscaleExponential(d, scale));
  const range = (side: 'positive' | 'negative') => {
    const used = scaled.filter((d) => d[side].counts.length > 0);
    if (used.length === 0) return { offset: 0, counts: [] as number[] };
    const lo = Math.min(...used.map((d) => d[side].offset));
    const hi = Math.max(...used.map((d) => d[side].offset + d[side].counts.length));
    return { offset: lo, counts: new Array<number>(hi - lo).fill(0) };
  };
  const frame: ExponentialData = {
    scale,
    zeroCount: 0,
    zeroThreshold: Math.max(...scaled.map((d) => d.zeroThreshold)),
    positive: range('positive'),
    negative: range('negative'),
  };
  for (const acc of accs) {
    if (!acc.exponential) continue;
    const padded = combineExponential(frame, acc.exponential, 1);
    const explicit = exponentialToExplicit({ ...padded, zeroThreshold: frame.zeroThreshold });
    acc.bucket.buckets = explicit.counts;
    result.bounds = explicit.bounds;
  }
}
