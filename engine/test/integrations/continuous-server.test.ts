import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntegrations } from '../../src/api/integrations';
import { type RunningServer, startServer } from '../../src/api/server';
import type { AnalyzeWindow } from '../../src/continuous/continuous-analysis';
import type { JudgementRecord } from '../../src/continuous/judgement-history';
import type { DeliveryRecord } from '../../src/continuous/webhook-dispatcher';
import type { MetricProvider } from '../../src/providers/metric-provider';
import { syntheticExport, toJson } from '../receiver/otlp-payloads';

/**
 * `aviary serve` with continuous analyses judged every second: per-flag history
 * over HTTP, and a webhook receiver that accepts connections but never answers.
 */
const SECRET = 'webhook-secret-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'aviary-continuous-server-'));
const CONFIG = { name: 'c', step: '1s', metrics: [{ name: 'latency', kind: 'latency', query: 'latency' }] };

/** Accepts every delivery and never answers it. */
let receiver: Server;
const hung: { headers: IncomingHttpHeaders; body: string }[] = [];
const deliveries: DeliveryRecord[] = [];
let server: RunningServer;
let integrations: ReturnType<typeof createIntegrations>;

/** Every judgement flips the verdict, so every judgement is a change and queues a webhook event. */
const calls = new Map<string, number>();
const analyze: AnalyzeWindow = async (_config, _provider, cohorts) => {
  const key = JSON.stringify(cohorts.canary);
  const n = (calls.get(key) ?? 0) + 1;
  calls.set(key, n);
  return { verdict: n % 2 === 1 ? 'go' : 'no-go', reason: `judgement ${n}`, metrics: [] };
};
const unused: MetricProvider = { name: 'unused', measure: async () => ({ kind: 'nodata', message: 'unused' }) };

function analysis(id: string, baseline: object, canary: object) {
  return { id, config: CONFIG, baseline, canary, every: '1s', lookback: '10s' };
}

beforeAll(async () => {
  receiver = createServer((req) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => hung.push({ headers: req.headers, body }));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  writeFileSync(
    join(dir, 'analyses.json'),
    JSON.stringify({
      webhooks: [{ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, secret: SECRET }],
      analyses: [
        analysis('new-ui', { flag: 'new-ui', variant: 'off' }, { flag: 'new-ui', variant: 'on' }),
        analysis('dark-mode', { flag: 'dark-mode', variant: 'off' }, { flag: 'dark-mode', variant: 'on' }),
        analysis('checkout-2', { service: 'checkout', release: '1.0.0' }, { service: 'checkout', release: '2.0.0' }),
      ],
    }),
  );
  integrations = createIntegrations({
    analysesFile: join(dir, 'analyses.json'),
    analyze,
    storeProvider: () => unused,
    // One attempt that would wait a minute: the receiver holds every delivery for the whole test.
    webhookDelivery: { timeoutMs: 60_000, maxAttempts: 1, onDelivery: (record) => deliveries.push(record) },
  });
  server = await startServer({ port: 0, dataDir: join(dir, 'data'), routes: integrations.routes });
});

afterAll(async () => {
  // Refuse and cut the held deliveries first, so the server's shutdown drain does not wait for them.
  receiver.close();
  receiver.closeAllConnections();
  await server.close();
});

function history(id: string): JudgementRecord[] {
  const handle = integrations.handle();
  if (!handle) throw new Error('server not started');
  return handle.history.list(id);
}

async function until(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('webhooks never block ingest or judging', () => {
  it('ingests (200) and keeps judging while the webhook receiver holds its connections unanswered', async () => {
    await until(() => hung.length >= 1, 'a delivery to reach the receiver');
    const judgedBefore = history('new-ui').length;
    const now = Date.now();
    const response = await fetch(`${server.url}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: toJson(
        syntheticExport({ series: 3, timeMs: now, instruments: ['counter'], extra: { case: 'webhook-hung' } }),
      ),
      // Only a guard against a hang; the receiver holds its deliveries for 60 s.
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(200);
    const stored = await fetch(
      `${server.url}/api/series?metric=app.requests&case=webhook-hung&from=${now - 60_000}&to=${now + 60_000}&step=1h`,
    );
    expect(((await stored.json()) as { series: number }).series).toBe(3);
    // Judging goes on: each new judgement is another verdict change, queued behind the held ones.
    await until(() => history('new-ui').length >= judgedBefore + 2, 'two more judgements');
    expect(history('new-ui').every((record) => record.changed)).toBe(true);
    // No delivery was answered: the first ones are still held by the receiver.
    expect(deliveries.filter((d) => d.outcome === 'delivered')).toEqual([]);
    expect(deliveries.map((d) => d.eventId)).not.toContain(hung[0]?.headers['x-aviary-event-id']);
    expect(hung[0]?.headers['x-aviary-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});

describe('judgement history per flag (GET /api/history?flag=)', () => {
  const get = async (query: string) => {
    const response = await fetch(`${server.url}/api/history?${query}`);
    return { status: response.status, body: (await response.json()) as { judgements: JudgementRecord[] } };
  };

  it('serves every judgement of the analyses whose canary is that flag, oldest first, and only those', async () => {
    await until(() => history('new-ui').length >= 2 && history('dark-mode').length >= 1, 'judgements of both flags');
    const newUi = await get('flag=new-ui');
    expect(newUi.status).toBe(200);
    expect(newUi.body.judgements.length).toBeGreaterThanOrEqual(2);
    for (const record of newUi.body.judgements) {
      expect(record).toMatchObject({
        analysisId: 'new-ui',
        flag: 'new-ui',
        release: null,
        verdict: expect.stringMatching(/^(go|no-go)$/),
        reason: expect.stringMatching(/^judgement \d+$/),
        inputDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    }
    const seqs = newUi.body.judgements.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // The same records as the analysis's own history (the audit log), up to the moment of the request.
    const own = history('new-ui').filter((r) => r.seq <= (seqs.at(-1) ?? 0));
    expect(newUi.body.judgements).toEqual(JSON.parse(JSON.stringify(own)));

    const dark = await get('flag=dark-mode');
    expect(new Set(dark.body.judgements.map((r) => r.analysisId))).toEqual(new Set(['dark-mode']));
    expect((await get('flag=no-such-flag')).body.judgements).toEqual([]);
    const release = await get('release=2.0.0');
    expect(new Set(release.body.judgements.map((r) => r.analysisId))).toEqual(new Set(['checkout-2']));
    expect((await get('flag=new-ui&release=2.0.0')).body.judgements).toEqual([]);
    expect((await get('flag=new-ui&limit=1')).body.judgements).toHaveLength(1);
  });

  it('asks for a release or a flag (400 without either)', async () => {
    expect((await fetch(`${server.url}/api/history`)).status).toBe(400);
    expect((await get('flag=new-ui&limit=-1')).status).toBe(400);
  });
});

describe('webhook signing keys', () => {
  it('refuses a --webhook without a signing key, naming the option to pass', () => {
    expect(() => createIntegrations({ webhooks: [{ url: 'http://127.0.0.1:9/hook', secret: null }] })).toThrow(
      '--webhook http://127.0.0.1:9/hook: no signing key; pass --webhook-secret-env NAME',
    );
    expect(() => createIntegrations({ webhooks: [{ url: 'http://127.0.0.1:9/hook', secret: SECRET }] })).not.toThrow();
  });
});
