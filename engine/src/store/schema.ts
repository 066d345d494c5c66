import type Database from 'better-sqlite3';

/**
 * Tables:
 * - `metrics` (name -> id) and `series` (one row per metric stream: cohort columns and all attributes as JSON);
 * - `chunks`: the points of one metric from one export, packed in a BLOB (`point-chunk.ts`), indexed by
 *   metric and time. One row per export and metric keeps commits cheap; a window of a metric is one
 *   index range.
 * - `series_stats` (first/last point time, point count per series), folded from chunks up to the
 *   `meta.stats_chunk` watermark; chunks past it are folded in at open, so a crash loses nothing.
 * - `layouts`: histogram bounds, shared.
 * Times are Unix microseconds. A point's `value`/`count`/`buckets` hold the increase over its interval
 * for counters and histograms (cumulative input is converted at ingest) and the sampled value for gauges
 * and up-down counters; `raw` keeps a cumulative point's own values so the conversion resumes after a
 * restart.
 */
export function createSchema(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS metrics (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    CREATE TABLE IF NOT EXISTS series (
      id INTEGER PRIMARY KEY,
      key TEXT NOT NULL UNIQUE,
      metric_id INTEGER NOT NULL,
      metric TEXT NOT NULL,
      kind TEXT NOT NULL,
      unit TEXT NOT NULL,
      temporality TEXT NOT NULL,
      monotonic INTEGER NOT NULL,
      scope TEXT NOT NULL,
      service TEXT, release TEXT, env TEXT, flag TEXT, variant TEXT,
      attrs TEXT NOT NULL,
      created INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS series_by_metric ON series (metric, service, release);
    CREATE INDEX IF NOT EXISTS series_by_flag ON series (flag, variant);
    CREATE TABLE IF NOT EXISTS series_stats (
      series_id INTEGER PRIMARY KEY, first_t INTEGER NOT NULL, last_t INTEGER NOT NULL, points INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS layouts (id INTEGER PRIMARY KEY, bounds TEXT NOT NULL UNIQUE);
    CREATE TABLE IF NOT EXISTS chunks (
      id INTEGER PRIMARY KEY,
      metric_id INTEGER NOT NULL,
      t_min INTEGER NOT NULL,
      t_max INTEGER NOT NULL,
      n INTEGER NOT NULL,
      data BLOB NOT NULL
    );
    CREATE INDEX IF NOT EXISTS chunks_by_metric_time ON chunks (metric_id, t_max);
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
  `);
}
