import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadAnalysesFile, parseAnalysisBody } from '../../src/continuous/analysis-definition';
import { type AnalyzeWindow, createContinuousAnalysis, windowAt } from '../../src/continuous/continuous-analysis';
import { openJudgementHistory } from '../../src/continuous/judgement-history';
import { parseVerdictQuery } from '../../src/continuous/verdict-query';
import { createWebhookDispatcher, type DeliveryRecord } from '../../src/continuous/webhook-dispatcher';
import { verifyWebhook } from '../../src/continuous/webhook-signature';
import type { MetricProvider } from '../../src/providers/metric-provider';

const CANARY = {
  name: 'checkout',
  step: '1m',
  metrics: [{ name: 'latency', kind: 'latency', query: 'http.server.request.duration', direction: 'increase' }],
};
const SECRET = 'a-webhook-secret-of-some-length';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'aviary-continuous-'));
}

/** Writes an analyses file of these lines to a fresh folder and returns its path. */
function analysesFile(lines: string[]): string {
  const file = join(tempDir(), 'analyses.yaml');
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('analyses file', () => {
  it('loads analyses with a config path or an inline config, durations and webhooks', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'canary.yaml'),
      `name: c\nmetrics:\n  - {name: errors, kind: rate, query: e, denominator: r}\n`,
    );
    writeFileSync(
      join(dir, 'analyses.yaml'),
      [
        'webhooks:',
        `  - {url: "http://127.0.0.1:9/hook", secret: ${SECRET}}`,
        'analyses:',
        '  - id: checkout-1.5',
        '    config: canary.yaml',
        '    baseline: {service: checkout, release: 1.4.0}',
        '    canary: {service: checkout, release: 1.5.0}',
        '    every: 30s',
        '    lookback: 10m',
        '    stop: {after: 2h, on: [no-go]}',
        '  - id: new-ui',
        `    config: ${JSON.stringify(CANARY)}`,
        '    baseline: {flag: new-ui, variant: "off"}',
        '    canary: {flag: new-ui, variant: "on"}',
        '    source: {prometheus: {url: "http://prom:9090", tenant: t1}}',
      ].join('\n'),
    );
    const loaded = loadAnalysesFile(join(dir, 'analyses.yaml'));
    if (!loaded.ok) throw new Error(loaded.issues.join('\n'));
    const [release, flag] = loaded.value.analyses;
    expect(release).toMatchObject({
      id: 'checkout-1.5',
      everyMs: 30_000,
      lookbackMs: 600_000,
      stopAfterMs: 7_200_000,
      stopOn: ['no-go'],
    });
    expect(release?.config.name).toBe('c');
    expect(flag).toMatchObject({
      id: 'new-ui',
      everyMs: 60_000,
      lookbackMs: null,
      source: { prometheus: { tenant: 't1' } },
    });
    expect(loaded.value.webhooks).toEqual([{ url: 'http://127.0.0.1:9/hook', secret: SECRET }]);
  });

  it('reports every problem with file, line and field path', () => {
    const file = analysesFile([
      'analyses:',
      '  - id: a',
      '    config: missing.yaml',
      '    baseline: {release: "1"}',
      '    canary: {release: "2"}',
      '    every: soon',
      '    colour: blue',
    ]);
    const loaded = loadAnalysesFile(file);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${file}:6:\\d+: analyses\\[0\\]\\.every: `)),
        expect.stringMatching(new RegExp(`^${file}:7:\\d+: analyses\\[0\\]\\.colour: unknown field colour`)),
      ]),
    );
  });

  it('requires a signing key for every webhook (deliveries are never unsigned)', () => {
    const file = analysesFile([
      'webhooks:',
      '  - url: "http://127.0.0.1:9/unsigned"',
      `  - {url: "http://127.0.0.1:9/both", secret: ${SECRET}, secretEnv: SOME_VAR}`,
      'analyses: []',
    ]);
    const loaded = loadAnalysesFile(file);
    expect(loaded).toEqual({
      ok: false,
      issues: [
        expect.stringMatching(
          new RegExp(
            `^${file}:2:\\d+: webhooks\\[0\\]\\.secret: give \`secret\`.*or \`secretEnv\`.*signed with HMAC-SHA256`,
          ),
        ),
        expect.stringMatching(new RegExp(`^${file}:3:\\d+: webhooks\\[1\\]\\.secretEnv: give either`)),
      ],
    });
    const body = { id: 'x', config: CANARY, baseline: { release: '1' }, canary: { release: '2' } };
    expect(parseAnalysisBody({ ...body, webhooks: [{ url: 'https://hooks.example.com/a' }] })).toEqual({
      ok: false,
      issues: [expect.stringContaining('body: webhooks[0].secret: give `secret`')],
    });
    expect(parseAnalysisBody({ ...body, webhooks: [{ url: 'https://hooks.example.com/a', secret: SECRET }] }).ok).toBe(
      true,
    );
  });

  it('refuses config file paths through the API and validates inline configs', () => {
    const body = { id: 'x', config: '/etc/passwd', baseline: { release: '1' }, canary: { release: '2' } };
    expect(parseAnalysisBody(body)).toEqual({
      ok: false,
      issues: [expect.stringContaining('give the canary config inline')],
    });
    const bad = parseAnalysisBody({ ...body, config: { name: 'c', metrics: [{ name: 'm', kind: 'speed' }] } });
    expect(bad).toEqual({ ok: false, issues: [expect.stringContaining('body: config: metrics[0].kind')] });
    expect(parseAnalysisBody({ ...body, config: CANARY }).ok).toBe(true);
  });
});

describe('judgement history', () => {
  const entry = (verdict: 'go' | 'no-go' | 'inconclusive', at: number) => ({
    analysisId: 'a',
    at,
    window: { from: 0, to: at },
    verdict,
    reason: `because ${verdict}`,
    release: '2.0.0',
    flag: null,
    result: { verdict, metrics: [{ name: 'm' }] },
    inputDigest: 'd'.repeat(64),
  });

  it('appends, marks verdict changes, serves per analysis and per release', () => {
    const history = openJudgementHistory(new Database(':memory:'));
    const records = [entry('inconclusive', 1), entry('inconclusive', 2), entry('go', 3)].map((e) => history.append(e));
    expect(records.map((r) => r.changed)).toEqual([true, false, true]);
    expect(history.list('a').map((r) => r.verdict)).toEqual(['inconclusive', 'inconclusive', 'go']);
    expect(history.list('a', { afterSeq: 2 })).toHaveLength(1);
    expect(history.latest('a')?.result).toEqual({ verdict: 'go', metrics: [{ name: 'm' }] });
    expect(history.byCohort({ release: '2.0.0' })).toHaveLength(3);
    expect(history.byCohort({ release: '9' })).toHaveLength(0);
    expect(history.verifyChain()).toBeNull();
  });

  it('refuses updates and deletes, and detects tampering through the hash chain', () => {
    const db = new Database(':memory:');
    const history = openJudgementHistory(db);
    history.append(entry('go', 1));
    history.append(entry('no-go', 2));
    expect(() => db.prepare("UPDATE aviary_judgements SET verdict = 'go' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM aviary_judgements').run()).toThrow(/append-only/);
    db.exec('DROP TRIGGER aviary_judgements_no_update');
    db.prepare("UPDATE aviary_judgements SET verdict = 'go' WHERE seq = 2").run();
    expect(history.verifyChain()).toBe(2);
  });

  it('persists API analyses across reopen and forgets deleted ones', () => {
    const file = join(tempDir(), 'h.sqlite');
    const first = openJudgementHistory(new Database(file));
    first.saveAnalysis({
      id: 'x',
      origin: 'api',
      declared: { id: 'x' },
      input: { id: 'x', secret: 's' },
      createdAt: 5,
    });
    first.saveAnalysis({ id: 'y', origin: 'api', declared: { id: 'y' }, input: { id: 'y' }, createdAt: 6 });
    first.deleteAnalysis('y', 7);
    const second = openJudgementHistory(new Database(file));
    expect(second.analyses('api')).toEqual([
      { id: 'x', origin: 'api', declared: { id: 'x' }, input: { id: 'x', secret: 's' }, createdAt: 5, deletedAt: null },
    ]);
  });
});

describe('webhook delivery', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function receiver(statuses: number[]) {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      received.push({ headers: req.headers, body });
      res.writeHead(statuses[received.length - 1] ?? 200).end();
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
  }

  it('signs the body with HMAC-SHA256 and a timestamp, retrying 5xx with backoff', async () => {
    const { url, received } = await receiver([503, 500, 200]);
    const log: DeliveryRecord[] = [];
    const dispatcher = createWebhookDispatcher({ baseDelayMs: 20, onDelivery: (r) => log.push(r) });
    const started = Date.now();
    dispatcher.enqueue('a:1', { verdict: 'no-go' }, [{ url, secret: SECRET }]);
    expect(dispatcher.pending()).toBe(1);
    expect(received).toHaveLength(0);
    await dispatcher.drain(5000);
    expect(log.map((r) => [r.attempt, r.status, r.outcome])).toEqual([
      [1, 503, 'retrying'],
      [2, 500, 'retrying'],
      [3, 200, 'delivered'],
    ]);
    // Backoff: the third attempt comes after at least 16 + 32 ms of (jittered) waiting.
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    for (const { headers, body } of received) {
      expect(JSON.parse(body)).toEqual({ verdict: 'no-go' });
      expect(headers['x-aviary-event-id']).toBe('a:1');
      const timestamp = String(headers['x-aviary-timestamp']);
      const signature = String(headers['x-aviary-signature']);
      expect(verifyWebhook(SECRET, body, timestamp, signature)).toEqual({ ok: true });
      expect(verifyWebhook('another-secret-xxxxxxxxxx', body, timestamp, signature)).toMatchObject({ ok: false });
      expect(verifyWebhook(SECRET, `${body} `, timestamp, signature)).toMatchObject({ ok: false });
      expect(verifyWebhook(SECRET, body, timestamp, signature, Number(timestamp) + 3600)).toMatchObject({
        ok: false,
        reason: 'timestamp outside tolerance',
      });
    }
  });

  it('does not retry a 4xx, gives up after maxAttempts, and survives a dead URL', async () => {
    const { url, received } = await receiver([400, 500, 500, 500]);
    const log: DeliveryRecord[] = [];
    const dispatcher = createWebhookDispatcher({
      baseDelayMs: 5,
      maxAttempts: 2,
      timeoutMs: 500,
      onDelivery: (r) => log.push(r),
    });
    dispatcher.enqueue('e1', { n: 1 }, [{ url, secret: null }]);
    await dispatcher.drain(5000);
    dispatcher.enqueue('e2', { n: 2 }, [
      { url, secret: null },
      { url: 'http://127.0.0.1:1/closed', secret: null },
    ]);
    await dispatcher.drain(5000);
    expect(received[0]?.headers['x-aviary-signature']).toBeUndefined();
    expect(log.filter((r) => r.eventId === 'e1').map((r) => r.outcome)).toEqual(['failed']);
    const e2 = log.filter((r) => r.eventId === 'e2' && r.outcome !== 'retrying');
    expect(e2.map((r) => r.outcome)).toEqual(['failed', 'failed']);
    expect(e2.find((r) => r.status === null)?.error).toBeTruthy();
  });
});

describe('continuous analysis', () => {
  const provider: MetricProvider = {
    name: 'fixed',
    measure: async (request) => ({ kind: 'values', timestamps: [request.window.from], values: [1] }),
  };

  it('judges on demand, records each judgement, notifies only on change and stops on a final verdict', async () => {
    let clock = Date.UTC(2026, 0, 1, 12, 0, 0);
    const verdicts = ['inconclusive', 'inconclusive', 'go', 'no-go', 'go'] as const;
    let call = 0;
    const analyze: AnalyzeWindow = async (_config, source, cohorts, window) => {
      await source.measure({ name: 'm', shape: 'values', query: 'q', cohort: cohorts.canary, window });
      const verdict = verdicts[call++] ?? 'go';
      return { verdict, reason: `run ${call}`, metrics: [] };
    };
    const events: unknown[] = [];
    const dispatcher = {
      enqueue: (id: string, payload: unknown) => events.push({ id, payload }),
      pending: () => 0,
      drain: async () => {},
      close: () => {},
    };
    const history = openJudgementHistory(new Database(':memory:'));
    const continuous = createContinuousAnalysis({
      history,
      dispatcher,
      analyze,
      providerFor: () => provider,
      now: () => clock,
    });
    const parsed = parseAnalysisBody({
      id: 'rel',
      config: CANARY,
      baseline: { service: 's', release: '1' },
      canary: { service: 's', release: '2' },
      stop: { on: ['no-go'] },
    });
    if (!parsed.ok) throw new Error(parsed.issues.join('\n'));
    continuous.add(parsed.value, 'api');
    expect(await continuous.judgeNow('rel')).toBeNull(); // less than one step so far
    for (let i = 0; i < 4; i++) {
      clock += 60_000;
      await continuous.judgeNow('rel');
    }
    const records = history.list('rel');
    expect(records.map((r) => r.verdict)).toEqual(['inconclusive', 'inconclusive', 'go', 'no-go']);
    expect(records[3]?.window).toEqual({ from: Date.UTC(2026, 0, 1, 12, 0, 0), to: Date.UTC(2026, 0, 1, 12, 4, 0) });
    expect(records[0]?.inputDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(records[0]?.inputDigest).not.toBe(records[1]?.inputDigest);
    expect(events).toEqual([
      { id: 'rel:1', payload: expect.objectContaining({ previous: null, verdict: 'inconclusive', analysis: 'rel' }) },
      { id: 'rel:3', payload: expect.objectContaining({ previous: 'inconclusive', verdict: 'go' }) },
      { id: 'rel:4', payload: expect.objectContaining({ previous: 'go', verdict: 'no-go', seq: 4 }) },
    ]);
    expect(continuous.get('rel')).toMatchObject({ state: 'stopped', stoppedBecause: 'verdict no-go reached' });
  });

  /** A continuous analysis over an in-memory history with a fixed verdict, on the (possibly fake) clock. */
  function fixedVerdict(verdict: 'go' | 'no-go' | 'inconclusive', now?: () => number) {
    const history = openJudgementHistory(new Database(':memory:'));
    const continuous = createContinuousAnalysis({
      history,
      dispatcher: createWebhookDispatcher(),
      analyze: async () => ({ verdict, reason: verdict, metrics: [] }),
      providerFor: () => provider,
      now,
    });
    const declare = (input: Record<string, unknown>) => {
      const parsed = parseAnalysisBody({
        id: 'rel',
        config: CANARY,
        baseline: { service: 's', release: '1' },
        canary: { service: 's', release: '2' },
        ...input,
      });
      if (!parsed.ok) throw new Error(parsed.issues.join('\n'));
      return continuous.add(parsed.value, 'api');
    };
    return { history, continuous, declare };
  }

  it('stops once stop.after has passed since the start (controlled clock)', async () => {
    let clock = Date.UTC(2026, 0, 1, 12, 0, 0);
    const { history, continuous, declare } = fixedVerdict('inconclusive', () => clock);
    declare({ stop: { after: '3m' } });
    for (const minutes of [1, 2]) {
      clock += 60_000;
      await continuous.judgeNow('rel');
      expect(continuous.get('rel'), `after ${minutes} min`).toMatchObject({ state: 'running', stoppedBecause: null });
    }
    clock += 60_000;
    await continuous.judgeNow('rel');
    expect(continuous.get('rel')).toMatchObject({ state: 'stopped', stoppedBecause: 'ran for 180 s', nextAt: null });
    expect(history.list('rel')).toHaveLength(3);
  });

  it('stop.after ends the schedule: no judgement after it, however long the server runs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.UTC(2026, 0, 1, 12, 0, 0) });
    try {
      const { history, continuous, declare } = fixedVerdict('inconclusive');
      declare({ every: '1m', stop: { after: '2m' } });
      continuous.start();
      expect(continuous.get('rel')?.nextAt).toBe(Date.UTC(2026, 0, 1, 12, 1, 0));
      await vi.advanceTimersByTimeAsync(60_000);
      expect(history.list('rel')).toHaveLength(1);
      expect(continuous.get('rel')).toMatchObject({ state: 'running', nextAt: Date.UTC(2026, 0, 1, 12, 2, 0) });
      await vi.advanceTimersByTimeAsync(60_000);
      expect(continuous.get('rel')).toMatchObject({ state: 'stopped', stoppedBecause: 'ran for 120 s', nextAt: null });
      await vi.advanceTimersByTimeAsync(60 * 60_000);
      expect(history.list('rel').map((r) => r.at)).toEqual([
        Date.UTC(2026, 0, 1, 12, 1, 0),
        Date.UTC(2026, 0, 1, 12, 2, 0),
      ]);
      expect(vi.getTimerCount()).toBe(0);
      await continuous.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a judgement on demand that stops the analysis cancels the scheduled one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.UTC(2026, 0, 1, 12, 0, 0) });
    try {
      const { history, continuous, declare } = fixedVerdict('no-go');
      declare({ every: '1m', lookback: '5m', stop: { on: ['no-go'] } });
      continuous.start();
      await vi.advanceTimersByTimeAsync(10_000);
      await continuous.judgeNow('rel'); // e.g. GET /api/verdict between two scheduled runs
      expect(continuous.get('rel')).toMatchObject({ state: 'stopped', stoppedBecause: 'verdict no-go reached' });
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(history.list('rel')).toHaveLength(1);
      await continuous.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('runs on its schedule and records a failing analysis as inconclusive', async () => {
    const history = openJudgementHistory(new Database(':memory:'));
    const dispatcher = createWebhookDispatcher();
    const start = Date.now() - 5000;
    const continuous = createContinuousAnalysis({
      history,
      dispatcher,
      analyze: async () => {
        throw new Error('store unavailable');
      },
      providerFor: () => provider,
    });
    const parsed = parseAnalysisBody({
      id: 'tick',
      config: { ...CANARY, step: '1s' },
      baseline: { release: '1' },
      canary: { release: '2' },
      every: '1s',
      lookback: '3s',
    });
    if (!parsed.ok) throw new Error(parsed.issues.join('\n'));
    continuous.add(parsed.value, 'file');
    continuous.start();
    while (history.list('tick').length < 2 && Date.now() - start < 15_000) await new Promise((r) => setTimeout(r, 100));
    await continuous.stop();
    const records = history.list('tick');
    expect(records.length).toBeGreaterThanOrEqual(2);
    expect(records[0]).toMatchObject({ verdict: 'inconclusive', reason: 'analysis failed: store unavailable' });
    expect(records[0] && records[0].window.to - records[0].window.from).toBe(3000);
    expect(windowAt(parsed.value, 0, 10_500)).toEqual({ from: 7000, to: 10_000, step: 1000 });
  });
});

describe('verdict query parameters', () => {
  const from = (params: Record<string, string>) => parseVerdictQuery((name) => params[name]);

  it('reads an analysis id, release cohorts or flag-variant cohorts (kebab or camel case)', () => {
    expect(from({ analysis: 'a' })).toEqual({ ok: true, query: { kind: 'analysis', id: 'a' } });
    expect(from({ config: 'a', service: 's', 'baseline-release': '1', canaryRelease: '2' })).toEqual({
      ok: true,
      query: {
        kind: 'cohorts',
        configFrom: 'a',
        baseline: { service: 's', release: '1' },
        canary: { service: 's', release: '2' },
        lookbackMs: 1_800_000,
      },
    });
    expect(
      from({ flag: 'new-ui', 'baseline-variant': 'off', 'canary-variant': 'on', lookback: '5m', env: 'prod' }),
    ).toEqual({
      ok: true,
      query: {
        kind: 'cohorts',
        configFrom: null,
        baseline: { env: 'prod', flag: 'new-ui', variant: 'off' },
        canary: { env: 'prod', flag: 'new-ui', variant: 'on' },
        lookbackMs: 300_000,
      },
    });
  });

  it('explains what is missing or malformed', () => {
    expect(from({ 'baseline-release': '1' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('two cohorts'),
    });
    expect(from({ flag: 'f', 'baseline-variant': 'a' })).toMatchObject({ ok: false });
    expect(from({ 'baseline-release': '1', 'canary-release': '2', lookback: 'soon' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('lookback'),
    });
  });
});
