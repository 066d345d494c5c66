import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/api/server';
import { createEngineHttpProvider } from '../../src/providers/engine-http/engine-http-provider';
import type { MeasurementRequest } from '../../src/providers/metric-provider';
import { createStoreProvider } from '../../src/providers/store/store-provider';
import { openStore } from '../../src/store/store';

const MIN = 60_000;
const NOW = Math.floor(Date.now() / MIN) * MIN;
const T0 = NOW - 5 * MIN;
const store = openStore({ dataDir: ':memory:' });
let server: RunningServer;

beforeAll(async () => {
  store.ingest([
    {
      name: 'reqs',
      unit: '1',
      kind: 'sum',
      temporality: 'delta',
      monotonic: true,
      scope: 's',
      resource: { 'service.name': 'checkout', 'service.version': '1' },
      points: [200, 503].map((code, i) => ({
        attributes: { 'feature_flag.key': 'f', 'feature_flag.result.variant': 'on', code: String(code) },
        startUs: 0,
        timeUs: (T0 + i * MIN + 5) * 1000,
        noValue: false,
        value: 10 + i,
        count: 0,
        min: Number.NaN,
        max: Number.NaN,
      })),
    },
  ]);
  server = await startServer({ port: 0, store });
});
afterAll(async () => {
  await server.close();
  store.close();
});

const requests: MeasurementRequest[] = [
  {
    name: 'r',
    shape: 'values',
    query: 'reqs',
    cohort: { flag: 'f', variant: 'on' },
    window: { from: T0, to: NOW, step: MIN },
  },
  {
    name: 'errors',
    shape: 'counts',
    query: 'reqs{code>=500}',
    denominatorQuery: 'reqs',
    cohort: { release: '1' },
    window: { from: T0, to: NOW, step: MIN },
  },
  {
    name: 'none',
    shape: 'values',
    query: 'reqs',
    cohort: { variant: 'zzz' },
    window: { from: T0, to: NOW, step: MIN },
  },
];

describe('engine-http MetricProvider', () => {
  it('measures exactly what the in-process store provider measures', async () => {
    const http = createEngineHttpProvider({ url: `${server.url}/` });
    const local = createStoreProvider(store);
    for (const r of requests) expect(await http.measure(r)).toEqual(await local.measure(r));
    expect(await http.measure(requests[1] as MeasurementRequest)).toMatchObject({
      kind: 'counts',
      events: [0, 11, 0, 0, 0],
      trials: [10, 11, 0, 0, 0],
    });
  });

  it('turns HTTP and network failures into error measurements', async () => {
    const r = requests[0] as MeasurementRequest;
    const bad = createEngineHttpProvider({ url: `${server.url}/nothing-here` });
    expect(await bad.measure(r)).toMatchObject({ kind: 'error', message: expect.stringMatching(/404/) });
    const down = createEngineHttpProvider({ url: 'http://127.0.0.1:1', timeoutMs: 2000 });
    expect(await down.measure(r)).toMatchObject({ kind: 'error', message: expect.stringMatching(/unreachable/) });
  });
});
