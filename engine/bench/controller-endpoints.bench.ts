/**
 * Controller-contract latency: what Argo Rollouts (`GET /api/verdict?analysis=`, answered from the
 * judgement history), Flagger (`POST /api/gates/flagger`, sticky revision) and Kayenta
 * (`POST /judge`, 3 metrics x 60 points per side) wait for, beside `GET /healthz` on the same server
 * in the same run as the baseline. Prints p50/p99 per endpoint and the p50 ratio to the baseline.
 * Target: verdict and gate within 3x the health check; every p99 far below Argo's and Flagger's 10 s.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIntegrations } from '../src/api/integrations';
import { startServer } from '../src/api/server';
import type { MetricProvider } from '../src/providers/metric-provider';

const N = Number(process.env.ENDPOINT_BENCH_REQUESTS ?? 2000);

const provider: MetricProvider = {
  name: 'synthetic',
  async measure(request) {
    const timestamps: number[] = [];
    const values: number[] = [];
    for (let t = request.window.from, i = 0; t < request.window.to; t += request.window.step, i++) {
      timestamps.push(t);
      values.push(100 + ((i * 7919) % 13));
    }
    return { kind: 'values', timestamps, values };
  },
};

const config = {
  name: 'bench',
  step: '10s',
  minSamples: 20,
  metrics: [{ name: 'latency', kind: 'continuous', query: 'latency', direction: 'increase' }],
};

async function time(
  label: string,
  request: () => Promise<Response>,
): Promise<{ label: string; p50: number; p99: number }> {
  for (let i = 0; i < 50; i++) await (await request()).arrayBuffer();
  const samples: number[] = [];
  for (let i = 0; i < N; i++) {
    const start = process.hrtime.bigint();
    const response = await request();
    await response.arrayBuffer();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (response.status >= 500) throw new Error(`${label}: HTTP ${response.status}`);
  }
  samples.sort((a, b) => a - b);
  return { label, p50: samples[Math.floor(N * 0.5)] ?? 0, p99: samples[Math.floor(N * 0.99)] ?? 0 };
}

const integrations = createIntegrations({ storeProvider: () => provider });
const server = await startServer({
  port: 0,
  dataDir: mkdtempSync(join(tmpdir(), 'aviary-bench-endpoints-')),
  routes: integrations.routes,
});
try {
  const created = await fetch(`${server.url}/api/analyses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: 'bench',
      config,
      baseline: { release: '1' },
      canary: { release: '2' },
      lookback: '10m',
      every: '1h',
    }),
  });
  if (created.status !== 201) throw new Error(`cannot declare the analysis: ${await created.text()}`);
  await (await fetch(`${server.url}/api/verdict?analysis=bench`)).arrayBuffer();
  const series = (level: number) => Array.from({ length: 60 }, (_, i) => level + ((i * 7919) % 17));
  const kayenta = JSON.stringify({
    canaryConfig: {
      metrics: ['a', 'b', 'c'].map((name) => ({
        name,
        groups: ['g'],
        analysisConfigurations: { canary: { direction: 'increase' } },
      })),
      classifier: { groupWeights: { g: 100 } },
    },
    scoreThresholds: { pass: 95, marginal: 75 },
    metricSetPairList: ['a', 'b', 'c'].map((name) => ({
      name,
      values: { control: series(100), experiment: series(101) },
    })),
  });
  const results = [
    await time('GET /healthz (baseline)', () => fetch(`${server.url}/healthz`)),
    await time('GET /api/verdict?analysis=', () => fetch(`${server.url}/api/verdict?analysis=bench`)),
    await time('POST /api/gates/flagger', () =>
      fetch(`${server.url}/api/gates/flagger`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'c',
          namespace: 'n',
          phase: 'Progressing',
          checksum: 'r1',
          metadata: { analysis: 'bench' },
        }),
      }),
    ),
    await time('POST /judge (3 x 60 points)', () =>
      fetch(`${server.url}/judge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: kayenta }),
    ),
  ];
  const base = results[0]?.p50 ?? 1;
  process.stdout.write(`${N} sequential requests per endpoint over loopback\n`);
  for (const r of results) {
    process.stdout.write(
      `${r.label.padEnd(34)} p50 ${r.p50.toFixed(3)} ms  p99 ${r.p99.toFixed(3)} ms  p50 ratio ${(r.p50 / base).toFixed(2)}x\n`,
    );
  }
} finally {
  await server.close();
}
