import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, simulateWork } from '../../examples/checkout/src/latency-model';
import { runLoad } from '../../examples/checkout/src/load-generator';
import { NO_REGRESSION, parseFlagRegression, parseRegression } from '../../examples/checkout/src/regression';

/** A small deterministic PRNG (mulberry32) so the simulations are reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('regression specs', () => {
  it('parses every key and defaults the rest', () => {
    expect(parseRegression('slowdown=1.5,tail=0.1,tailMs=300,errors=0.04', 'X')).toEqual({
      slowdown: 1.5,
      tailRate: 0.1,
      tailMs: 300,
      errorRate: 0.04,
    });
    expect(parseRegression('', 'X')).toEqual(NO_REGRESSION);
    expect(parseFlagRegression('new-checkout-flow=on:errors=0.03', 'Y')).toEqual({
      flag: 'new-checkout-flow',
      variant: 'on',
      regression: { ...NO_REGRESSION, errorRate: 0.03 },
    });
  });

  it('names the source and the bad part', () => {
    expect(() => parseRegression('slow=2', 'CHECKOUT_REGRESSION')).toThrow(/CHECKOUT_REGRESSION: .*"slow=2"/);
    expect(() => parseRegression('errors=2', 'CHECKOUT_REGRESSION')).toThrow(/errors must be/);
    expect(() => parseRegression('slowdown=0', 'CHECKOUT_REGRESSION')).toThrow(/slowdown/);
    expect(() => parseFlagRegression('new-checkout-flow:on', 'F')).toThrow(/F: expected flag=variant/);
  });
});

describe('latency model', () => {
  const draw = (regression = NO_REGRESSION, n = 20_000) => {
    const random = seeded(7);
    const samples = Array.from({ length: n }, () => simulateWork(ROUTES.checkout, regression, random));
    const delays = samples.map((s) => s.delayMs).sort((a, b) => a - b);
    const quantile = (q: number) => delays[Math.floor(q * (n - 1))] ?? Number.NaN;
    return { p50: quantile(0.5), p99: quantile(0.99), errors: samples.filter((s) => s.fail).length / n };
  };

  it('centres on the route median with a small error rate', () => {
    const healthy = draw();
    expect(healthy.p50).toBeGreaterThan(ROUTES.checkout.medianMs * 0.95);
    expect(healthy.p50).toBeLessThan(ROUTES.checkout.medianMs * 1.05);
    expect(healthy.errors).toBeLessThan(0.01);
  });

  it('makes a regression slower at the median, much slower at p99, and less reliable', () => {
    const healthy = draw();
    const bad = draw(parseRegression('slowdown=1.15,tail=0.08,tailMs=300,errors=0.04', 'test'));
    expect(bad.p50 / healthy.p50).toBeGreaterThan(1.1);
    expect(bad.p99 / healthy.p99).toBeGreaterThan(2);
    expect(bad.errors - healthy.errors).toBeGreaterThan(0.03);
  });
});

describe('load generator', () => {
  const seen: { target: string; method: string; path: string; user: string }[] = [];
  const servers: Server[] = [];
  const start = async (name: string, failEvery: number): Promise<string> => {
    let n = 0;
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push({
        target: name,
        method: req.method ?? '',
        path: url.pathname,
        user: url.searchParams.get('user') ?? '',
      });
      res.statusCode = ++n % failEvery === 0 ? 503 : 200;
      res.end('{}');
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  let a: string;
  let b: string;
  beforeAll(async () => {
    a = await start('a', 10);
    b = await start('b', 1_000_000);
  });
  afterAll(() => {
    for (const server of servers) server.close();
  });

  it('drives every target with the same rate and mix and counts server errors', async () => {
    const stats = await runLoad({
      targets: [
        { name: 'a', url: a },
        { name: 'b', url: b },
      ],
      rate: 100,
      durationMs: 2000,
      random: seeded(3),
    });
    for (const name of ['a', 'b']) {
      const s = stats.byTarget[name];
      // Poisson(200): sd 14; generous bounds, the arrivals are seeded.
      expect(s?.sent).toBeGreaterThan(140);
      expect(s?.sent).toBeLessThan(260);
      expect(s?.failed).toBe(0);
      expect((s?.ok ?? 0) + (s?.serverErrors ?? 0)).toBe(s?.sent);
      const mine = seen.filter((r) => r.target === name);
      expect(mine).toHaveLength(s?.sent ?? -1);
      const checkouts = mine.filter((r) => r.path === '/checkout');
      expect(checkouts.every((r) => r.method === 'POST')).toBe(true);
      expect(checkouts.length / mine.length).toBeGreaterThan(0.45);
      expect(checkouts.length / mine.length).toBeLessThan(0.75);
      expect(mine.every((r) => /^u\d+$/.test(r.user))).toBe(true);
    }
    expect(stats.byTarget.a?.serverErrors).toBe(Math.floor((stats.byTarget.a?.sent ?? 0) / 10));
    expect(stats.byTarget.b?.serverErrors).toBe(0);
  });

  it('stops early when aborted', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const stats = await runLoad({
      targets: [{ name: 'a', url: a }],
      rate: 50,
      durationMs: 60_000,
      signal: abort.signal,
    });
    // 60 s at 50/s would be about 3,000 requests.
    expect(stats.byTarget.a?.sent).toBeLessThan(500);
  });
});
