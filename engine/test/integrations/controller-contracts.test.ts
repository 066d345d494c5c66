import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthMiddleware } from '../../src/api/auth/auth-middleware';
import { createRateLimiter } from '../../src/api/auth/rate-limiter';
import { createIntegrations } from '../../src/api/integrations';
import { type RunningServer, startServer } from '../../src/api/server';
import { verifyWebhook } from '../../src/continuous/webhook-signature';
import type { MetricProvider } from '../../src/providers/metric-provider';
import { noise } from './deterministic-noise';

const READ = 'read-token-0123456789abcdef';
const WRITE = 'write-token-0123456789abcdef';
const SECRET = 'webhook-secret-0123456789';

/** Latency per release: `2.0.0` is 50% slower, `9.9.9` has no data; `fast` can be flipped by the test. */
const latency: Record<string, number> = { '1.0.0': 100, '1.1.0': 100, '2.0.0': 150, slow: 100 };
/** A promise the test resolves by hand. */
function manualGate(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
/** Measurements of release `slow` wait until the test opens this gate (a source slower than any deadline). */
let slowGate = manualGate();
const syntheticStore: MetricProvider = {
  name: 'synthetic',
  async measure(request) {
    if (request.cohort.release === 'slow') await slowGate.promise;
    const level = latency[request.cohort.release ?? ''];
    if (level === undefined) return { kind: 'nodata', message: `no series for release ${request.cohort.release}` };
    const timestamps: number[] = [];
    const values: number[] = [];
    for (let t = request.window.from, i = 0; t < request.window.to; t += request.window.step, i++) {
      timestamps.push(t);
      values.push(level + 10 * noise(i, level));
    }
    return { kind: 'values', timestamps, values };
  },
};

const CONFIG = {
  name: 'latency-only',
  step: '10s',
  minSamples: 20,
  metrics: [
    {
      name: 'latency',
      kind: 'continuous',
      query: 'latency',
      direction: 'increase',
      margin: { relative: 0.05 },
      critical: true,
    },
  ],
};

let receiver: Server;
const deliveries: { headers: IncomingHttpHeaders; body: string }[] = [];
let server: RunningServer;
let integrations: ReturnType<typeof createIntegrations>;
const dir = mkdtempSync(join(tmpdir(), 'aviary-contracts-'));

function analysis(id: string, canary: string) {
  return {
    id,
    config: CONFIG,
    baseline: { service: 'checkout', release: '1.0.0' },
    canary: { service: 'checkout', release: canary },
    lookback: '10m',
  };
}

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    deliveries.push({ headers: req.headers, body });
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/aviary`;
  writeFileSync(
    join(dir, 'analyses.json'),
    JSON.stringify({
      webhooks: [{ url: hook, secret: SECRET }],
      analyses: [analysis('good', '1.1.0'), analysis('bad', '2.0.0'), analysis('empty', '9.9.9')],
    }),
  );
  writeFileSync(
    join(dir, 'tokens.yaml'),
    `tokens:\n  - {name: argo, scope: read, token: ${READ}}\n  - {name: ci, scope: write, token: ${WRITE}}\n`,
  );
  integrations = createIntegrations({ analysesFile: join(dir, 'analyses.json'), storeProvider: () => syntheticStore });
  server = await startServer({
    port: 0,
    dataDir: join(dir, 'data'),
    tokenFile: join(dir, 'tokens.yaml'),
    routes: integrations.routes,
  });
});

afterAll(async () => {
  slowGate.resolve();
  await server.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** What Argo Rollouts' web provider does: GET, 10 s timeout, then `jsonPath: "{$.verdict}"` on a 2xx body. */
async function argoMeasure(query: string) {
  const response = await fetch(`${server.url}/api/verdict?${query}`, {
    headers: { ...auth(READ), 'user-agent': 'Go-http-client/1.1', 'accept-encoding': 'gzip' },
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status < 200 || response.status > 299) return { phase: 'Error', status: response.status, body };
  const result = body.verdict;
  const phase = result === 'go' ? 'Successful' : result === 'no-go' ? 'Failed' : 'Inconclusive';
  return { phase, status: response.status, body };
}

/**
 * What Flagger's webhook client does: POST the payload, success is any status <= 202, the body goes into the event.
 * Flagger cannot send headers, so the token (write: the gate acts) rides in `access_token`.
 */
async function flaggerHook(payload: object, token: string | null = WRITE) {
  const query = token === null ? '' : `?access_token=${token}`;
  const response = await fetch(`${server.url}/api/gates/flagger${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, ok: response.status <= 202, event: await response.text() };
}

describe('Argo Rollouts web metric (GET /api/verdict)', () => {
  it('answers 200 with the verdict at $.verdict for go, no-go and inconclusive', async () => {
    const good = await argoMeasure('analysis=good');
    expect(good).toMatchObject({ phase: 'Successful', status: 200, body: { verdict: 'go', analysis: 'good' } });
    const bad = await argoMeasure('analysis=bad');
    expect(bad).toMatchObject({ phase: 'Failed', status: 200, body: { verdict: 'no-go' } });
    expect((bad.body.metrics as { name: string; harm: string }[])[0]).toMatchObject({
      name: 'latency',
      harm: 'harmful',
    });
    expect(typeof bad.body.reason).toBe('string');
    const empty = await argoMeasure('analysis=empty');
    expect(empty).toMatchObject({ phase: 'Inconclusive', status: 200, body: { verdict: 'inconclusive' } });
  });

  it('judges ad-hoc cohorts with the canary config of a declared analysis', async () => {
    const adhoc = await argoMeasure(
      'config=good&service=checkout&baseline-release=1.0.0&canary-release=2.0.0&lookback=5m',
    );
    expect(adhoc).toMatchObject({
      status: 200,
      body: { verdict: 'no-go', origin: 'judged', canary: { release: '2.0.0' } },
    });
  });

  it('answers 200 inconclusive (pending) within its deadline when the source is slower, then serves the judgement', async () => {
    slowGate = manualGate();
    const declared = await fetch(`${server.url}/api/analyses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth(WRITE) },
      body: JSON.stringify(analysis('slow-source', 'slow')),
    });
    expect(declared.status).toBe(201);
    try {
      // The source never answers while the gate is shut: without the deadline these requests would hang.
      const declaredAnalysis = await argoMeasure('analysis=slow-source&timeout=0.2');
      expect(declaredAnalysis).toMatchObject({
        phase: 'Inconclusive',
        status: 200,
        body: {
          verdict: 'inconclusive',
          origin: 'pending',
          analysis: 'slow-source',
          metrics: [],
          reason: expect.stringContaining('no judgement yet'),
        },
      });
      const adhoc = await argoMeasure(
        'config=good&service=checkout&baseline-release=1.0.0&canary-release=slow&lookback=5m&timeout=0.2',
      );
      expect(adhoc).toMatchObject({
        phase: 'Inconclusive',
        status: 200,
        body: { verdict: 'inconclusive', origin: 'pending', reason: 'not decided within 200 ms; ask again' },
      });
      // The judgement kept running in the background: once the source answers, it is served.
      slowGate.resolve();
      const deadline = Date.now() + 10_000;
      let later = await argoMeasure('analysis=slow-source&timeout=5');
      while (later.body.origin === 'pending' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        later = await argoMeasure('analysis=slow-source&timeout=5');
      }
      expect(later).toMatchObject({ phase: 'Successful', status: 200, body: { verdict: 'go' } });
      expect(['history', 'judged']).toContain(later.body.origin);
    } finally {
      slowGate.resolve();
      await fetch(`${server.url}/api/analyses/slow-source`, { method: 'DELETE', headers: auth(WRITE) });
    }
  });

  it('refuses a malformed deadline with 400', async () => {
    expect(await argoMeasure('analysis=good&timeout=soon')).toMatchObject({ phase: 'Error', status: 400 });
    expect(await argoMeasure('analysis=good&timeout=-1')).toMatchObject({ phase: 'Error', status: 400 });
  });

  it('is a 4xx only when nothing judgeable is named', async () => {
    expect(await argoMeasure('analysis=nope')).toMatchObject({ phase: 'Error', status: 404 });
    expect(await argoMeasure('service=checkout')).toMatchObject({ phase: 'Error', status: 400 });
  });

  it('records the judgements as the analysis history (GET /api/analyses/:id/history)', async () => {
    const response = await fetch(`${server.url}/api/analyses/bad/history`, { headers: auth(READ) });
    const body = (await response.json()) as {
      judgements: { verdict: string; inputDigest: string; changed: boolean }[];
    };
    expect(response.status).toBe(200);
    expect(body.judgements[0]).toMatchObject({
      verdict: 'no-go',
      changed: true,
      inputDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const byRelease = await fetch(`${server.url}/api/history?release=2.0.0`, { headers: auth(READ) });
    expect(((await byRelease.json()) as { judgements: unknown[] }).judgements.length).toBeGreaterThan(0);
  });

  it('posted a signed webhook for each first verdict', async () => {
    const deadline = Date.now() + 5000;
    while (deliveries.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const events = deliveries.map((d) => {
      const check = verifyWebhook(
        SECRET,
        d.body,
        String(d.headers['x-aviary-timestamp']),
        String(d.headers['x-aviary-signature']),
      );
      expect(check).toEqual({ ok: true });
      return JSON.parse(d.body) as { analysis: string; verdict: string; previous: string | null };
    });
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ analysis: 'good', verdict: 'go', previous: null }),
        expect.objectContaining({ analysis: 'bad', verdict: 'no-go', previous: null }),
      ]),
    );
  });
});

describe('Flagger webhook gate (POST /api/gates/flagger)', () => {
  const payload = (checksum: string, metadata: Record<string, string>, phase = 'Progressing') => ({
    name: 'checkout',
    namespace: 'shop',
    phase,
    checksum,
    metadata,
  });

  it('passes (200) on go and halts (412) otherwise, explaining why in the body', async () => {
    expect(await flaggerHook(payload('c1', { analysis: 'good' }))).toMatchObject({
      status: 200,
      ok: true,
      event: expect.stringMatching(/^go: /),
    });
    const bad = await flaggerHook(payload('c2', { analysis: 'bad' }));
    expect(bad).toMatchObject({ status: 412, ok: false, event: expect.stringContaining('harmful: latency') });
    expect(await flaggerHook(payload('c3', { analysis: 'empty' }))).toMatchObject({
      status: 412,
      event: expect.stringMatching(/^inconclusive: /),
    });
    expect(await flaggerHook(payload('c4', { analysis: 'empty', 'pass-on': 'go,inconclusive' }))).toMatchObject({
      status: 200,
    });
    expect(await flaggerHook(payload('c5', { analysis: 'bad', hook: 'rollback' }))).toMatchObject({ status: 200 });
    expect(await flaggerHook(payload('c6', { analysis: 'bad' }, 'Succeeded'))).toMatchObject({
      status: 200,
      event: expect.stringContaining('nothing to gate'),
    });
  });

  it('is idempotent on checksum: a revision keeps its first final verdict', async () => {
    const cohorts = {
      config: 'good',
      service: 'checkout',
      baselineRelease: '1.0.0',
      canaryRelease: '1.1.0',
      lookback: '5m',
    };
    latency['1.1.0'] = 150;
    try {
      expect(await flaggerHook(payload('rev-a', cohorts))).toMatchObject({ status: 412 });
      latency['1.1.0'] = 100;
      expect(await flaggerHook(payload('rev-a', cohorts))).toMatchObject({
        status: 412,
        event: expect.stringContaining('decided for revision rev-a'),
      });
      expect(await flaggerHook(payload('rev-b', cohorts))).toMatchObject({ status: 200 });
    } finally {
      latency['1.1.0'] = 100;
    }
  });

  it('acts, so it needs a write token: missing or wrong 401, read-only 403 (nothing recorded), write 200', async () => {
    const gate = payload('scope-rev', { analysis: 'good' });
    const missing = await flaggerHook(gate, null);
    expect(missing).toMatchObject({ status: 401, ok: false, event: expect.stringContaining('missing API token') });
    expect(await flaggerHook(gate, 'x'.repeat(27))).toMatchObject({ status: 401, ok: false });
    const readOnly = await flaggerHook(gate, READ);
    expect(readOnly).toMatchObject({ status: 403, ok: false, event: expect.stringContaining('read-only') });
    // The refused call decided nothing: the first accepted call judges the revision afresh.
    const accepted = await flaggerHook(gate, WRITE);
    expect(accepted).toMatchObject({ status: 200, ok: true, event: expect.stringMatching(/^go: /) });
    expect(accepted.event).not.toContain('decided for revision');
    // Reading a verdict without acting stays open to read tokens.
    expect((await argoMeasure('analysis=good')).status).toBe(200);
  });

  it("rejects a payload that is not Flagger's with 400", async () => {
    expect(await flaggerHook({ name: 'x' })).toMatchObject({
      status: 400,
      event: expect.stringContaining('namespace'),
    });
    expect(await flaggerHook(payload('c7', {}))).toMatchObject({
      status: 400,
      event: expect.stringContaining('metadata'),
    });
  });
});

describe('analyses API and tokens', () => {
  const post = (body: unknown, token?: string) =>
    fetch(`${server.url}/api/analyses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? auth(token) : {}) },
      body: JSON.stringify(body),
    });

  it('refuses missing, wrong and read-only tokens on writes; accepts write tokens', async () => {
    const body = analysis('posted', '1.1.0');
    expect((await post(body)).status).toBe(401);
    expect((await post(body, 'x'.repeat(27))).status).toBe(401);
    const readOnly = await post(body, READ);
    expect(readOnly.status).toBe(403);
    expect(await readOnly.json()).toEqual({ error: expect.stringContaining('read-only') });
    const created = await post(body, WRITE);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/analyses/posted');
    expect((await post(body, WRITE)).status).toBe(409);
    const bad = await post({ ...body, id: 'b', every: 'often' }, WRITE);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: expect.stringContaining('body: every') });
  });

  it('serves analyses to read tokens and deletes API analyses with write tokens', async () => {
    expect((await fetch(`${server.url}/api/analyses`)).status).toBe(401);
    const list = (await (await fetch(`${server.url}/api/analyses`, { headers: auth(READ) })).json()) as {
      analyses: { id: string; origin: string }[];
    };
    expect(list.analyses.map((a) => [a.id, a.origin])).toEqual(
      expect.arrayContaining([
        ['good', 'file'],
        ['posted', 'api'],
      ]),
    );
    const one = (await (await fetch(`${server.url}/api/analyses/good`, { headers: auth(READ) })).json()) as {
      declared: { webhooks: unknown };
    };
    expect(JSON.stringify(one)).not.toContain(SECRET);
    const del = (id: string, token: string) =>
      fetch(`${server.url}/api/analyses/${id}`, { method: 'DELETE', headers: auth(token) });
    expect((await del('posted', READ)).status).toBe(403);
    expect((await del('good', WRITE)).status).toBe(409);
    expect((await del('posted', WRITE)).status).toBe(200);
    expect((await fetch(`${server.url}/api/analyses/posted`, { headers: auth(READ) })).status).toBe(404);
  });

  it('requires a write token for OTLP ingest and none for the health check', async () => {
    const otlp = (token?: string) =>
      fetch(`${server.url}/v1/metrics`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? auth(token) : {}) },
        body: '{"resourceMetrics":[]}',
      });
    expect((await otlp()).status).toBe(401);
    expect((await otlp(READ)).status).toBe(403);
    expect((await otlp(WRITE)).status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('restores analyses declared through the API after a restart', async () => {
    expect((await post(analysis('durable', '1.1.0'), WRITE)).status).toBe(201);
    await server.close();
    server = await startServer({
      port: 0,
      dataDir: join(dir, 'data'),
      tokenFile: join(dir, 'tokens.yaml'),
      routes: createIntegrations({ analysesFile: join(dir, 'analyses.json'), storeProvider: () => syntheticStore })
        .routes,
    });
    const status = await fetch(`${server.url}/api/analyses/durable`, { headers: auth(READ) });
    expect(status.status).toBe(200);
  });
});

describe('server safety', () => {
  it('refuses to listen beyond loopback without tokens', async () => {
    await expect(startServer({ host: '0.0.0.0', port: 0, dataDir: join(dir, 'open') })).rejects.toThrow(
      /refusing to listen on 0\.0\.0\.0 without API tokens/,
    );
  });

  it('rate-limits clients with 429 and Retry-After', async () => {
    const limited = await startServer({
      port: 0,
      dataDir: join(dir, 'limited'),
      middleware: [
        createAuthMiddleware({
          tokens: [],
          limiter: createRateLimiter({ perSecond: 1, burst: 3 }),
          exemptLoopback: false,
        }),
      ],
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${limited.url}/api/releases`)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const refused = await fetch(`${limited.url}/api/releases`);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect((await fetch(`${limited.url}/healthz`)).status).toBe(200);
    } finally {
      await limited.close();
    }
    const local = await startServer({
      port: 0,
      dataDir: join(dir, 'local'),
      middleware: [createAuthMiddleware({ tokens: [], limiter: createRateLimiter({ perSecond: 1, burst: 3 }) })],
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${local.url}/api/releases`)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
    } finally {
      await local.close();
    }
  });
});
