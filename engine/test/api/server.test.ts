import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../src/api/http-error';
import { type RunningServer, startServer } from '../../src/api/server';
import { openStore } from '../../src/store/store';

// Response bodies are checked by value.
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies
type Json = any;
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 120_000;
let server: RunningServer;
const store = openStore({ dataDir: ':memory:' });

beforeAll(async () => {
  store.ingest([
    {
      name: 'reqs',
      unit: '1',
      kind: 'sum',
      temporality: 'delta',
      monotonic: true,
      scope: 's',
      resource: { 'service.name': 'checkout', 'service.version': '1.0.0' },
      points: [200, 500].map((code) => ({
        attributes: {
          'feature_flag.key': 'f',
          'feature_flag.result.variant': 'on',
          'http.response.status_code': String(code),
        },
        startUs: 0,
        timeUs: (T0 + 1000) * 1000,
        noValue: false,
        value: code === 200 ? 9 : 1,
        count: 0,
        min: Number.NaN,
        max: Number.NaN,
      })),
    },
  ]);
  server = await startServer({
    port: 0,
    store,
    routes: [
      () => [
        { method: 'GET', path: '/api/things/:id', handle: ({ res, params }) => void res.end(`thing ${params.id}`) },
        {
          method: 'GET',
          path: '/api/boom',
          handle: () => {
            throw new Error('kaput');
          },
        },
        {
          method: 'GET',
          path: '/api/teapot',
          handle: () => {
            throw new HttpError(418, 'short and stout');
          },
        },
      ],
    ],
    middleware: [
      async (ctx, next) => {
        if (ctx.url.searchParams.get('deny') === '1' && !ctx.route.public) {
          ctx.res.writeHead(401).end('denied');
          return;
        }
        await next();
      },
    ],
  });
});
afterAll(async () => {
  await server.close();
  store.close();
});

describe('server', () => {
  it('listens on 127.0.0.1 on a free port and answers /healthz', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/healthz?deny=1`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('routes registered routes with params, runs middleware, and maps errors', async () => {
    expect(await (await fetch(`${server.url}/api/things/42`)).text()).toBe('thing 42');
    expect((await fetch(`${server.url}/api/things/42?deny=1`)).status).toBe(401);
    const boom = await fetch(`${server.url}/api/boom`);
    expect(boom.status).toBe(500);
    expect(await boom.json()).toEqual({ error: 'kaput' });
    expect((await fetch(`${server.url}/api/teapot`)).status).toBe(418);
    const missing = await fetch(`${server.url}/nope`);
    expect(missing.status).toBe(404);
    const wrong = await fetch(`${server.url}/healthz`, { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('serves /api/series with cohort, attribute and comparison filters', async () => {
    const base = `${server.url}/api/series?metric=reqs&flag=f&variant=on&from=${T0}&to=${T0 + 60_000}&step=1m`;
    const all = await (await fetch(base)).json();
    expect(all).toMatchObject({
      metric: 'reqs',
      kind: 'sum',
      series: 2,
      buckets: [{ start: T0, sum: 10, samples: 2 }],
    });
    const errors = (await (
      await fetch(`${base}&filter=${encodeURIComponent('http.response.status_code>=500')}`)
    ).json()) as Json;
    expect(errors.buckets[0].sum).toBe(1);
    const exact = (await (await fetch(`${base}&http.response.status_code=200`)).json()) as Json;
    expect(exact.buckets[0].sum).toBe(9);
    const bad = await fetch(`${server.url}/api/series?metric=reqs&step=soon`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).error).toMatch(/"step"/);
    expect((await fetch(`${server.url}/api/series`)).status).toBe(400);
  });

  it('serves /api/flags and /api/releases', async () => {
    const flags = (await (await fetch(`${server.url}/api/flags`)).json()) as Json;
    expect(flags.flags[0]).toMatchObject({ flag: 'f', variants: [{ variant: 'on' }] });
    const releases = (await (await fetch(`${server.url}/api/releases`)).json()) as Json;
    expect(releases.releases[0]).toMatchObject({ service: 'checkout', release: '1.0.0', points: 2 });
  });
});
