import { describe, expect, it } from 'vitest';
import type { MeasurementRequest } from '../../src/providers/metric-provider';
import { createDataDirProvider, createStoreProvider } from '../../src/providers/store/store-provider';
import { openStore } from '../../src/store/store';
import type { IngestMetric, IngestPoint } from '../../src/store/store-types';

const MIN = 60_000;
const NOW = Math.floor(Date.now() / MIN) * MIN;
const T0 = NOW - 10 * MIN;
const bounds = [0.1, 0.5];

function pt(minute: number, variant: string, status: number, f: Partial<IngestPoint>): IngestPoint {
  return {
    attributes: {
      'feature_flag.key': 'f',
      'feature_flag.result.variant': variant,
      'http.response.status_code': String(status),
    },
    startUs: 0,
    timeUs: (T0 + minute * MIN + 1000) * 1000,
    noValue: false,
    value: 0,
    count: 0,
    min: Number.NaN,
    max: Number.NaN,
    ...f,
  };
}

const base = {
  unit: 's',
  temporality: 'delta' as const,
  monotonic: false,
  scope: 's',
  resource: { 'service.name': 'checkout', 'service.version': '1' },
};
const store = openStore({ dataDir: ':memory:' });
store.ingest([
  {
    ...base,
    name: 'http.server.request.duration',
    kind: 'histogram',
    points: [
      pt(0, 'on', 200, { count: 4, value: 0.8, bounds, bucketCounts: [2, 2, 0] }),
      pt(0, 'on', 500, { count: 1, value: 0.9, bounds, bucketCounts: [0, 0, 1] }),
      pt(2, 'on', 200, { count: 2, value: 0.1, bounds, bucketCounts: [2, 0, 0] }),
      pt(0, 'off', 200, { count: 3, value: 0.3, bounds, bucketCounts: [3, 0, 0] }),
    ],
  },
  {
    ...base,
    name: 'app.active',
    kind: 'sum',
    temporality: 'cumulative',
    points: [pt(1, 'on', 200, { value: 3 }), pt(2, 'on', 200, { value: 5 })],
  },
] satisfies IngestMetric[]);
const provider = createStoreProvider(store);

const request = (r: Partial<MeasurementRequest>): MeasurementRequest => ({
  name: 'latency',
  shape: 'values',
  query: 'http.server.request.duration',
  cohort: { flag: 'f', variant: 'on' },
  window: { from: T0, to: NOW, step: MIN },
  ...r,
});

describe('store MetricProvider', () => {
  it('gives per-bucket means of a histogram (sum / count)', async () => {
    expect(await provider.measure(request({}))).toEqual({
      kind: 'values',
      timestamps: [T0, T0 + 2 * MIN],
      values: [(0.8 + 0.9) / 5, 0.05],
    });
  });

  it('zero-fills delta counts from first seen to now, and reads rates per second', async () => {
    const m = await provider.measure(request({ statistic: 'count' }));
    expect(m).toEqual({
      kind: 'values',
      timestamps: Array.from({ length: 10 }, (_, i) => T0 + i * MIN),
      values: [5, 0, 2, 0, 0, 0, 0, 0, 0, 0],
    });
    const rate = await provider.measure(request({ statistic: 'rate', window: { from: T0, to: T0 + MIN, step: MIN } }));
    expect(rate).toEqual({ kind: 'values', timestamps: [T0], values: [5 / 60] });
  });

  it('counts errors by an attribute filter over all requests', async () => {
    const m = await provider.measure(
      request({
        shape: 'counts',
        query: 'http.server.request.duration{http.response.status_code>=500}',
        denominatorQuery: 'http.server.request.duration',
        window: { from: T0, to: T0 + 3 * MIN, step: MIN },
      }),
    );
    expect(m).toEqual({
      kind: 'counts',
      timestamps: [T0, T0 + MIN, T0 + 2 * MIN],
      events: [1, 0, 0],
      trials: [5, 0, 2],
    });
  });

  it('aggregates histogram buckets over the window', async () => {
    const m = await provider.measure(request({ shape: 'histogram' }));
    expect(m).toMatchObject({ kind: 'histogram', bounds, counts: [4, 2, 1], count: 7 });
  });

  it('reads the last value of an up-down counter', async () => {
    const m = await provider.measure(
      request({ query: 'app.active', window: { from: T0, to: T0 + 3 * MIN, step: MIN } }),
    );
    expect(m).toEqual({ kind: 'values', timestamps: [T0 + MIN, T0 + 2 * MIN], values: [3, 5] });
  });

  it('returns nodata and error measurements instead of throwing', async () => {
    expect(await provider.measure(request({ cohort: { variant: 'missing' } }))).toMatchObject({ kind: 'nodata' });
    expect(await provider.measure(request({ query: 'x{bad filter}' }))).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/bad filter/),
    });
    expect(await provider.measure(request({ shape: 'counts' }))).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/denominator/),
    });
    expect(await provider.measure(request({ query: 'app.active', statistic: 'rate' }))).toMatchObject({
      kind: 'error',
    });
    const missing = createDataDirProvider('/nonexistent/aviary');
    expect(await missing.measure(request({}))).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/cannot open the store/),
    });
    missing.close();
  });
});
