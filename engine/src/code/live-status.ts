import { z } from 'zod';

const variantSchema = z.object({
  variant: z.string(),
  evaluations: z.number(),
  firstSeen: z.number(),
  lastSeen: z.number(),
});

const verdictSchema = z.object({
  decision: z.string(),
  at: z.union([z.number(), z.string()]).optional(),
  reason: z.string().optional(),
});

const flagSchema = z.object({
  flag: z.string(),
  services: z.array(z.string()).default([]),
  variants: z.array(variantSchema),
  requests: z.number().default(0),
  errors: z.number().default(0),
  firstSeen: z.number(),
  lastSeen: z.number(),
  verdict: verdictSchema.nullable().optional(),
});

const responseSchema = z.object({ flags: z.array(flagSchema) });

export type LiveFlagSummary = z.infer<typeof flagSchema>;

/** What a running engine says about one flag: all-time totals, and the recent window used for "rolled out". */
export interface LiveFlagStatus {
  key: string;
  /** Epoch ms. */
  firstSeen: number;
  lastSeen: number;
  /** Evaluations per variant, all time. */
  total: Record<string, number>;
  /** Evaluations per variant in the recent window `[windowFrom, now)`. */
  recent: Record<string, number>;
  windowFrom: number;
  /** The latest verdict for the flag, if the engine gives one. */
  verdict: { decision: string; at?: number | string; reason?: string } | null;
}

/** Live status, or why it could not be had (an unreachable engine is data, not an exception). */
export type LiveStatusResult = { ok: true; flags: Map<string, LiveFlagStatus> } | { ok: false; error: string };

async function getFlags(
  baseUrl: string,
  query: string,
  timeoutMs: number,
  token: string | undefined,
): Promise<LiveFlagSummary[] | string> {
  const url = new URL(`api/flags${query}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: token
        ? { accept: 'application/json', authorization: `Bearer ${token}` }
        : { accept: 'application/json' },
    });
  } catch (error) {
    return `${url.origin}${url.pathname}: ${(error as Error).message}`;
  }
  if (!response.ok) return `${url.pathname}: HTTP ${response.status}`;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return `${url.pathname}: response is not JSON`;
  }
  const parsed = responseSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `${url.pathname}: unexpected response at ${issue?.path.join('.') || '(top)'}: ${issue?.message}`;
  }
  return parsed.data.flags;
}

/**
 * Reads `GET /api/flags` twice from a running engine: all time (first/last seen, totals) and the last `windowDays`
 * (which variants were served recently). `authToken` is sent as a bearer token (engines with API auth).
 */
export async function fetchLiveStatus(
  baseUrl: string,
  options: { now: number; windowDays: number; timeoutMs?: number; authToken?: string },
): Promise<LiveStatusResult> {
  const timeout = options.timeoutMs ?? 10_000;
  const windowFrom = options.now - options.windowDays * 86_400_000;
  const [all, recent] = await Promise.all([
    getFlags(baseUrl, '', timeout, options.authToken),
    getFlags(baseUrl, `?from=${windowFrom}&to=${options.now}`, timeout, options.authToken),
  ]);
  if (typeof all === 'string') return { ok: false, error: all };
  if (typeof recent === 'string') return { ok: false, error: recent };
  const flags = new Map<string, LiveFlagStatus>();
  for (const summary of all) {
    flags.set(summary.flag, {
      key: summary.flag,
      firstSeen: summary.firstSeen,
      lastSeen: summary.lastSeen,
      total: Object.fromEntries(summary.variants.map((v) => [v.variant, v.evaluations])),
      recent: {},
      windowFrom,
      verdict: summary.verdict ?? null,
    });
  }
  for (const summary of recent) {
    const status = flags.get(summary.flag);
    if (status) status.recent = Object.fromEntries(summary.variants.map((v) => [v.variant, v.evaluations]));
  }
  return { ok: true, flags };
}
