import { z } from 'zod';

/** Connection settings shared by Prometheus, Mimir, Cortex, Thanos and VictoriaMetrics. */
export const prometheusConnectionSchema = z.object({
  /** Base URL, e.g. `http://prometheus:9090` or `https://mimir.example.com`. */
  url: z.url(),
  /** Path prefix before `/api/v1`, e.g. `/prometheus` (Mimir, Cortex) or `/select/0/prometheus` (VictoriaMetrics cluster). */
  pathPrefix: z.string().default(''),
  /** Tenant for Mimir/Cortex/Loki-style multi-tenancy, sent as `X-Scope-OrgID`. */
  tenant: z.string().min(1).optional(),
  /** Extra query parameters sent with every query (Thanos `dedup`, `partial_response`, `max_source_resolution`, ...). */
  extraParams: z.record(z.string(), z.string()).default({}),
  /** Extra request headers. */
  headers: z.record(z.string(), z.string()).default({}),
  auth: z
    .union([
      z.object({ type: z.literal('basic'), username: z.string(), password: z.string() }),
      z.object({ type: z.literal('bearer'), token: z.string().min(1) }),
    ])
    .optional(),
  /** Per-request timeout in milliseconds (also sent to the server as `timeout`). */
  timeoutMs: z.number().int().positive().default(8000),
});

export type PrometheusConnection = z.infer<typeof prometheusConnectionSchema>;

/** One series of a matrix result: its labels and `[unix seconds, value]` points (values parsed, NaN kept). */
export interface PromSeries {
  metric: Record<string, string>;
  points: [number, number][];
}

export type PromQueryResult =
  | { ok: true; series: PromSeries[]; warnings: string[] }
  | { ok: false; message: string; status?: number };

const successSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.string(),
    result: z.array(
      z.object({
        metric: z.record(z.string(), z.string()).default({}),
        values: z.array(z.tuple([z.number(), z.string()])).optional(),
        value: z.tuple([z.number(), z.string()]).optional(),
      }),
    ),
  }),
  warnings: z.array(z.string()).optional(),
});

const errorSchema = z.object({ status: z.string(), errorType: z.string().optional(), error: z.string().optional() });

function parseSample(value: string): number {
  // Prometheus sends values as strings so that NaN and +/-Inf survive JSON.
  if (value === '+Inf' || value === 'Inf') return Number.POSITIVE_INFINITY;
  if (value === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(value);
}

function clip(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}

/** Builds the request headers, including the tenant header and basic/bearer credentials. */
function requestHeaders(connection: PrometheusConnection): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', ...connection.headers };
  if (connection.tenant) headers['X-Scope-OrgID'] = connection.tenant;
  if (connection.auth?.type === 'basic') {
    const encoded = Buffer.from(`${connection.auth.username}:${connection.auth.password}`).toString('base64');
    headers.authorization = `Basic ${encoded}`;
  } else if (connection.auth?.type === 'bearer') {
    headers.authorization = `Bearer ${connection.auth.token}`;
  }
  return headers;
}

/** The URL of an API path under the configured prefix, e.g. `http://h:9090/prometheus/api/v1/query_range`. */
export function apiUrl(connection: PrometheusConnection, apiPath: string): string {
  const base = connection.url.replace(/\/+$/, '');
  const prefix = connection.pathPrefix ? `/${connection.pathPrefix.replace(/^\/+|\/+$/g, '')}` : '';
  return `${base}${prefix}${apiPath}`;
}

/**
 * Runs `/api/v1/query_range` (or `/api/v1/query` without `step`). Never throws:
 * transport errors, timeouts, non-2xx answers and unparseable bodies come back as
 * `{ok: false, message}`. Errors are recognised by HTTP status class and
 * `status`, not by `errorType`, because VictoriaMetrics uses numeric error types.
 * Short queries use GET; long ones POST form-encoded parameters.
 */
export async function queryPrometheus(
  connection: PrometheusConnection,
  params: { query: string; start?: number; end?: number; step?: number; time?: number },
): Promise<PromQueryResult> {
  const range = params.step !== undefined;
  const form = new URLSearchParams();
  form.set('query', params.query);
  if (range) {
    form.set('start', String(params.start));
    form.set('end', String(params.end));
    form.set('step', String(params.step));
  } else if (params.time !== undefined) {
    form.set('time', String(params.time));
  }
  form.set('timeout', `${Math.max(1, Math.floor(connection.timeoutMs / 1000))}s`);
  for (const [key, value] of Object.entries(connection.extraParams)) form.set(key, value);
  const url = apiUrl(connection, range ? '/api/v1/query_range' : '/api/v1/query');
  const encoded = form.toString();
  const usePost = encoded.length > 1800;
  const headers = requestHeaders(connection);
  let response: Response;
  let text: string;
  try {
    response = await fetch(usePost ? url : `${url}?${encoded}`, {
      method: usePost ? 'POST' : 'GET',
      headers: usePost ? { ...headers, 'content-type': 'application/x-www-form-urlencoded' } : headers,
      body: usePost ? encoded : undefined,
      signal: AbortSignal.timeout(connection.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      return { ok: false, message: `${url}: no answer within ${connection.timeoutMs} ms` };
    }
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { ok: false, message: `${url}: ${error instanceof Error ? error.message : String(error)}${cause}` };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {
      ok: false,
      status: response.status,
      message: `${url}: HTTP ${response.status}, body is not JSON: ${clip(text) || '(empty)'}`,
    };
  }
  if (!response.ok || (body as { status?: unknown } | null)?.status !== 'success') {
    const parsed = errorSchema.safeParse(body);
    const detail = parsed.success
      ? `${parsed.data.errorType ? `${parsed.data.errorType}: ` : ''}${parsed.data.error ?? 'no error message'}`
      : clip(text);
    return { ok: false, status: response.status, message: `${url}: HTTP ${response.status}: ${clip(detail)}` };
  }
  const parsed = successSchema.safeParse(body);
  if (!parsed.success) {
    return { ok: false, status: response.status, message: `${url}: unexpected answer shape: ${clip(text)}` };
  }
  const series = parsed.data.data.result.map((entry) => {
    const raw = entry.values ?? (entry.value ? [entry.value] : []);
    return { metric: entry.metric, points: raw.map(([t, v]): [number, number] => [t, parseSample(v)]) };
  });
  return { ok: true, series, warnings: parsed.data.warnings ?? [] };
}
