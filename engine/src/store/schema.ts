import type Database from 'better-sqlite3';

/**
 * Tables: `series` (one row per metric stream with its cohort columns and all attributes as JSON),
 * `layouts` (histogram bounds, shared), `points` (one row per data point, keyed by series and time so a
 * re-sent export is de-duplicated). Times are Unix microseconds. `value`/`count`/`buckets` hold the
 * increase over the point's interval for counters and histograms (cumulative input is converted at
 * ingest) and the sampled value for gauges and up-down counters; `raw_*` keep a cumulative point's own
 * values so the conversion resumes after a restart.
 */
export function createSchema(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS series (
      id INTEGER PRIMARY KEY,
      key TEXT NOT NULL UNIQUE,
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
    CREATE TABLE IF NOT EXISTS layouts (id INTEGER PRIMARY KEY, bounds TEXT NOT NULL UNIQUE);
    CREATE TABLE IF NOT EXISTS points (
      series_id INTEGER NOT NULL,
      t INTEGER NOT NULL,
      start INTEGER NOT NULL,
      value REAL, count REAL, min REAL, max REAL,
      layout INTEGER, buckets BLOB,
      raw_value REAL, raw_count REAL, raw_buckets BLOB,
      PRIMARY KEY (series_id, t)
    ) WITHOUT ROWID;
  `);
}
