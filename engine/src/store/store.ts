import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type CumulativeState, cumulativeToDelta, stateOf } from './cumulative-to-delta';
import { decodeExponential, encodeExponential } from './exponential-buckets';
import { fromFloatBlob, toFloatBlob } from './float-blob';
import { listFlags } from './list-flags';
import { listReleases } from './list-releases';
import { querySeries } from './query-series';
import { createSchema } from './schema';
import { metricPrefix, pointKey, seriesIdentity } from './series-identity';
import type {
  ExponentialData,
  FlagSummary,
  IngestMetric,
  IngestPoint,
  IngestResult,
  PointKind,
  ReleaseSummary,
  SeriesQuery,
  SeriesResult,
} from './store-types';

export interface StoreOptions {
  /** Directory of the database (`aviary.db`); created when missing. `:memory:` for a throw-away store. */
  dataDir: string;
  /** New series per metric name beyond this are rejected (default 50,000). */
  maxSeriesPerMetric?: number;
  /** How long a write waits for another connection's lock before SQLITE_BUSY (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Open an existing store for reading only (e.g. `aviary verdict --data-dir`); fails when there is none. */
  readonly?: boolean;
}

interface SeriesEntry {
  id: number;
  metricId: number;
  kind: PointKind;
  /** Whether points are converted cumulative -> delta (monotonic cumulative sums, histograms, summaries). */
  converts: boolean;
  /** Undefined until loaded; null when the series has no cumulative point yet. */
  state?: CumulativeState | null;
}

interface Stats {
  first: number;
  last: number;
  points: number;
}

type PointRow = [
  number,
  number,
  number,
  number,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  Buffer | null,
  number | null,
  number | null,
  Buffer | null,
];

const finiteOrNull = (n: number): number | null => (Number.isFinite(n) ? n : null);

function blobOf(
  buckets: number[] | undefined,
  exp: ExponentialData | undefined,
  quantiles?: Array<[number, number]>,
): Buffer | null {
  if (exp) return toFloatBlob(encodeExponential(exp));
  if (buckets) return toFloatBlob(buckets);
  if (quantiles) return toFloatBlob(quantiles.flat());
  return null;
}

/**
 * The embedded durable store: SQLite in WAL mode with `synchronous=NORMAL`. Every ingest is one
 * transaction; when `ingest` returns, the commit is in the WAL file (written, not yet fsynced), so it
 * survives a crash or `kill -9` of the process (the OS keeps the written pages). Power loss can lose the
 * last transactions; `synchronous=FULL` would cover that at an fsync per commit.
 */
export class Store {
  readonly db: Database.Database;
  private readonly maxSeriesPerMetric: number;
  /** Series by metric prefix (metric, kind, scope, resource), then by point attributes. */
  private readonly series = new Map<string, Map<string, SeriesEntry>>();
  private readonly seriesPerMetric = new Map<string, number>();
  private readonly metricIds = new Map<string, number>();
  private readonly layouts = new Map<string, number>();
  private readonly layoutBounds = new Map<number, string>();
  private readonly stats = new Map<number, Stats>();
  private readonly insertPoint: Database.Statement<PointRow>;
  private readonly insertSeries: Database.Statement;
  private readonly findSeries: Database.Statement<[string]>;
  private readonly lastPoint: Database.Statement<[number]>;
  private readonly insertLayout: Database.Statement<[string]>;
  private readonly insertMetric: Database.Statement<[string]>;
  private readonly upsertStats: Database.Statement<[number, number, number, number]>;

  constructor(options: StoreOptions) {
    const memory = options.dataDir === ':memory:';
    const readonly = options.readonly === true && !memory;
    if (!memory && !readonly) mkdirSync(options.dataDir, { recursive: true });
    const file = memory ? ':memory:' : join(options.dataDir, 'aviary.db');
    this.db = new Database(file, readonly ? { readonly: true, fileMustExist: true } : {});
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.round(options.busyTimeoutMs ?? 5000))}`);
    if (!readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      createSchema(this.db);
    }
    this.maxSeriesPerMetric = options.maxSeriesPerMetric ?? 50_000;
    this.insertPoint = this.db.prepare(
      'INSERT OR IGNORE INTO points (metric_id, t, series_id, start, value, count, min, max, layout, buckets, raw_value, raw_count, raw_buckets) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
    );
    this.insertSeries = this.db.prepare(
      'INSERT INTO series (key, metric_id, metric, kind, unit, temporality, monotonic, scope, service, release, env, flag, variant, attrs, created) VALUES (@key,@metricId,@metric,@kind,@unit,@temporality,@monotonic,@scope,@service,@release,@env,@flag,@variant,@attrs,@created)',
    );
    this.findSeries = this.db.prepare('SELECT id FROM series WHERE key = ?');
    this.lastPoint = this.db.prepare(
      `SELECT p.t, p.start, p.raw_value, p.raw_count, p.layout, p.raw_buckets
         FROM series_stats st JOIN series s ON s.id = st.series_id
         JOIN points p ON p.metric_id = s.metric_id AND p.t = st.last_t AND p.series_id = st.series_id
        WHERE st.series_id = ?`,
    );
    this.insertLayout = this.db.prepare('INSERT INTO layouts (bounds) VALUES (?)');
    this.insertMetric = this.db.prepare('INSERT INTO metrics (name) VALUES (?)');
    this.upsertStats = this.db.prepare(
      `INSERT INTO series_stats (series_id, first_t, last_t, points) VALUES (?, ?, ?, ?)
       ON CONFLICT (series_id) DO UPDATE SET first_t = min(first_t, excluded.first_t), last_t = max(last_t, excluded.last_t),
         points = points + excluded.points`,
    );
    this.loadCaches();
  }

  private loadCaches(): void {
    this.series.clear();
    this.seriesPerMetric.clear();
    this.metricIds.clear();
    this.layouts.clear();
    this.layoutBounds.clear();
    this.stats.clear();
    for (const row of this.db.prepare('SELECT metric, count(*) AS n FROM series GROUP BY metric').all() as Array<{
      metric: string;
      n: number;
    }>) {
      this.seriesPerMetric.set(row.metric, row.n);
    }
    for (const row of this.db.prepare('SELECT id, name FROM metrics').all() as Array<{ id: number; name: string }>) {
      this.metricIds.set(row.name, row.id);
    }
    for (const row of this.db.prepare('SELECT id, bounds FROM layouts').all() as Array<{
      id: number;
      bounds: string;
    }>) {
      this.layouts.set(row.bounds, row.id);
      this.layoutBounds.set(row.id, row.bounds);
    }
  }

  /** Files a batch in one transaction. See `ingestAll`. */
  ingest(metrics: IngestMetric[]): IngestResult {
    return this.ingestAll([metrics])[0] ?? { accepted: 0, rejected: 0, messages: [] };
  }

  /**
   * Files several batches (e.g. several queued exports) in one transaction and returns one result per
   * batch. Rejected points (cardinality cap, out-of-order cumulative points, zero time, non-finite
   * values) are counted with a reason; everything else is durable when this returns.
   */
  ingestAll(batches: IngestMetric[][]): IngestResult[] {
    const run = this.db.transaction(() => {
      const results = batches.map((metrics) => this.ingestBatch(metrics));
      for (const [id, s] of this.stats) this.upsertStats.run(id, s.first, s.last, s.points);
      return results;
    });
    try {
      return run();
    } catch (error) {
      // The transaction rolled back: drop caches that may describe rows that are not there.
      this.loadCaches();
      throw error;
    } finally {
      this.stats.clear();
    }
  }

  private ingestBatch(metrics: IngestMetric[]): IngestResult {
    const reasons = new Map<string, number>();
    let accepted = 0;
    for (const metric of metrics) {
      const prefix = metricPrefix(metric);
      let family = this.series.get(prefix);
      if (!family) {
        family = new Map();
        this.series.set(prefix, family);
      }
      for (const point of metric.points) {
        const problem = this.filePoint(metric, family, point);
        if (problem === null) accepted++;
        else reasons.set(problem, (reasons.get(problem) ?? 0) + 1);
      }
    }
    let rejected = 0;
    const messages: string[] = [];
    for (const [reason, n] of reasons) {
      rejected += n;
      messages.push(`${n} point${n === 1 ? '' : 's'} rejected: ${reason}`);
    }
    return { accepted, rejected, messages };
  }

  /** Returns null when filed (or already there), or why the point was rejected. */
  private filePoint(metric: IngestMetric, family: Map<string, SeriesEntry>, point: IngestPoint): string | null {
    if (point.noValue) return null;
    if (!(point.timeUs > 0)) return `metric "${metric.name}": time_unix_nano is 0 or missing`;
    if ((metric.kind === 'sum' || metric.kind === 'gauge') && !Number.isFinite(point.value)) {
      return `metric "${metric.name}": value is not a finite number`;
    }
    if (metric.kind === 'histogram' && point.bucketCounts && point.bounds && point.bucketCounts.length > 0) {
      if (point.bucketCounts.length !== point.bounds.length + 1) {
        return `metric "${metric.name}": histogram has ${point.bucketCounts.length} bucket counts for ${point.bounds.length} bounds (expected bounds + 1)`;
      }
    }
    const key = pointKey(point.attributes);
    let entry = family.get(key);
    if (!entry) {
      const created = this.seriesEntry(metric, point);
      if (typeof created === 'string') return created;
      entry = created;
      family.set(key, entry);
    }
    const t = Math.round(point.timeUs);
    let value = point.value;
    let count = point.count;
    let buckets: number[] | undefined = point.bucketCounts;
    let exponential = point.exponential;
    let min = point.min;
    let max = point.max;
    let raw = false;
    if (entry.converts) {
      if (entry.state === undefined) entry.state = this.restoreState(entry);
      const prev = entry.state ?? undefined;
      if (prev && t === prev.timeUs) return null; // a re-sent point: already filed
      if (prev && t < prev.timeUs)
        return `metric "${metric.name}": cumulative point older than the last one received for its series`;
      const delta = cumulativeToDelta(metric.kind, prev, point);
      value = delta.value;
      count = delta.count;
      buckets = delta.buckets;
      exponential = delta.exponential;
      min = Number.NaN; // min/max of a cumulative point cover its whole stream, not this interval
      max = Number.NaN;
      raw = true;
      entry.state = { ...stateOf(point), timeUs: t };
    }
    const changes = this.insertPoint.run(
      entry.metricId,
      t,
      entry.id,
      Math.round(point.startUs),
      finiteOrNull(value),
      finiteOrNull(count),
      finiteOrNull(min),
      finiteOrNull(max),
      point.bounds ? this.layoutId(point.bounds) : null,
      blobOf(buckets, exponential, point.quantiles),
      raw ? finiteOrNull(point.value) : null,
      raw ? finiteOrNull(point.count) : null,
      raw ? blobOf(point.bucketCounts, point.exponential) : null,
    ).changes;
    if (changes > 0) {
      const s = this.stats.get(entry.id);
      if (s) {
        s.first = Math.min(s.first, t);
        s.last = Math.max(s.last, t);
        s.points++;
      } else this.stats.set(entry.id, { first: t, last: t, points: 1 });
    }
    return null;
  }

  private layoutId(bounds: number[]): number {
    const text = bounds.join(',');
    let id = this.layouts.get(text);
    if (id === undefined) {
      id = Number(this.insertLayout.run(text).lastInsertRowid);
      this.layouts.set(text, id);
      this.layoutBounds.set(id, text);
    }
    return id;
  }

  private metricId(name: string): number {
    let id = this.metricIds.get(name);
    if (id === undefined) {
      id = Number(this.insertMetric.run(name).lastInsertRowid);
      this.metricIds.set(name, id);
    }
    return id;
  }

  private restoreState(entry: SeriesEntry): CumulativeState | null {
    const row = this.lastPoint.get(entry.id) as
      | {
          t: number;
          start: number;
          raw_value: number | null;
          raw_count: number | null;
          layout: number | null;
          raw_buckets: Buffer | null;
        }
      | undefined;
    if (!row) return null;
    const flat = row.raw_buckets ? fromFloatBlob(row.raw_buckets) : undefined;
    return {
      startUs: row.start,
      timeUs: row.t,
      value: row.raw_value ?? Number.NaN,
      count: row.raw_count ?? 0,
      layout: row.layout === null ? undefined : this.layoutBounds.get(row.layout),
      buckets: entry.kind === 'histogram' ? flat : undefined,
      exponential: entry.kind === 'exponential_histogram' && flat ? decodeExponential(flat) : undefined,
    };
  }

  private seriesEntry(metric: IngestMetric, point: IngestPoint): SeriesEntry | string {
    const identity = seriesIdentity(metric, point.attributes);
    const converts =
      metric.temporality === 'cumulative' &&
      (metric.kind === 'histogram' ||
        metric.kind === 'exponential_histogram' ||
        metric.kind === 'summary' ||
        (metric.kind === 'sum' && metric.monotonic));
    const metricId = this.metricId(metric.name);
    const found = this.findSeries.get(identity.key) as { id: number } | undefined;
    let id = found?.id;
    if (id === undefined) {
      const n = this.seriesPerMetric.get(metric.name) ?? 0;
      if (n >= this.maxSeriesPerMetric) {
        return `metric "${metric.name}" reached the cap of ${this.maxSeriesPerMetric} series (attribute cardinality too high); new series are refused`;
      }
      id = Number(
        this.insertSeries.run({
          ...identity,
          metricId,
          metric: metric.name,
          kind: metric.kind,
          unit: metric.unit,
          temporality: metric.temporality,
          monotonic: metric.monotonic ? 1 : 0,
          scope: metric.scope,
          attrs: JSON.stringify({ ...metric.resource, ...point.attributes }),
          created: Math.round(point.timeUs),
        }).lastInsertRowid,
      );
      this.seriesPerMetric.set(metric.name, n + 1);
    }
    return { id, metricId, kind: metric.kind, converts, state: found ? undefined : null };
  }

  /** Per-bucket aggregates of one metric for a cohort (see `SeriesBucket`). */
  query(query: SeriesQuery): SeriesResult {
    return querySeries(this.db, query, this.layoutBounds);
  }

  /** Every flag seen, its variants, evaluation counts in `[fromMs, toMs)` (all time by default), first/last seen. */
  flags(fromMs = 0, toMs = Number.MAX_SAFE_INTEGER): FlagSummary[] {
    return listFlags(this.db, fromMs, toMs);
  }

  /** Every `service.version` per service: first/last seen, point and series counts. */
  releases(): ReleaseSummary[] {
    return listReleases(this.db);
  }

  /** Deletes points older than `beforeMs` and series left without points. Returns the points deleted. */
  prune(beforeMs: number): number {
    const cutoff = Math.round(beforeMs * 1000);
    const run = this.db.transaction(() => {
      const metricIds = this.db.prepare('SELECT id FROM metrics').pluck().all() as number[];
      const counts = this.db.prepare(
        'SELECT series_id AS id, count(*) AS n FROM points WHERE metric_id = ? AND t < ? GROUP BY series_id',
      );
      const del = this.db.prepare('DELETE FROM points WHERE metric_id = ? AND t < ?');
      const lower = this.db.prepare(
        'UPDATE series_stats SET points = points - ?, first_t = max(first_t, ?) WHERE series_id = ?',
      );
      let deleted = 0;
      for (const metricId of metricIds) {
        for (const row of counts.all(metricId, cutoff) as Array<{ id: number; n: number }>)
          lower.run(row.n, cutoff, row.id);
        deleted += del.run(metricId, cutoff).changes;
      }
      this.db.prepare('DELETE FROM series WHERE id IN (SELECT series_id FROM series_stats WHERE points <= 0)').run();
      this.db.prepare('DELETE FROM series_stats WHERE points <= 0').run();
      return deleted;
    });
    const deleted = run();
    this.loadCaches();
    return deleted;
  }

  close(): void {
    this.db.close();
  }
}

/** Opens (creating when needed) the store in `options.dataDir`. */
export function openStore(options: StoreOptions): Store {
  return new Store(options);
}
