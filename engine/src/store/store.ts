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
import { seriesIdentity } from './series-identity';
import type {
  FlagSummary,
  IngestMetric,
  IngestPoint,
  IngestResult,
  PointKind,
  ReleaseSummary,
  SeriesQuery,
  SeriesResult,
  Temporality,
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
  kind: PointKind;
  temporality: Temporality;
  /** Whether points are converted cumulative -> delta (monotonic cumulative sums, histograms, summaries). */
  converts: boolean;
  state?: CumulativeState;
}

type PointRow = [
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

/**
 * The embedded durable store: SQLite in WAL mode with `synchronous=NORMAL`. Every ingest is one
 * transaction; when `ingest` returns, the commit is in the WAL file (written, not yet fsynced), so it
 * survives a crash or `kill -9` of the process (the OS keeps the written pages). Power loss can lose the
 * last transactions; `synchronous=FULL` would cover that at several times the cost per commit.
 */
export class Store {
  readonly db: Database.Database;
  private readonly maxSeriesPerMetric: number;
  private readonly series = new Map<string, SeriesEntry>();
  private readonly seriesPerMetric = new Map<string, number>();
  private readonly layouts = new Map<string, number>();
  private readonly layoutBounds = new Map<number, string>();
  private readonly insertPoint: Database.Statement<PointRow>;
  private readonly insertSeries: Database.Statement;
  private readonly findSeries: Database.Statement<[string]>;
  private readonly lastPoint: Database.Statement<[number]>;
  private readonly insertLayout: Database.Statement<[string]>;

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
      'INSERT OR IGNORE INTO points (series_id, t, start, value, count, min, max, layout, buckets, raw_value, raw_count, raw_buckets) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
    );
    this.insertSeries = this.db.prepare(
      'INSERT INTO series (key, metric, kind, unit, temporality, monotonic, scope, service, release, env, flag, variant, attrs, created) VALUES (@key,@metric,@kind,@unit,@temporality,@monotonic,@scope,@service,@release,@env,@flag,@variant,@attrs,@created)',
    );
    this.findSeries = this.db.prepare('SELECT id FROM series WHERE key = ?');
    this.lastPoint = this.db.prepare(
      'SELECT t, start, raw_value, raw_count, layout, raw_buckets FROM points WHERE series_id = ? ORDER BY t DESC LIMIT 1',
    );
    this.insertLayout = this.db.prepare('INSERT INTO layouts (bounds) VALUES (?)');
    this.loadCaches();
  }

  private loadCaches(): void {
    this.series.clear();
    this.seriesPerMetric.clear();
    this.layouts.clear();
    this.layoutBounds.clear();
    const counts = this.db.prepare('SELECT metric, count(*) AS n FROM series GROUP BY metric').all() as Array<{
      metric: string;
      n: number;
    }>;
    for (const row of counts) this.seriesPerMetric.set(row.metric, row.n);
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
    const run = this.db.transaction(() => batches.map((metrics) => this.ingestBatch(metrics)));
    try {
      return run();
    } catch (error) {
      // The transaction rolled back: drop caches that may describe rows that are not there.
      this.loadCaches();
      throw error;
    }
  }

  private ingestBatch(metrics: IngestMetric[]): IngestResult {
    const reasons = new Map<string, number>();
    const reject = (reason: string) => reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    let accepted = 0;
    for (const metric of metrics) {
      for (const point of metric.points) {
        const problem = this.filePoint(metric, point);
        if (problem === null) accepted++;
        else reject(problem);
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

  /** Returns null when filed, or why the point was rejected. */
  private filePoint(metric: IngestMetric, point: IngestPoint): string | null {
    if (point.noValue) return null;
    if (!(point.timeUs > 0)) return `metric "${metric.name}": time_unix_nano is 0 or missing`;
    if ((metric.kind === 'sum' || metric.kind === 'gauge') && !Number.isFinite(point.value)) {
      return `metric "${metric.name}": value is not a finite number`;
    }
    if (metric.kind === 'histogram' && point.bucketCounts && point.bounds) {
      if (point.bucketCounts.length !== point.bounds.length + 1 && point.bucketCounts.length > 0) {
        return `metric "${metric.name}": histogram has ${point.bucketCounts.length} bucket counts for ${point.bounds.length} bounds (expected bounds + 1)`;
      }
    }
    const entry = this.seriesEntry(metric, point);
    if (typeof entry === 'string') return entry;
    let value = point.value;
    let count = point.count;
    let buckets: number[] | undefined = point.bucketCounts;
    let exponential = point.exponential;
    let min = point.min;
    let max = point.max;
    let raw = false;
    if (entry.converts) {
      if (entry.state === undefined) entry.state = this.restoreState(entry);
      if (entry.state && point.timeUs === entry.state.timeUs) return null; // a re-sent point: already filed
      if (entry.state && point.timeUs < entry.state.timeUs) {
        return `metric "${metric.name}": cumulative point older than the last one received for its series`;
      }
      const delta = cumulativeToDelta(metric.kind, entry.state, point);
      value = delta.value;
      count = delta.count;
      buckets = delta.buckets;
      exponential = delta.exponential;
      min = Number.NaN; // min/max of a cumulative point cover its whole stream, not this interval
      max = Number.NaN;
      raw = true;
      entry.state = stateOf(point);
    }
    const layout = point.bounds ? this.layoutId(point.bounds) : null;
    const blob = (b: number[] | undefined, e: typeof exponential, q: typeof point.quantiles): Buffer | null => {
      if (e) return toFloatBlob(encodeExponential(e));
      if (b) return toFloatBlob(b);
      if (q) return toFloatBlob(q.flat());
      return null;
    };
    this.insertPoint.run(
      entry.id,
      Math.round(point.timeUs),
      Math.round(point.startUs),
      finiteOrNull(value),
      finiteOrNull(count),
      finiteOrNull(min),
      finiteOrNull(max),
      layout,
      blob(buckets, exponential, point.quantiles),
      raw ? finiteOrNull(point.value) : null,
      raw ? finiteOrNull(point.count) : null,
      raw && metric.kind !== 'sum' && metric.kind !== 'summary'
        ? blob(point.bucketCounts, point.exponential, undefined)
        : null,
    );
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

  private restoreState(entry: SeriesEntry): CumulativeState | undefined {
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
    if (!row) return undefined;
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
    const cached = this.series.get(identity.key);
    if (cached) return cached;
    const converts =
      metric.temporality === 'cumulative' &&
      (metric.kind === 'histogram' ||
        metric.kind === 'exponential_histogram' ||
        metric.kind === 'summary' ||
        (metric.kind === 'sum' && metric.monotonic));
    const found = this.findSeries.get(identity.key) as { id: number } | undefined;
    let id = found?.id;
    if (id === undefined) {
      const n = this.seriesPerMetric.get(metric.name) ?? 0;
      if (n >= this.maxSeriesPerMetric) {
        return `metric "${metric.name}" reached the cap of ${this.maxSeriesPerMetric} series (attribute cardinality too high); new series are refused`;
      }
      const attrs = JSON.stringify({ ...metric.resource, ...point.attributes });
      id = Number(
        this.insertSeries.run({
          ...identity,
          metric: metric.name,
          kind: metric.kind,
          unit: metric.unit,
          temporality: metric.temporality,
          monotonic: metric.monotonic ? 1 : 0,
          scope: metric.scope,
          attrs,
          created: Math.round(point.timeUs),
        }).lastInsertRowid,
      );
      this.seriesPerMetric.set(metric.name, n + 1);
    }
    const entry: SeriesEntry = { id, kind: metric.kind, temporality: metric.temporality, converts };
    this.series.set(identity.key, entry);
    return entry;
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
      const ids = this.db.prepare('SELECT id FROM series').pluck().all() as number[];
      const del = this.db.prepare('DELETE FROM points WHERE series_id = ? AND t < ?');
      let deleted = 0;
      for (const id of ids) deleted += del.run(id, cutoff).changes;
      this.db.exec('DELETE FROM series WHERE NOT EXISTS (SELECT 1 FROM points WHERE points.series_id = series.id)');
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
