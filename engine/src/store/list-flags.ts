import type Database from 'better-sqlite3';
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
  const counts = db
    .prepare(
      `SELECT s.flag AS flag, s.variant AS variant, s.metric AS metric, total(p.value) AS n
         FROM metrics m JOIN points p ON p.metric_id = m.id JOIN series s ON s.id = p.series_id
        WHERE m.name IN (?, ?, ?) AND s.flag IS NOT NULL AND p.t >= ? AND p.t < ?
        GROUP BY s.flag, s.variant, s.metric`,
    )
    .all(
      FLAG_EVALUATION_METRICS.requests,
      FLAG_EVALUATION_METRICS.success,
      FLAG_EVALUATION_METRICS.errors,
      Math.round(fromMs * 1000),
      toMs >= Number.MAX_SAFE_INTEGER / 1000 ? Number.MAX_SAFE_INTEGER : Math.round(toMs * 1000),
    ) as Array<{ flag: string; variant: string | null; metric: string; n: number }>;
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
  for (const row of counts) {
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
