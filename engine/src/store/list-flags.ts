import type Database from 'better-sqlite3';
import { readChunk } from './point-chunk';
import type { FlagSummary } from './store-types';

/** OpenFeature `MetricsHook` counter names. */
export const FLAG_EVALUATION_METRICS = {
  requests: 'feature_flag.evaluation_requests_total',
  success: 'feature_flag.evaluation_success_total',
  errors: 'feature_flag.evaluation_error_total',
} as const;

/**
 * Every flag seen on any metric: its variants (from any series carrying `feature_flag.key` with a
 * variant), evaluation counts from the OpenFeature hook counters in `[fromMs, toMs)`, first/last seen.
 */
export function listFlags(db: Database.Database, fromMs: number, toMs: number): FlagSummary[] {
  const seen = db
    .prepare(
      `SELECT s.flag AS flag, s.variant AS variant, group_concat(DISTINCT s.service) AS services,
              min(st.first_t) AS first, max(st.last_t) AS last
         FROM series s JOIN series_stats st ON st.series_id = s.id
        WHERE s.flag IS NOT NULL GROUP BY s.flag, s.variant ORDER BY s.flag, s.variant`,
    )
    .all() as Array<{ flag: string; variant: string | null; services: string | null; first: number; last: number }>;
  const counts = new Map<string, { flag: string; variant: string | null; metric: string; n: number }>();
  const series = db
    .prepare(
      'SELECT s.id AS id, s.flag AS flag, s.variant AS variant, s.metric AS metric, s.metric_id AS metricId FROM series s WHERE s.metric IN (?, ?, ?) AND s.flag IS NOT NULL',
    )
    .all(FLAG_EVALUATION_METRICS.requests, FLAG_EVALUATION_METRICS.success, FLAG_EVALUATION_METRICS.errors) as Array<{
    id: number;
    flag: string;
    variant: string | null;
    metric: string;
    metricId: number;
  }>;
  const byId = new Map(series.map((s) => [s.id, s]));
  const fromUs = Math.round(fromMs * 1000);
  const toUs = toMs >= Number.MAX_SAFE_INTEGER / 1000 ? Number.MAX_SAFE_INTEGER : Math.round(toMs * 1000);
  const chunks = db.prepare('SELECT data FROM chunks WHERE metric_id = ? AND t_max >= ? AND t_min < ?');
  const counted = new Set<string>();
  for (const metricId of new Set(series.map((s) => s.metricId))) {
    for (const chunk of chunks.iterate(metricId, fromUs, toUs) as IterableIterator<{ data: Buffer }>) {
      readChunk(chunk.data, (p) => {
        const s = byId.get(p.series);
        if (!s || p.t < fromUs || p.t >= toUs || Number.isNaN(p.value) || counted.has(`${p.series}:${p.t}`)) return;
        counted.add(`${p.series}:${p.t}`);
        const key = `${s.flag}\u0000${s.variant}\u0000${s.metric}`;
        const c = counts.get(key) ?? { flag: s.flag, variant: s.variant, metric: s.metric, n: 0 };
        c.n += p.value;
        counts.set(key, c);
      });
    }
  }
  const flags = new Map<string, FlagSummary>();
  for (const row of seen) {
    let flag = flags.get(row.flag);
    if (!flag) {
      flag = { flag: row.flag, services: [], variants: [], requests: 0, errors: 0, firstSeen: Infinity, lastSeen: 0 };
      flags.set(row.flag, flag);
    }
    for (const s of row.services?.split(',') ?? []) if (!flag.services.includes(s)) flag.services.push(s);
    flag.firstSeen = Math.min(flag.firstSeen, Math.floor(row.first / 1000));
    flag.lastSeen = Math.max(flag.lastSeen, Math.floor(row.last / 1000));
    if (row.variant !== null) {
      flag.variants.push({
        variant: row.variant,
        evaluations: 0,
        firstSeen: Math.floor(row.first / 1000),
        lastSeen: Math.floor(row.last / 1000),
      });
    }
  }
  for (const row of counts.values()) {
    const flag = flags.get(row.flag);
    if (!flag) continue;
    if (row.metric === FLAG_EVALUATION_METRICS.requests) flag.requests += row.n;
    else if (row.metric === FLAG_EVALUATION_METRICS.errors) flag.errors += row.n;
    else {
      const variant = flag.variants.find((v) => v.variant === row.variant);
      if (variant) variant.evaluations += row.n;
    }
  }
  for (const flag of flags.values()) flag.services.sort();
  return [...flags.values()];
}
