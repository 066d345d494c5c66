import { parseDuration } from '../config/parse-duration';
import type { Cohort } from '../model/cohort';
import type { VerdictQuery } from './verdict-service';

export type VerdictQueryResult = { ok: true; query: VerdictQuery } | { ok: false; message: string };

/**
 * Reads a verdict request from named string parameters (URL query for Argo,
 * webhook `metadata` for Flagger):
 * - `analysis=<id>`: a declared analysis; or
 * - cohorts: `service`, `env`, `baseline-release` + `canary-release` and/or
 *   `flag` + `baseline-variant` + `canary-variant`, judged with the canary config of
 *   `config=<analysis id>` over the last `lookback` (default 30m).
 * camelCase spellings (`baselineRelease`) are accepted too.
 */
export function parseVerdictQuery(get: (name: string) => string | undefined): VerdictQueryResult {
  const read = (name: string): string | undefined => {
    const camel = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const value = get(name) ?? get(camel);
    return value === undefined || value === '' ? undefined : value;
  };
  const analysis = read('analysis');
  if (analysis) return { ok: true, query: { kind: 'analysis', id: analysis } };
  const shared: Cohort = {};
  for (const field of ['service', 'env', 'flag'] as const) {
    const value = read(field);
    if (value) shared[field] = value;
  }
  const baseline: Cohort = { ...shared };
  const canary: Cohort = { ...shared };
  for (const [side, cohort] of [
    ['baseline', baseline],
    ['canary', canary],
  ] as const) {
    const release = read(`${side}-release`);
    const variant = read(`${side}-variant`);
    if (release) cohort.release = release;
    if (variant) cohort.variant = variant;
  }
  const releases = Boolean(baseline.release && canary.release);
  const variants = Boolean(shared.flag && baseline.variant && canary.variant);
  if (!releases && !variants) {
    return {
      ok: false,
      message:
        'name an analysis (analysis=<id>) or two cohorts: baseline-release and canary-release, or flag with baseline-variant and canary-variant',
    };
  }
  const lookbackText = read('lookback') ?? '30m';
  let lookbackMs: number;
  try {
    lookbackMs = parseDuration(/^\d+(\.\d+)?$/.test(lookbackText) ? Number(lookbackText) : lookbackText);
  } catch (error) {
    return { ok: false, message: `lookback: ${(error as Error).message}` };
  }
  return {
    ok: true,
    query: { kind: 'cohorts', configFrom: read('config') ?? null, baseline, canary, lookbackMs },
  };
}
