import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type CumulativeState, cumulativeToDelta, keepState } from './cumulative-to-delta';
import { decodeExponential, encodeExponential } from './exponential-buckets';
import { listFlags } from './list-flags';
import { listReleases } from './list-releases';
import { ChunkWriter, readChunk } from './point-chunk';
import { querySeries } from './query-series';
import { createSchema } from './schema';
import { metricPrefix, seriesIdentity } from './series-identity';
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

/**
 * A series as ingest needs it, in one object: identity, its stats not yet in `series_stats` (it is its own
 * value in `dirtyStats`) and, for a converted series, the last cumulative point (`CumulativeState`). One
 * object per series means filing a point touches one place in memory, not three.
 */
interface SeriesEntry extends Stats, CumulativeState {
  id: number;
  metricId: number;
  kind: PointKind;
  /** Whether points are converted cumulative -> delta (monotonic cumulative sums, histograms, summaries). */
  converts: boolean;
  /** Of a converted series: `unknown` until loaded from the store, then whether a cumulative point is held. */
  state: 'unknown' | 'none' | 'held';
  /** Time of the series' latest point (µs): a point at this time is a re-send; a converted series refuses older ones. */
  lastT: number;
}

/**
 * The series of one metric prefix: by attribute key, and by attribute object for decoders that share them.
 * An exporter sends its points in the same order in every export, so `slotAttributes`/`slotEntries` keep,
 * by position in the metric, the (frozen) attribute object last seen there and its series: most points are
 * found with one comparison.
 */
interface Family {
  byKey: Map<string, SeriesEntry>;
  byObject: WeakMap<object, SeriesEntry>;
  slotAttributes: object[];
  slotEntries: SeriesEntry[];
}

interface Stats {
  first: number;
  last: number;
  points: number;
}

/** Counts a point at `t` (µs) in `s`. */
function countPoint(s: Stats, t: number): void {
  if (t < s.first) s.first = t;
  if (t > s.last) s.last = t;
  s.points++;
}

/** Empties stats in place (after they were written to `series_stats`). */
function resetStats(s: Stats): void {
  s.first = Number.POSITIVE_INFINITY;
  s.last = Number.NEGATIVE_INFINITY;
  s.points = 0;
}

function blobValues(
  buckets: number[] | undefined,
  exp: ExponentialData | undefined,
  quantiles?: Array<[number, number]>,
): number[] {
  if (exp) return encodeExponential(exp);
  if (buckets) return buckets;
  if (quantiles) return quantiles.flat();
  return [];
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
  private readonly series = new Map<string, Family>();
  /** The same entries by series id: one entry per series whatever the attribute order it was sent in. */
  private readonly entries = new Map<number, SeriesEntry>();
  private readonly seriesPerMetric = new Map<string, number>();
  private readonly metricIds = new Map<string, number>();
  private readonly layouts = new Map<string, number>();
  /** Bounds of each layout id, parsed once from `layouts.bounds` (numbers joined by commas: exact, JS prints doubles round-trip). */
  private readonly layoutBounds = new Map<number, readonly number[]>();
  /**
   * Per series: stats of the points in chunks past the `stats_chunk` watermark (plus the running
   * transaction's), not yet in `series_stats`. A series with an entry has the entry itself here, so filing
   * a point touches no map; flushing zeroes the objects in place.
   */
  private readonly dirtyStats = new Map<number, Stats>();
  /** Reused for every chunk (SQLite copies a BLOB when it is bound). */
  private readonly chunk = new ChunkWriter();
  private lastChunkId = 0;
  private lastStatsFlush = Date.now();
  private readonly readonly: boolean;
  private readonly insertChunk: Database.Statement<[number, number, number, number, Buffer]>;
  private readonly insertSeries: Database.Statement;
  private readonly findSeries: Database.Statement<[string]>;
  private readonly lastChunks: Database.Statement<[number, number, number]>;
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
    this.readonly = readonly;
    this.maxSeriesPerMetric = options.maxSeriesPerMetric ?? 50_000;
    this.insertChunk = this.db.prepare('INSERT INTO chunks (metric_id, t_min, t_max, n, data) VALUES (?,?,?,?,?)');
    this.insertSeries = this.db.prepare(
      'INSERT INTO series (key, metric_id, metric, kind, unit, temporality, monotonic, scope, service, release, env, flag, variant, attrs, created) VALUES (@key,@metricId,@metric,@kind,@unit,@temporality,@monotonic,@scope,@service,@release,@env,@flag,@variant,@attrs,@created)',
    );
    this.findSeries = this.db.prepare(
      'SELECT s.id AS id, st.last_t AS lastT FROM series s LEFT JOIN series_stats st ON st.series_id = s.id WHERE s.key = ?',
    );
    this.lastChunks = this.db.prepare(
      'SELECT data FROM chunks WHERE metric_id = ? AND t_max >= ? AND t_min <= ? ORDER BY id DESC',
    );
    this.insertLayout = this.db.prepare('INSERT INTO layouts (bounds) VALUES (?)');
    this.insertMetric = this.db.prepare('INSERT INTO metrics (name) VALUES (?)');
    this.upsertStats = this.db.prepare(
      `INSERT INTO series_stats (series_id, first_t, last_t, points) VALUES (?, ?, ?, ?)
       ON CONFLICT (series_id) DO UPDATE SET first_t = min(first_t, excluded.first_t), last_t = max(last_t, excluded.last_t),
         points = points + excluded.points`,
    );
    this.loadCaches();
    if (!readonly) this.foldUnflushedChunks();
  }

  /** After a crash, folds the chunks written since the last stats flush into `series_stats`. */
  private foldUnflushedChunks(): void {
    this.refoldDirtyStats();
    this.flushStats();
  }

  /** Recomputes `dirtyStats` from the committed chunks past the watermark (at open, and after a rollback). */
  private refoldDirtyStats(): void {
    for (const s of this.dirtyStats.values()) resetStats(s);
    const watermark =
      (this.db.prepare("SELECT value FROM meta WHERE key = 'stats_chunk'").pluck().get() as number | undefined) ?? 0;
    const rows = this.db
      .prepare('SELECT id, data FROM chunks WHERE id > ? ORDER BY id')
      .iterate(watermark) as IterableIterator<{ id: number; data: Buffer }>;
    for (const row of rows) {
      readChunk(row.data, (p) => countPoint(this.dirtyStatsOf(p.series), p.t));
      this.lastChunkId = row.id;
    }
  }

  /** The series' object in `dirtyStats`, created empty when missing. */
  private dirtyStatsOf(series: number): Stats {
    let s = this.dirtyStats.get(series);
    if (s === undefined) {
      s = { first: Number.POSITIVE_INFINITY, last: Number.NEGATIVE_INFINITY, points: 0 };
      this.dirtyStats.set(series, s);
    }
    return s;
  }

  /** Writes committed per-series stats and the chunk watermark (one small transaction). */
  flushStats(): void {
    if (this.readonly) return;
    this.db.transaction(() => this.writeStats())();
  }

  private writeStats(): void {
    for (const [id, s] of this.dirtyStats) {
      if (s.points === 0) continue;
      this.upsertStats.run(id, s.first, s.last, s.points);
      resetStats(s);
    }
    if (this.lastChunkId > 0) {
      this.db
        .prepare(
          "INSERT INTO meta (key, value) VALUES ('stats_chunk', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .run(this.lastChunkId);
    }
    this.lastStatsFlush = Date.now();
  }

  private loadCaches(): void {
    this.series.clear();
    this.seriesPerMetric.clear();
    this.metricIds.clear();
    this.layouts.clear();
    this.layoutBounds.clear();
    this.entries.clear();
    this.lastLayout = -1;
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
      this.layoutBounds.set(row.id, row.bounds === '' ? [] : row.bounds.split(',').map(Number));
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
    const lastChunkBefore = this.lastChunkId;
    const run = this.db.transaction(() => {
      const results = batches.map((metrics) => this.ingestBatch(metrics));
      if (Date.now() - this.lastStatsFlush >= 5000) this.writeStats();
      return results;
    });
    try {
      return run();
    } catch (error) {
      // The transaction rolled back: drop caches that may describe rows that are not there.
      this.lastChunkId = lastChunkBefore;
      this.loadCaches();
      this.refoldDirtyStats();
      throw error;
    }
  }

  private ingestBatch(metrics: IngestMetric[]): IngestResult {
    const reasons = new Map<string, number>();
    let accepted = 0;
    for (const metric of metrics) {
      const prefix = metricPrefix(metric);
      let family = this.series.get(prefix);
      if (!family) {
        family = { byKey: new Map(), byObject: new WeakMap(), slotAttributes: [], slotEntries: [] };
        this.series.set(prefix, family);
      }
      const chunk = this.chunk;
      chunk.reset();
      let metricId = 0;
      const points = metric.points;
      for (let i = 0; i < points.length; i++) {
        const filed = this.filePoint(metric, family, points[i] as IngestPoint, i, chunk);
        if (typeof filed === 'number') {
          accepted++;
          metricId = filed || metricId;
        } else reasons.set(filed, (reasons.get(filed) ?? 0) + 1);
      }
      if (chunk.count > 0) {
        this.lastChunkId = Number(
          this.insertChunk.run(metricId, chunk.tMin, chunk.tMax, chunk.count, chunk.toBuffer()).lastInsertRowid,
        );
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

  /** Returns the metric id when filed (0 when skipped as already there or a staleness marker), or why the point was rejected. */
  private filePoint(
    metric: IngestMetric,
    family: Family,
    point: IngestPoint,
    slot: number,
    chunk: ChunkWriter,
  ): number | string {
    if (point.noValue) return 0;
    if (!(point.timeUs > 0)) return `metric "${metric.name}": time_unix_nano is 0 or missing`;
    if ((metric.kind === 'sum' || metric.kind === 'gauge') && !Number.isFinite(point.value)) {
      return `metric "${metric.name}": value is not a finite number`;
    }
    if (metric.kind === 'histogram' && point.bucketCounts && point.bounds && point.bucketCounts.length > 0) {
      if (point.bucketCounts.length !== point.bounds.length + 1) {
        return `metric "${metric.name}": histogram has ${point.bucketCounts.length} bucket counts for ${point.bounds.length} bounds (expected bounds + 1)`;
      }
    }
    // The decoder shares one frozen object per distinct attribute set, so most points are found by identity:
    // at their position in the previous export, else by object. Only frozen objects are cached by identity.
    const attributes = point.attributes;
    let entry = family.slotAttributes[slot] === attributes ? family.slotEntries[slot] : undefined;
    if (!entry) {
      entry = family.byObject.get(attributes);
      let frozen = entry !== undefined; // byObject holds frozen objects only
      if (!entry) {
        // Attributes in the order sent (exporters keep it stable); `seriesIdentity` sorts for the durable key.
        let key = '';
        for (const k in attributes) key += `${k}\u0001${attributes[k]}\u0002`;
        entry = family.byKey.get(key);
        if (!entry) {
          const created = this.seriesEntry(metric, point);
          if (typeof created === 'string') return created;
          entry = created;
          family.byKey.set(key, entry);
        }
        frozen = Object.isFrozen(attributes);
        if (frozen) family.byObject.set(attributes, entry);
      }
      if (frozen) {
        family.slotAttributes[slot] = attributes;
        family.slotEntries[slot] = entry;
      }
    }
    const t = Math.round(point.timeUs);
    if (t === entry.lastT) return 0; // a re-sent point: already filed
    if (entry.converts && t < entry.lastT) {
      return `metric "${metric.name}": cumulative point older than the last one received for its series`;
    }
    const layout = point.bounds ? this.layoutId(point.bounds) : Number.NaN;
    const startUs = Math.round(point.startUs);
    if (entry.converts) this.fileCumulative(metric.kind, entry, point, t, startUs, layout, chunk);
    else {
      const values = blobValues(point.bucketCounts, point.exponential, point.quantiles);
      chunk.pushRecord(entry.id, t, startUs, point.value, point.count, point.min, point.max, layout, values, 0);
    }
    if (t > entry.lastT) entry.lastT = t;
    countPoint(entry, t);
    return entry.metricId;
  }

  /**
   * Files a point of a converted series (newer than its last one) as its increase over the series' last
   * cumulative point, with its own values as `raw`.
   */
  private fileCumulative(
    kind: PointKind,
    entry: SeriesEntry,
    point: IngestPoint,
    t: number,
    startUs: number,
    layout: number,
    chunk: ChunkWriter,
  ): void {
    if (entry.state === 'unknown') this.restoreState(entry);
    const delta = cumulativeToDelta(kind, entry.state === 'held' ? entry : undefined, point);
    const values = blobValues(delta.buckets, delta.exponential, point.quantiles);
    const rawBuckets = blobValues(point.bucketCounts, point.exponential);
    // min/max of a cumulative point cover its whole stream, not this interval: not kept.
    const { value, count } = delta;
    chunk.pushRecord(entry.id, t, startUs, value, count, Number.NaN, Number.NaN, layout, values, 2 + rawBuckets.length);
    chunk.pushRawNumber(point.value);
    chunk.pushRawNumber(point.count);
    chunk.pushRaw(rawBuckets);
    keepState(entry, point);
    entry.state = 'held';
  }

  private lastBounds: readonly number[] = [];
  private lastLayout = -1;

  private layoutId(bounds: readonly number[]): number {
    const last = this.lastBounds;
    if (
      this.lastLayout >= 0 &&
      (bounds === last || (bounds.length === last.length && bounds.every((b, i) => b === last[i])))
    )
      return this.lastLayout;
    const text = bounds.join(',');
    let id = this.layouts.get(text);
    if (id === undefined) {
      id = Number(this.insertLayout.run(text).lastInsertRowid);
      this.layouts.set(text, id);
      this.layoutBounds.set(id, [...bounds]);
    }
    this.lastBounds = bounds;
    this.lastLayout = id;
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

  /** Loads a converted series' last cumulative point (its raw values in the newest chunk that holds it). */
  private restoreState(entry: SeriesEntry): void {
    entry.state = 'none';
    const t = entry.lastT;
    if (!(t > 0)) return;
    let held = false;
    for (const row of this.lastChunks.all(entry.metricId, t, t) as Array<{ data: Buffer }>) {
      readChunk(row.data, (p) => {
        if (held || p.series !== entry.id || p.t !== t || p.raw.length < 2) return;
        const flat = Array.from(p.raw).slice(2);
        entry.startUs = p.start;
        entry.value = p.raw[0] as number;
        entry.count = p.raw[1] as number;
        entry.bounds = Number.isNaN(p.layout) ? undefined : this.layoutBounds.get(p.layout);
        entry.buckets = entry.kind === 'histogram' ? flat : undefined;
        entry.exponential =
          entry.kind === 'exponential_histogram' && flat.length > 0 ? decodeExponential(flat) : undefined;
        held = true;
      });
      if (held) break;
    }
    if (held) entry.state = 'held';
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
    const found = this.findSeries.get(identity.key) as { id: number; lastT: number | null } | undefined;
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
    const known = this.entries.get(id);
    if (known) return known;
    // Stats counted before this entry existed (chunks folded at open, an entry dropped with the caches) carry over.
    const stats = this.dirtyStats.get(id);
    const entry: SeriesEntry = {
      id,
      metricId,
      kind: metric.kind,
      converts,
      state: found ? 'unknown' : 'none',
      lastT: Math.max(found?.lastT ?? 0, stats?.last ?? 0),
      first: stats?.first ?? Number.POSITIVE_INFINITY,
      last: stats?.last ?? Number.NEGATIVE_INFINITY,
      points: stats?.points ?? 0,
      startUs: 0,
      value: 0,
      count: 0,
      bounds: undefined,
      buckets: undefined,
      exponential: undefined,
    };
    this.entries.set(id, entry);
    this.dirtyStats.set(id, entry);
    return entry;
  }

  /** Per-bucket aggregates of one metric for a cohort (see `SeriesBucket`). */
  query(query: SeriesQuery): SeriesResult {
    return querySeries(this.db, query, this.layoutBounds);
  }

  /** Every flag seen, its variants, evaluation counts in `[fromMs, toMs)` (all time by default), first/last seen. */
  flags(fromMs = 0, toMs = Number.MAX_SAFE_INTEGER): FlagSummary[] {
    this.flushStats();
    return listFlags(this.db, fromMs, toMs);
  }

  /** Every `service.version` per service: first/last seen, point and series counts. */
  releases(): ReleaseSummary[] {
    this.flushStats();
    return listReleases(this.db);
  }

  /** Deletes chunks whose points are all older than `beforeMs`, and series left without points. Returns the points deleted. */
  prune(beforeMs: number): number {
    const cutoff = Math.round(beforeMs * 1000);
    this.flushStats();
    const run = this.db.transaction(() => {
      const old = this.db.prepare('SELECT id, data FROM chunks WHERE t_max < ?').all(cutoff) as Array<{
        id: number;
        data: Buffer;
      }>;
      if (old.length === 0) return 0;
      const removed = new Map<number, number>();
      for (const row of old) readChunk(row.data, (p) => removed.set(p.series, (removed.get(p.series) ?? 0) + 1));
      const lower = this.db.prepare(
        'UPDATE series_stats SET points = points - ?, first_t = max(first_t, ?) WHERE series_id = ?',
      );
      for (const [id, n] of removed) lower.run(n, cutoff, id);
      const deleted = this.db.prepare('DELETE FROM chunks WHERE t_max < ?').run(cutoff).changes;
      this.db.prepare('DELETE FROM series WHERE id IN (SELECT series_id FROM series_stats WHERE points <= 0)').run();
      this.db.prepare('DELETE FROM series_stats WHERE points <= 0').run();
      return deleted > 0 ? [...removed.values()].reduce((a, b) => a + b, 0) : 0;
    });
    const deleted = run();
    this.loadCaches();
    for (const [id, s] of this.dirtyStats) if (s.points === 0) this.dirtyStats.delete(id);
    return deleted;
  }

  close(): void {
    if (this.db.open) this.flushStats();
    this.db.close();
  }
}

/** Opens (creating when needed) the store in `options.dataDir`. */
export function openStore(options: StoreOptions): Store {
  return new Store(options);
}
