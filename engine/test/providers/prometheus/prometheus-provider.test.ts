import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimeWindow } from '../../../src/model/cohort';
import type { MeasurementRequest } from '../../../src/providers/metric-provider';
import { createPrometheusProvider } from '../../../src/providers/prometheus/prometheus-provider';
import { DURATION_BOUNDS, type InstrumentedApp, startInstrumentedApp } from './instrumented-app';
import {
  type BackendName,
  type RunningBackend,
  requireBackend,
  runScrapedTraffic,
  type ScrapedTraffic,
} from './prometheus-harness';

const STEP = 2000;
const baselineCohort = { service: 'checkout', release: '1.0.0' };
const canaryCohort = { service: 'checkout', release: '2.0.0' };

let apps: InstrumentedApp[] = [];
const backends: Record<string, RunningBackend> = {};
let window: TimeWindow;
let traffic: ScrapedTraffic | undefined;

beforeAll(async () => {
  apps = await Promise.all([
    startInstrumentedApp({ ...baselineCohort, version: '1.0.0', latency: 0.08, errorRate: 0, seed: 1 }),
    startInstrumentedApp({ ...canaryCohort, version: '2.0.0', latency: 0.3, errorRate: 0.2, seed: 2 }),
  ]);
  traffic = await runScrapedTraffic(apps, STEP);
  Object.assign(backends, traffic.backends);
  window = traffic.window;
}, 60_000);

afterAll(async () => {
  await traffic?.stop();
  await Promise.all(apps.map((app) => app.close()));
});

function request(partial: Partial<MeasurementRequest>): MeasurementRequest {
  return { name: 'm', shape: 'values', query: '', cohort: baselineCohort, window, ...partial };
}

const ERRORS = 'sum(increase(app_requests_total{$cohort,http_response_status_code="500"}[$interval]))';
const REQUESTS = 'sum(increase(app_requests_total{$cohort}[$interval]))';
const MEAN_LATENCY =
  'sum(increase(http_server_request_duration_sum{$cohort}[$interval])) / sum(increase(http_server_request_duration_count{$cohort}[$interval]))';

describe.each<BackendName>(['prometheus', 'victoriametrics'])('against a real %s', (backendName) => {
  const provider = () => createPrometheusProvider({ url: backends[backendName]?.url ?? 'http://127.0.0.1:1' });

  it('reads one mean latency per bucket, canary slower, stamped at bucket starts', async (ctx) => {
    requireBackend(ctx, backendName);
    const [base, canary] = await Promise.all([
      provider().measure(request({ query: MEAN_LATENCY, cohort: baselineCohort })),
      provider().measure(request({ query: MEAN_LATENCY, cohort: canaryCohort })),
    ]);
    if (base.kind !== 'values' || canary.kind !== 'values') throw new Error(JSON.stringify({ base, canary }));
    // Six buckets; a late scrape on a loaded machine can leave one without two samples.
    expect(base.values.length).toBeGreaterThanOrEqual(4);
    expect(canary.values.length).toBeGreaterThanOrEqual(4);
    for (const t of [...base.timestamps, ...canary.timestamps]) {
      expect((t - window.from) % STEP).toBe(0);
      expect(t).toBeGreaterThanOrEqual(window.from);
      expect(t).toBeLessThan(window.to);
    }
    expect(Math.max(...base.values)).toBeLessThan(0.15);
    expect(Math.min(...canary.values)).toBeGreaterThan(0.2);
  });

  it('reads event/trial counts; a cohort without any error series has zero events', async (ctx) => {
    requireBackend(ctx, backendName);
    const counts = (cohort: typeof baselineCohort) =>
      provider().measure(request({ shape: 'counts', query: ERRORS, denominatorQuery: REQUESTS, cohort }));
    const [base, canary] = await Promise.all([counts(baselineCohort), counts(canaryCohort)]);
    if (base.kind !== 'counts' || canary.kind !== 'counts') throw new Error(JSON.stringify({ base, canary }));
    expect(base.events.every((e) => e === 0)).toBe(true);
    const trials = canary.trials.reduce((a, b) => a + b, 0);
    const events = canary.events.reduce((a, b) => a + b, 0);
    expect(trials).toBeGreaterThan(200);
    expect(events / trials).toBeGreaterThan(0.1);
    expect(events / trials).toBeLessThan(0.3);
    for (const [i, e] of canary.events.entries()) expect(e).toBeLessThanOrEqual(canary.trials[i] ?? 0);
  });

  it('reads a classic histogram into bounds and non-cumulative counts', async (ctx) => {
    requireBackend(ctx, backendName);
    const query = 'sum by (le) (increase(http_server_request_duration_bucket{$cohort}[$interval]))';
    const [base, canary] = await Promise.all([
      provider().measure(request({ shape: 'histogram', query, cohort: baselineCohort })),
      provider().measure(request({ shape: 'histogram', query, cohort: canaryCohort })),
    ]);
    if (base.kind !== 'histogram' || canary.kind !== 'histogram') throw new Error(JSON.stringify({ base, canary }));
    expect(base.bounds).toEqual(DURATION_BOUNDS);
    expect(base.counts).toHaveLength(DURATION_BOUNDS.length + 1);
    expect(base.count).toBe(base.counts.reduce((a, b) => a + b, 0));
    expect(base.count).toBeGreaterThan(200);
    // Share of requests at or under 100 ms.
    const fast = (h: typeof base) => h.counts.slice(0, 6).reduce((a, b) => a + b, 0) / h.count;
    expect(fast(base)).toBeGreaterThan(0.7);
    expect(fast(canary)).toBeLessThan(0.1);
  });

  it('translates a bare OTel metric name into PromQL (JS exporter: no unit suffix)', async (ctx) => {
    requireBackend(ctx, backendName);
    const otel = createPrometheusProvider({ url: backends[backendName]?.url ?? '', unitSuffixes: false });
    const [byName, byTemplate] = await Promise.all([
      otel.measure(request({ query: 'http.server.request.duration', statistic: 'mean', cohort: canaryCohort })),
      provider().measure(request({ query: MEAN_LATENCY, cohort: canaryCohort })),
    ]);
    expect(byName).toEqual(byTemplate);
    const rate = await otel.measure(request({ query: 'app.requests', statistic: 'rate', cohort: canaryCohort }));
    if (rate.kind !== 'values') throw new Error(JSON.stringify(rate));
    for (const v of rate.values) expect(v).toBeGreaterThan(20);
  });

  it('returns nodata for a cohort with no series, error for invalid PromQL', async (ctx) => {
    requireBackend(ctx, backendName);
    const none = await provider().measure(
      request({ query: MEAN_LATENCY, cohort: { service: 'checkout', release: '9.9.9' } }),
    );
    expect(none.kind).toBe('nodata');
    const bad = await provider().measure(request({ query: 'sum(rate(http_server_request_duration_count{$cohort}' }));
    expect(bad.kind).toBe('error');
    if (bad.kind === 'error') expect(bad.message).toMatch(/HTTP (400|422)/);
  });
});

describe('Prometheus behind a multi-tenant gateway (prefix, tenant, auth, extra params)', () => {
  let gateway: Server;
  let gatewayUrl = '';
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    // A Mimir-like front: serves the API under /prometheus and forwards to the real Prometheus.
    gateway = createServer(async (req, res) => {
      const path = req.url ?? '';
      seen.push({ path, headers: req.headers });
      if (!path.startsWith('/prometheus/api/v1/')) {
        res.writeHead(404).end('404 page not found');
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const upstream = await fetch(`${backends.prometheus?.url}${path.slice('/prometheus'.length)}`, {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'text/plain' },
        body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
      });
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => gateway.close(() => resolve())));

  it('sends the tenant header, credentials and extra parameters under the path prefix', async (ctx) => {
    requireBackend(ctx, 'prometheus');
    const basic = createPrometheusProvider({
      url: gatewayUrl,
      pathPrefix: '/prometheus/',
      tenant: 'team-a',
      auth: { type: 'basic', username: 'aviary', password: 's3cret' },
      extraParams: { dedup: 'true', partial_response: 'false' },
    });
    const measured = await basic.measure(request({ query: MEAN_LATENCY, cohort: canaryCohort }));
    expect(measured.kind).toBe('values');
    const last = seen.at(-1);
    expect(last?.path).toMatch(/^\/prometheus\/api\/v1\/query_range\?/);
    const params = new URL(`http://x${last?.path}`).searchParams;
    expect(params.get('dedup')).toBe('true');
    expect(params.get('partial_response')).toBe('false');
    expect(params.get('step')).toBe('2');
    expect(last?.headers['x-scope-orgid']).toBe('team-a');
    expect(last?.headers.authorization).toBe(`Basic ${Buffer.from('aviary:s3cret').toString('base64')}`);

    const bearer = createPrometheusProvider({
      url: gatewayUrl,
      pathPrefix: 'prometheus',
      auth: { type: 'bearer', token: 't0k' },
    });
    await bearer.measure(request({ query: MEAN_LATENCY }));
    expect(seen.at(-1)?.headers.authorization).toBe('Bearer t0k');
  });

  it('posts long queries form-encoded', async (ctx) => {
    requireBackend(ctx, 'prometheus');
    const padded = `${MEAN_LATENCY}${' '.repeat(2000)}`;
    const measured = await createPrometheusProvider({ url: gatewayUrl, pathPrefix: '/prometheus' }).measure(
      request({ query: padded, cohort: canaryCohort }),
    );
    expect(measured.kind).toBe('values');
    expect(seen.at(-1)?.path).toBe('/prometheus/api/v1/query_range');
  });

  it('turns a missing prefix (404 text body) into an error measurement', async (ctx) => {
    requireBackend(ctx, 'prometheus');
    const measured = await createPrometheusProvider({ url: gatewayUrl }).measure(request({ query: MEAN_LATENCY }));
    expect(measured).toMatchObject({ kind: 'error', message: expect.stringContaining('HTTP 404') });
  });
});
