import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedEngine, startEmbeddedEngine } from '../../examples/checkout/src/embedded-engine';
import { type ServiceProcess, startService } from '../../examples/checkout/src/service-process';

const RELEASE = '2.0.0-test';

interface FlagSummary {
  flag: string;
  services: string[];
  variants: { variant: string; evaluations: number }[];
  requests: number;
  errors: number;
}

interface SeriesResult {
  series: number;
  bounds: number[] | null;
  buckets: { count: number; sum: number; buckets?: number[] }[];
}

/**
 * The checkout service, run as its own process with the OpenTelemetry SDK,
 * exports over OTLP/HTTP protobuf to an engine started in this process; the
 * engine's query API must then hold exactly what the requests did, filed by
 * release and by flag variant.
 */
describe('checkout metrics reach the engine with flag and release attributes', () => {
  let dataDir: string;
  let engine: EmbeddedEngine;
  let service: ServiceProcess;
  const started = Date.now();
  const sent = {
    checkout: { on: 0, off: 0 },
    cart: { bestsellers: 0, 'similar-items': 0 },
    serverErrors: 0,
    checkoutErrors: 0,
  };
  /** Content types of the exports, seen by a pass-through proxy in front of the engine. */
  const contentTypes: string[] = [];
  let proxy: Server;

  const getJson = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${engine.url}${path}`);
    expect(response.status, `${path}: ${response.status}`).toBe(200);
    return (await response.json()) as T;
  };
  const series = (params: Record<string, string>): Promise<SeriesResult> =>
    getJson(`/api/series?${new URLSearchParams({ from: String(started - 60_000), to: 'now', step: '1h', ...params })}`);
  const total = (result: SeriesResult, field: 'count' | 'sum'): number =>
    result.buckets.reduce((sum, b) => sum + b[field], 0);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'aviary-example-test-'));
    engine = await startEmbeddedEngine(dataDir);
    proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        contentTypes.push(String(req.headers['content-type']));
        const headers: Record<string, string> = { 'content-type': String(req.headers['content-type']) };
        if (req.headers['content-encoding']) headers['content-encoding'] = String(req.headers['content-encoding']);
        const answer = await fetch(`${engine.url}${req.url}`, { method: 'POST', headers, body: Buffer.concat(chunks) });
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' });
        res.end(Buffer.from(await answer.arrayBuffer()));
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    service = await startService({
      release: RELEASE,
      metricsEndpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/v1/metrics`,
      exportIntervalMs: 500,
    });

    const request = async (i: number): Promise<void> => {
      if (i % 3 === 2) {
        const tier = i % 2 === 0 ? 'gold' : 'standard';
        const response = await fetch(`${service.url}/cart?user=u${i}&tier=${tier}`);
        if (response.status >= 500) sent.serverErrors++;
        else {
          const body = (await response.json()) as { recommendations: 'bestsellers' | 'similar-items' };
          sent.cart[body.recommendations]++;
        }
        return;
      }
      const response = await fetch(`${service.url}/checkout?user=u${i}`, { method: 'POST' });
      if (response.status >= 500) {
        sent.serverErrors++;
        sent.checkoutErrors++;
        return;
      }
      const body = (await response.json()) as { flow: boolean };
      sent.checkout[body.flow ? 'on' : 'off']++;
    };
    for (let i = 0; i < 150; i += 10) await Promise.all(Array.from({ length: 10 }, (_, k) => request(i + k)));
    // SIGTERM: the SDK flushes the last interval before the process exits.
    await service.stop();
  });

  afterAll(async () => {
    await service?.stop();
    await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
    await engine?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('lists the evaluated flags and their variants with OpenFeature hook counts', async () => {
    const { flags } = await getJson<{ flags: FlagSummary[] }>('/api/flags');
    const byKey = new Map(flags.map((f) => [f.flag, f]));
    const variants = (key: string): Record<string, number> =>
      Object.fromEntries((byKey.get(key)?.variants ?? []).map((v) => [v.variant, v.evaluations]));

    // Every request evaluated its flags (5xx responses too), so the hook counts are the request counts.
    expect(variants('express-shipping')).toEqual({ on: 100 });
    const flow = variants('new-checkout-flow');
    expect((flow.on ?? 0) + (flow.off ?? 0)).toBe(100);
    expect(flow.on).toBeGreaterThanOrEqual(sent.checkout.on);
    expect(flow.off).toBeGreaterThanOrEqual(sent.checkout.off);
    expect(variants('cart-recommendations')).toEqual({ bestsellers: 25, 'similar-items': 25 });
    expect(byKey.get('new-checkout-flow')?.services).toContain('checkout');
    // legacy-coupons is not in the flagd file: every evaluation is an error.
    expect(byKey.get('legacy-coupons')?.errors).toBe(50);
  });

  it('files request durations by release, flag variant and route', async () => {
    const base = { metric: 'http.server.request.duration', service: 'checkout', release: RELEASE };
    const all = await series(base);
    expect(all.bounds).toEqual([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]);
    expect(total(all, 'count')).toBe(150);

    const on = await series({ ...base, flag: 'new-checkout-flow', variant: 'on' });
    const off = await series({ ...base, flag: 'new-checkout-flow', variant: 'off' });
    expect(total(on, 'count') + total(off, 'count')).toBe(100);
    expect(total(on, 'count')).toBeGreaterThanOrEqual(sent.checkout.on);
    expect(total(off, 'count')).toBeGreaterThanOrEqual(sent.checkout.off);
    // Seconds, not milliseconds: the simulated work is tens of ms.
    const mean = total(all, 'sum') / total(all, 'count');
    expect(mean).toBeGreaterThan(0.005);
    expect(mean).toBeLessThan(0.5);

    const gold = await series({ ...base, flag: 'cart-recommendations', variant: 'bestsellers', 'http.route': '/cart' });
    expect(total(gold, 'count')).toBe(25);

    const other = await series({ ...base, release: '9.9.9' });
    expect(total(other, 'count')).toBe(0);
  });

  it('exports OTLP protobuf, the OpenTelemetry default', () => {
    expect(contentTypes.length).toBeGreaterThan(0);
    expect(new Set(contentTypes)).toEqual(new Set(['application/x-protobuf']));
  });

  it('counts requests and 5xx per flag variant', async () => {
    const base = { service: 'checkout', release: RELEASE, flag: 'new-checkout-flow' };
    const count = async (metric: string, variant: string) => total(await series({ ...base, metric, variant }), 'sum');
    expect((await count('checkout.requests', 'on')) + (await count('checkout.requests', 'off'))).toBe(100);
    expect((await count('checkout.errors', 'on')) + (await count('checkout.errors', 'off'))).toBe(sent.checkoutErrors);
  });

  it('counts requests and 5xx per release', async () => {
    const requests = await series({ metric: 'checkout.requests', service: 'checkout', release: RELEASE });
    const errors = await series({ metric: 'checkout.errors', service: 'checkout', release: RELEASE });
    expect(total(requests, 'sum')).toBe(150);
    expect(total(errors, 'sum')).toBe(sent.serverErrors);
  });
});
