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

/** `GET /api/verdict?flag=KEY`: the latest verdict for a flag, or null (no analysis, error, or not a verdict). */
export async function fetchFlagVerdict(url: string, key: string): Promise<VerdictInfo | null> {
  try {
    const response = await fetch(`${url}/api/verdict?flag=${encodeURIComponent(key)}`, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { accept: 'application/json' },
    });
    if (!response.ok) return null;
    const body = (await response.json()) as { verdict?: unknown; reason?: unknown };
    if (typeof body?.verdict !== 'string') return null;
    return verdictOf({ decision: body.verdict, reason: typeof body.reason === 'string' ? body.reason : '' });
  } catch {
    return null;
  }
}

/**
 * Asks the engine for evaluations (through the library's `fetchLiveStatus`: the last day for display, the last
 * `rolledOutDays` for staleness) and for the latest verdict of each referenced flag that `/api/flags` carries none for.
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
  const verdicts = new Map<string, VerdictInfo>();
  await Promise.all(
    keys.map(async (key) => {
      const verdict = verdictOf(lastDay.flags.get(key)?.verdict) ?? (await fetchFlagVerdict(url, key));
      if (verdict) verdicts.set(key, verdict);
    }),
  );
  return { status: 'connected', url, live: live.flags, lastDay: lastDay.flags, verdicts };
}
