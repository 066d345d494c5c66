import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as JsonExporter,
} from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/api/server';

// biome-ignore lint/suspicious/noExplicitAny: JSON response bodies are checked by value
type Json = any;

const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** One instrumented "process": a release of checkout, exporting through a real OTLP exporter. */
function app(release: string, exporter: PushMetricExporter) {
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': 'checkout',
      'service.version': release,
      'deployment.environment.name': 'production',
      'service.instance.id': `pod-${release}`,
    }),
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })],
  });
  const meter = provider.getMeter('checkout-test');
  const requests = meter.createCounter('app.requests');
  const duration = meter.createHistogram('http.server.request.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: BOUNDS },
  });
  const active = meter.createUpDownCounter('app.active');
  let depth = 0;
  meter.createObservableGauge('app.queue.depth').addCallback((r) => r.observe(depth, { queue: 'orders' }));
  const evaluations = meter.createCounter('feature_flag.evaluation_success_total');
  return {
    provider,
    record(variant: string, n: number, seconds: number[], status = 200) {
      const attrs: Attributes = {
        'feature_flag.key': 'new-checkout',
        'feature_flag.result.variant': variant,
        'http.response.status_code': status,
      };
      requests.add(n, attrs);
      for (const s of seconds) duration.record(s, attrs);
      evaluations.add(n, {
        'feature_flag.key': 'new-checkout',
        'feature_flag.result.variant': variant,
        'feature_flag.result.reason': 'STATIC',
      });
    },
    active,
    setDepth(d: number) {
      depth = d;
    },
  };
}

let server: RunningServer;
let dir: string;
const started = Date.now();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aviary-sdk-'));
  server = await startServer({ port: 0, dataDir: dir });
  const url = `${server.url}/v1/metrics`;
  // Protobuf + gzip with delta temporality, and OTLP/JSON with cumulative temporality (the default).
  const proto = app(
    '2.4.1',
    new ProtoExporter({
      url,
      compression: 'gzip' as never,
      temporalityPreference: AggregationTemporalityPreference.DELTA,
    }),
  );
  const json = app('2.5.0', new JsonExporter({ url }));
  for (const a of [proto, json]) {
    a.record('on', 3, [0.02, 0.2, 3]);
    a.record('off', 5, [0.004]);
    a.record('off', 1, [0.3], 500);
    a.active.add(4);
    a.setDepth(7);
    await a.provider.forceFlush();
    a.record('on', 2, [0.02, 11]);
    a.active.add(-1);
    a.setDepth(2);
    await a.provider.forceFlush();
    await a.provider.shutdown();
  }
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function series(params: Record<string, string>): Promise<Json> {
  const q = new URLSearchParams({
    from: String(started - 60_000),
    to: String(Date.now() + 60_000),
    step: '1h',
    ...params,
  });
  const res = await fetch(`${server.url}/api/series?${q}`);
  expect(res.status).toBe(200);
  return res.json();
}

const total = (r: Json, field: string) => r.buckets.reduce((s: number, b: Json) => s + b[field], 0);

describe('real OpenTelemetry SDK exports (protobuf+gzip delta, JSON cumulative)', () => {
  for (const release of ['2.4.1', '2.5.0']) {
    it(`files counters by flag variant and release ${release}`, async () => {
      const on = await series({ metric: 'app.requests', release, flag: 'new-checkout', variant: 'on' });
      expect(on).toMatchObject({
        kind: 'sum',
        monotonic: true,
        temporality: release === '2.4.1' ? 'delta' : 'cumulative',
      });
      expect(total(on, 'sum')).toBe(5);
      const off = await series({ metric: 'app.requests', release, variant: 'off' });
      expect(off.series).toBe(2);
      expect(total(off, 'sum')).toBe(6);
      const errors = await series({ metric: 'app.requests', release, filter: 'http.response.status_code>=500' });
      expect(total(errors, 'sum')).toBe(1);
    });

    it(`returns histogram buckets exactly for release ${release}`, async () => {
      const on = await series({ metric: 'http.server.request.duration', release, variant: 'on' });
      expect(on.bounds).toEqual(BOUNDS);
      expect(total(on, 'count')).toBe(5);
      expect(total(on, 'sum')).toBeCloseTo(0.02 + 0.2 + 3 + 0.02 + 11, 9);
      const counts = new Array(BOUNDS.length + 1).fill(0);
      for (const b of on.buckets) for (const [i, c] of (b.buckets as number[]).entries()) counts[i] += c;
      // 0.02 x2 -> (0.01, 0.025]; 0.2 -> (0.1, 0.25]; 3 -> (2.5, 5]; 11 -> +Inf
      const expected = new Array(BOUNDS.length + 1).fill(0);
      expected[2] = 2;
      expected[6] = 1;
      expected[11] = 1;
      expected[14] = 1;
      expect(counts).toEqual(expected);
    });

    it(`keeps gauges and up-down counters as levels for release ${release}`, async () => {
      const depth = await series({ metric: 'app.queue.depth', release, queue: 'orders' });
      expect(depth.kind).toBe('gauge');
      expect(depth.buckets.at(-1).last).toBe(2);
      expect(depth.buckets.at(-1).max).toBe(7);
      const active = await series({ metric: 'app.active', release });
      expect(active.kind).toBe('sum');
      expect(active.monotonic).toBe(false);
      expect(active.buckets.at(-1).last).toBe(3);
    });
  }

  it('lists the flag with its variants and evaluation counts', async () => {
    const res = (await (await fetch(`${server.url}/api/flags`)).json()) as Json;
    expect(res.flags).toHaveLength(1);
    const flag = res.flags[0];
    expect(flag.flag).toBe('new-checkout');
    expect(flag.services).toEqual(['checkout']);
    expect(flag.variants.map((v: Json) => [v.variant, v.evaluations])).toEqual([
      ['off', 12],
      ['on', 10],
    ]);
    expect(flag.firstSeen).toBeGreaterThanOrEqual(started - 1000);
  });

  it('lists both releases with point counts', async () => {
    const res = (await (await fetch(`${server.url}/api/releases`)).json()) as Json;
    expect(res.releases.map((r: Json) => [r.service, r.release, r.envs])).toEqual([
      ['checkout', '2.4.1', ['production']],
      ['checkout', '2.5.0', ['production']],
    ]);
    for (const r of res.releases) expect(r.points).toBeGreaterThan(10);
  });
});
