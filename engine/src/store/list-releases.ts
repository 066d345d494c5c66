import type Database from 'better-sqlite3';
import type { ReleaseSummary } from './store-types';

/** Every `service.version` per `service.name`, with environments, first/last point time (Unix ms) and counts. */
export function listReleases(db: Database.Database): ReleaseSummary[] {
  const rows = db
    .prepare(
      `SELECT s.service AS service, s.release AS release, group_concat(DISTINCT s.env) AS envs,
              count(*) AS series, min(st.first_t) AS first, max(st.last_t) AS last, sum(st.points) AS points
         FROM series s JOIN series_stats st ON st.series_id = s.id
        WHERE s.service IS NOT NULL AND s.release IS NOT NULL
        GROUP BY s.service, s.release ORDER BY s.service, first`,
    )
    .all() as Array<{
    service: string;
    release: string;
    envs: string | null;
    series: number;
    first: number;
    last: number;
    points: number;
  }>;
  return rows.map((r) => ({
    service: r.service,
    release: r.release,
    envs: r.envs ? r.envs.split(',').sort() : [],
    firstSeen: Math.floor(r.first / 1000),
    lastSeen: Math.floor(r.last / 1000),
    points: r.points,
    series: r.series,
  }));
}
