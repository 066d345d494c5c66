import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/api/server';
import { fetchLiveStatus } from '../../src/code/live-status';
import { defaultConfig } from '../../src/code/load-config';
import { assessStaleness } from '../../src/code/staleness';
import { openStore } from '../../src/store/store';

const DAY = 86_400_000;
const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const store = openStore({ dataDir: ':memory:' });
let server: RunningServer;

/** OpenFeature MetricsHook success counts, one point per (flag, variant, days ago). */
function evaluations(points: Array<[flag: string, variant: string, daysAgo: number, count: number]>) {
  store.ingest([
    {
      name: 'feature_flag.evaluation_success_total',
      unit: '{evaluation}',
      kind: 'sum',
      temporality: 'delta',
      monotonic: true,
      scope: '@openfeature/open-telemetry-hooks',
      resource: { 'service.name': 'checkout', 'service.version': '1.0.0' },
      points: points.map(([flag, variant, daysAgo, count]) => ({
        attributes: { 'feature_flag.key': flag, 'feature_flag.result.variant': variant },
        startUs: 0,
        timeUs: (NOW - daysAgo * DAY) * 1000,
        noValue: false,
        value: count,
        count: 0,
        min: Number.NaN,
        max: Number.NaN,
      })),
    },
  ]);
}

beforeAll(async () => {
  evaluations([
    ['new-checkout', 'off', 10, 300],
    ['new-checkout', 'on', 10, 200],
    ['new-checkout', 'on', 5, 400],
    ['new-checkout', 'on', 1, 500],
    ['search', 'a', 3, 10],
    ['search', 'b', 2, 12],
    ['legacy', 'on', 12, 7],
  ]);
  server = await startServer({ port: 0, store, retentionMs: 30 * DAY });
});
afterAll(async () => {
  await server.close();
  store.close();
});

describe('live status from a running engine (GET /api/flags)', () => {
  it('reads totals, the recent window and first/last seen', async () => {
    const live = await fetchLiveStatus(server.url, { now: NOW, windowDays: 7 });
    expect(live.ok).toBe(true);
    if (!live.ok) return;
    const checkout = live.flags.get('new-checkout');
    expect(checkout?.total).toEqual({ off: 300, on: 1100 });
    expect(checkout?.recent).toEqual({ off: 0, on: 900 });
    expect(checkout?.firstSeen).toBe(NOW - 10 * DAY);
    expect(checkout?.lastSeen).toBe(NOW - DAY);
  });

  it('drives telemetry staleness: rolled out, still varied, not evaluated', async () => {
    const live = await fetchLiveStatus(server.url, { now: NOW, windowDays: 7 });
    if (!live.ok) throw new Error(live.error);
    const ref = (key: string) => ({
      key,
      keyText: `'${key}'`,
      file: 'src/a.ts',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
      call: 'client.getBooleanValue',
      sdk: 'openfeature',
      valueKind: 'boolean' as const,
      defaultValue: 'false',
      enclosingFunction: null,
      isTest: false,
      start: 0,
      end: 1,
    });
    const config = { ...defaultConfig().staleness, noEvaluationDays: 10 };
    const report = assessStaleness({
      references: [ref('new-checkout'), ref('search'), ref('legacy'), ref('never-seen')],
      definitions: [],
      live: live.flags,
      config,
      now: NOW,
    });
    const codes = (key: string) => report.flags.find((f) => f.key === key)?.reasons.map((r) => r.code);
    expect(report.flags.find((f) => f.key === 'new-checkout')?.reasons[0]).toMatchObject({
      code: 'fully-rolled-out',
      keep: { value: true, variant: 'on', source: 'telemetry' },
    });
    expect(codes('search')).toEqual([]);
    expect(codes('legacy')).toEqual(['no-evaluations']);
    expect(codes('never-seen')).toEqual(['no-evaluations']);
  });

  it('turns an unreachable engine or a wrong answer into an error value', async () => {
    const down = await fetchLiveStatus('http://127.0.0.1:9', { now: NOW, windowDays: 7, timeoutMs: 2000 });
    expect(down).toMatchObject({ ok: false, error: expect.stringContaining('127.0.0.1:9') });
    const wrong = await fetchLiveStatus(`${server.url}/nothing/`, { now: NOW, windowDays: 7 });
    expect(wrong).toMatchObject({ ok: false, error: expect.stringContaining('/nothing/api/flags') });
  });
});
