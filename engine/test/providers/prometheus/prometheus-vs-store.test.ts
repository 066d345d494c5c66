import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeWindow } from '../../../src/analysis/analyze-window';
import type { VerdictResult } from '../../../src/analysis/verdict-types';
import { createIntegrations } from '../../../src/api/integrations';
import { type RunningServer, startServer } from '../../../src/api/server';
import { canaryConfigSchema } from '../../../src/config/canary-config-schema';
import type { TimeWindow } from '../../../src/model/cohort';
import { createPrometheusProvider } from '../../../src/providers/prometheus/prometheus-provider';
import { createStoreProvider } from '../../../src/providers/store/store-provider';
import { type InstrumentedApp, startInstrumentedApp } from './instrumented-app';
import {
  type BackendName,
  type RunningBackend,
  requireBackend,
  runScrapedTraffic,
  type ScrapedTraffic,
} from './prometheus-harness';

const STEP = 2000;
const cohorts = {
  baseline: { service: 'checkout', release: '1.0.0' },
  canary: { service: 'checkout', release: '2.0.0' },
};
/** One canary config, unchanged for both sources: OTel names and store-style filters. */
const config = canaryConfigSchema.parse({
  name: 'store-vs-prometheus',
  step: '2s',
  metrics: [
    {
      name: 'latency-p50',
      kind: 'latency',
      query: 'http.server.request.duration',
      quantile: 0.5,
      direction: 'increase',
      margin: { relative: 0.1 },
    },
    {
      name: 'errors',
      kind: 'rate',
      query: 'app.requests{http.response.status_code=500}',
      denominator: 'app.requests',
      direction: 'increase',
      margin: { absolute: 0.01 },
    },
  ],
});

let aviary: RunningServer;
let apps: InstrumentedApp[] = [];
const backends: Record<string, RunningBackend> = {};
let window: TimeWindow;
let traffic: ScrapedTraffic | undefined;

beforeAll(async () => {
  aviary = await startServer({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'aviary-vs-prom-')) });
  const otlpUrl = `${aviary.url}/v1/metrics`;
  apps = await Promise.all([
    startInstrumentedApp({ ...cohorts.baseline, version: '1.0.0', latency: 0.08, errorRate: 0.01, seed: 3, otlpUrl }),
    startInstrumentedApp({ ...cohorts.canary, version: '2.0.0', latency: 0.2, errorRate: 0.15, seed: 4, otlpUrl }),
  ]);
  traffic = await runScrapedTraffic(apps, STEP);
  Object.assign(backends, traffic.backends);
  window = traffic.window;
}, 60_000);

afterAll(async () => {
  await traffic?.stop();
  await Promise.all(apps.map((app) => app.close()));
  await aviary?.close();
});

function summary(result: VerdictResult) {
  return {
    verdict: result.verdict,
    metrics: result.metrics.map((m) => ({ name: m.name, classification: m.classification, harm: m.harm })),
  };
}

describe.each<BackendName>(['prometheus', 'victoriametrics'])(
  'the same traffic judged from %s and from the store',
  (name) => {
    it('gives the same verdict and per-metric findings', async (ctx) => {
      requireBackend(ctx, name);
      // The JS Prometheus exporter keeps OTel names without unit suffixes.
      const remote = createPrometheusProvider({ url: backends[name]?.url ?? '', unitSuffixes: false });
      const store = createStoreProvider(aviary.store);
      const [fromRemote, fromStore] = await Promise.all([
        analyzeWindow(config, remote, cohorts, window),
        analyzeWindow(config, store, cohorts, window),
      ]);
      expect(
        fromStore.verdict,
        JSON.stringify({
          reason: fromStore.reason,
          health: fromStore.health,
          metrics: fromStore.metrics.map((m) => m.reason),
        }),
      ).toBe('no-go');
      expect(summary(fromRemote)).toEqual(summary(fromStore));
      for (const metric of fromStore.metrics) {
        const other = fromRemote.metrics.find((m) => m.name === metric.name);
        // Same traffic, sampled at scrape vs export times: sample sizes agree within 25%.
        expect(Math.abs((other?.n.canary ?? 0) - metric.n.canary) / metric.n.canary).toBeLessThan(0.25);
        expect(Math.abs((other?.n.baseline ?? 0) - metric.n.baseline) / metric.n.baseline).toBeLessThan(0.25);
      }
    });

    it('gives go for two releases with the same behaviour from both sources', async (ctx) => {
      requireBackend(ctx, name);
      const same = { baseline: cohorts.baseline, canary: cohorts.baseline };
      const remote = createPrometheusProvider({ url: backends[name]?.url ?? '', unitSuffixes: false });
      const [fromRemote, fromStore] = await Promise.all([
        analyzeWindow(config, remote, same, window),
        analyzeWindow(config, createStoreProvider(aviary.store), same, window),
      ]);
      // Both sources answered (no error metric) and agree metric by metric; neither sees a regression.
      for (const result of [fromRemote, fromStore]) {
        expect(result.metrics.map((m) => m.classification)).not.toContain('error');
      }
      expect(summary(fromRemote)).toEqual(summary(fromStore));
      expect(fromRemote.verdict).toBe(fromStore.verdict);
      expect(fromRemote.verdict).not.toBe('no-go');
    });

    it('is inconclusive, never go, when the source fails', async (ctx) => {
      requireBackend(ctx, name);
      const broken = createPrometheusProvider({ url: `${backends[name]?.url ?? ''}/nowhere`, timeoutMs: 2000 });
      const result = await analyzeWindow(config, broken, cohorts, window);
      expect(result.verdict).toBe('inconclusive');
      expect(result.metrics.every((m) => m.classification === 'error')).toBe(true);
    });

    it('drives a continuous analysis declared with a Prometheus source (GET /api/verdict)', async (ctx) => {
      requireBackend(ctx, name);
      const integrations = createIntegrations();
      const server = await startServer({
        port: 0,
        dataDir: mkdtempSync(join(tmpdir(), 'aviary-prom-analysis-')),
        routes: integrations.routes,
      });
      try {
        const declared = await fetch(`${server.url}/api/analyses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            id: `checkout-${name}`,
            config: { ...config, step: '2s' },
            ...cohorts,
            source: { prometheus: { url: backends[name]?.url, unitSuffixes: false } },
            lookback: '24s',
          }),
        });
        expect(declared.status, await declared.clone().text()).toBe(201);
        const verdict = (await (await fetch(`${server.url}/api/verdict?analysis=checkout-${name}`)).json()) as {
          verdict: string;
          origin: string;
        };
        expect(verdict).toMatchObject({ verdict: 'no-go', origin: 'judged' });
      } finally {
        await server.close();
      }
    });
  },
);
