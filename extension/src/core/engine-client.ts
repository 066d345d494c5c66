import { fetchLiveStatus, type LiveFlagStatus } from '@aviary/engine/code';
import type { VerdictInfo } from './flag-summary';
import { verdictOf } from './to-summaries';

/** What the engine said, or why it could not be asked. Failures are data: the editor keeps working without them. */
export type EngineSnapshot =
  | { status: 'not-configured' }
  | { status: 'unreachable'; url: string; error: string }
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

/**
 * `GET /api/analyses`: the latest judgement of every continuous analysis; per flag (the canary cohort's
 * `feature_flag.key`), the newest one wins. Empty when the engine has no analyses or answers otherwise.
 */
export async function fetchFlagVerdicts(url: string): Promise<Map<string, VerdictInfo>> {
  const verdicts = new Map<string, { at: number; verdict: VerdictInfo }>();
  try {
    const response = await fetch(`${url}/api/analyses`, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { accept: 'application/json' },
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
 * from the continuous analyses).
 */
export async function fetchEngineSnapshot(
  url: string | null,
  keys: readonly string[],
  options: { now: number; rolledOutDays: number },
): Promise<EngineSnapshot> {
  if (url === null) return { status: 'not-configured' };
  const [live, lastDay] = await Promise.all([
    fetchLiveStatus(url, { now: options.now, windowDays: options.rolledOutDays, timeoutMs: TIMEOUT_MS }),
    fetchLiveStatus(url, { now: options.now, windowDays: 1, timeoutMs: TIMEOUT_MS }),
  ]);
  if (!live.ok) return { status: 'unreachable', url, error: live.error };
  if (!lastDay.ok) return { status: 'unreachable', url, error: lastDay.error };
  const analysed = await fetchFlagVerdicts(url);
  const verdicts = new Map<string, VerdictInfo>();
  for (const key of keys) {
    const verdict = verdictOf(lastDay.flags.get(key)?.verdict) ?? analysed.get(key);
    if (verdict) verdicts.set(key, verdict);
  }
  return { status: 'connected', url, live: live.flags, lastDay: lastDay.flags, verdicts };
}
