import { fetchLiveStatus, type LiveFlagStatus } from '@aviary/engine/code';
import type { VerdictInfo } from './flag-summary';
import { verdictOf } from './to-summaries';

/** What the engine said, or why it could not be asked. Failures are data: the editor keeps working without them. */
export type EngineSnapshot =
  | { status: 'not-configured' }
  | { status: 'unreachable'; url: string; error: string }
  /** The engine answered 401/403: it needs an API token (`Aviary: Set Engine Token`), or the one sent is wrong. */
  | { status: 'unauthorized'; url: string; error: string }
  | {
      status: 'connected';
      url: string;
      /** Live status over the staleness window (`rolledOutDays`), for the library's staleness rules. */
      live: Map<string, LiveFlagStatus>;
      /** Live status over the last day, for what the editor shows. */
      lastDay: Map<string, LiveFlagStatus>;
      verdicts: Map<string, VerdictInfo>;
    };

const TIMEOUT_MS = 3000;

/** Request headers for the engine: JSON, and the API token as a bearer credential when there is one. */
function engineHeaders(token: string | undefined): Record<string, string> {
  return token ? { accept: 'application/json', authorization: `Bearer ${token}` } : { accept: 'application/json' };
}

/**
 * A failed `fetchLiveStatus` as a snapshot: the engine refusing the credentials (the library reports `HTTP 401` or
 * `HTTP 403`) is `unauthorized`, anything else `unreachable`.
 */
function failure(url: string, error: string): EngineSnapshot {
  return { status: /: HTTP 40[13]$/.test(error) ? 'unauthorized' : 'unreachable', url, error };
}

/**
 * `GET /api/analyses`: the latest judgement of every continuous analysis; per flag (the canary cohort's
 * `feature_flag.key`), the newest one wins. Empty when the engine has no analyses or answers otherwise. `token` is
 * sent as `Authorization: Bearer` (engines with API tokens; read scope is enough).
 */
export async function fetchFlagVerdicts(url: string, token?: string): Promise<Map<string, VerdictInfo>> {
  const verdicts = new Map<string, { at: number; verdict: VerdictInfo }>();
  try {
    const response = await fetch(`${url}/api/analyses`, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: engineHeaders(token),
    });
    if (!response.ok) return new Map();
    const body = (await response.json()) as { analyses?: unknown };
    for (const analysis of Array.isArray(body?.analyses) ? body.analyses : []) {
      const latest = (analysis as { latest?: unknown })?.latest as
        | { flag?: unknown; verdict?: unknown; reason?: unknown; at?: unknown }
        | null
        | undefined;
      if (!latest || typeof latest.flag !== 'string' || typeof latest.verdict !== 'string') continue;
      const verdict = verdictOf({
        decision: latest.verdict,
        reason: typeof latest.reason === 'string' ? latest.reason : '',
      });
      const at = typeof latest.at === 'number' ? latest.at : 0;
      const previous = verdicts.get(latest.flag);
      if (verdict && (!previous || previous.at <= at)) verdicts.set(latest.flag, { at, verdict });
    }
  } catch {
    return new Map();
  }
  return new Map([...verdicts].map(([flag, v]) => [flag, v.verdict]));
}

/**
 * Asks the engine for evaluations (through the library's `fetchLiveStatus`: the last day for display, the last
 * `rolledOutDays` for staleness) and for the latest verdict per flag (from `/api/flags` when it carries one, else
 * from the continuous analyses). Every request carries `options.token` as a bearer token when given; a 401 or 403
 * answer makes the snapshot `unauthorized` rather than `unreachable`.
 */
export async function fetchEngineSnapshot(
  url: string | null,
  keys: readonly string[],
  options: { now: number; rolledOutDays: number; token?: string | undefined },
): Promise<EngineSnapshot> {
  if (url === null) return { status: 'not-configured' };
  const auth = options.token ? { authToken: options.token } : {};
  const [live, lastDay] = await Promise.all([
    fetchLiveStatus(url, { now: options.now, windowDays: options.rolledOutDays, timeoutMs: TIMEOUT_MS, ...auth }),
    fetchLiveStatus(url, { now: options.now, windowDays: 1, timeoutMs: TIMEOUT_MS, ...auth }),
  ]);
  if (!live.ok) return failure(url, live.error);
  if (!lastDay.ok) return failure(url, lastDay.error);
  const analysed = await fetchFlagVerdicts(url, options.token);
  const verdicts = new Map<string, VerdictInfo>();
  for (const key of keys) {
    const verdict = verdictOf(lastDay.flags.get(key)?.verdict) ?? analysed.get(key);
    if (verdict) verdicts.set(key, verdict);
  }
  return { status: 'connected', url, live: live.flags, lastDay: lastDay.flags, verdicts };
}
