import type Database from 'better-sqlite3';

/**
 * Tables:
 * - `metrics` (name -> id) and `series` (one row per metric stream: cohort columns and all attributes as JSON);
 * - `points`, keyed `(metric_id, t, series_id)`: an export's points of one metric share a time, so a
 *   commit appends to a few B-tree ranges instead of one page per series, a metric's window is one range
 *   scan, and a re-sent export is de-duplicated by the key;
 * - `series_stats` (first/last point time, point count), updated once per series per commit;
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
    CREATE TABLE IF NOT EXISTS points (
      metric_id INTEGER NOT NULL,
      t INTEGER NOT NULL,
      series_id INTEGER NOT NULL,
      start INTEGER NOT NULL,
      value REAL, count REAL, min REAL, max REAL,
      layout INTEGER, buckets BLOB,
      raw_value REAL, raw_count REAL, raw_buckets BLOB,
      PRIMARY KEY (metric_id, t, series_id)
    ) WITHOUT ROWID;
  `);
}
