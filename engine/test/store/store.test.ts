import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { cumulativeToDelta } from '../../src/store/cumulative-to-delta';
import { openStore, type Store } from '../../src/store/store';
import type { IngestMetric, IngestPoint } from '../../src/store/store-types';

const T0 = 1_700_000_000_000; // ms
const resource = { 'service.name': 'checkout', 'service.version': '2.4.1', 'deployment.environment.name': 'prod' };

function point(timeMs: number, fields: Partial<IngestPoint> = {}): IngestPoint {
  return {
    attributes: { 'feature_flag.key': 'new-checkout', 'feature_flag.result.variant': 'on' },
    startUs: 0,
    timeUs: timeMs * 1000,
    noValue: false,
    value: 0,
    count: 0,
    min: Number.NaN,
    max: Number.NaN,
    ...fields,
  };
}

function metric(fields: Partial<IngestMetric>): IngestMetric {
  return {
    name: 'm',
    unit: '1',
    kind: 'sum',
    temporality: 'delta',
    monotonic: true,
    scope: 's',
    resource,
    points: [],
    ...fields,
  };
}

const window = { from: T0, to: T0 + 60_000, step: 10_000 };
let stores: Store[] = [];
const dirs: string[] = [];
function tempStore(dir = mkdtempSync(join(tmpdir(), 'aviary-store-'))): Store {
  dirs.push(dir);
  const store = openStore({ dataDir: dir });
  stores.push(store);
  return store;
}
afterEach(() => {
  for (const s of stores) s.close();
  stores = [];
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('Store', () => {
  it('sums delta counters per bucket and filters by cohort', () => {
    const store = tempStore();
    const off = { 'feature_flag.key': 'new-checkout', 'feature_flag.result.variant': 'off' };
    const result = store.ingest([
      metric({
        points: [
          point(T0 + 1000, { value: 3 }),
          point(T0 + 5000, { value: 4 }),
          point(T0 + 25_000, { value: 10 }),
          point(T0 + 1000, { value: 100, attributes: off }),
        ],
      }),
    ]);
    expect(result).toEqual({ accepted: 4, rejected: 0, messages: [] });
    const on = store.query({ metric: 'm', cohort: { flag: 'new-checkout', variant: 'on' }, window });
    expect(on.series).toBe(1);
    expect(on.buckets.map((b) => [b.start, b.sum, b.samples])).toEqual([
      [T0, 7, 2],
      [T0 + 20_000, 10, 1],
    ]);
    const all = store.query({ metric: 'm', cohort: { service: 'checkout', release: '2.4.1', env: 'prod' }, window });
    expect(all.series).toBe(2);
    expect(all.buckets[0]?.sum).toBe(107);
  });

  it('converts cumulative counters to deltas with reset detection, and resumes after reopening', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aviary-store-'));
    const store = tempStore(dir);
    const start = (T0 - 1000) * 1000;
    const cumulative = (points: IngestPoint[]) => metric({ temporality: 'cumulative', points });
    store.ingest([
      cumulative([point(T0 + 1000, { startUs: start, value: 5 }), point(T0 + 11_000, { startUs: start, value: 8 })]),
    ]);
    store.close();
    stores = [];
    const reopened = tempStore(dir);
    const r = reopened.ingest([
      cumulative([
        point(T0 + 21_000, { startUs: start, value: 12 }), // +4
        point(T0 + 21_000, { startUs: start, value: 12 }), // re-sent: ignored
        point(T0 + 31_000, { startUs: start, value: 2 }), // decrease: reset, +2
        point(T0 + 41_000, { startUs: (T0 + 35_000) * 1000, value: 6 }), // new start: reset, +6
        point(T0 + 5000, { startUs: start, value: 1 }), // older than the last: rejected
      ]),
    ]);
    expect(r.accepted).toBe(4);
    expect(r.rejected).toBe(1);
    expect(r.messages[0]).toMatch(/older than the last/);
    const q = reopened.query({ metric: 'm', cohort: {}, window });
    expect(q.buckets.map((b) => b.sum)).toEqual([5, 3, 4, 2, 6]);
  });

  it('aggregates histogram buckets and converts cumulative histograms', () => {
    const store = tempStore();
    const bounds = [0.1, 0.5];
    const start = (T0 - 1000) * 1000;
    store.ingest([
      metric({
        name: 'lat',
        kind: 'histogram',
        temporality: 'cumulative',
        points: [
          point(T0 + 1000, { startUs: start, count: 3, value: 0.6, bounds, bucketCounts: [1, 1, 1] }),
          point(T0 + 2000, { startUs: start, count: 5, value: 1.0, bounds, bucketCounts: [2, 2, 1] }),
        ],
      }),
      metric({
        name: 'lat',
        kind: 'histogram',
        temporality: 'delta',
        resource: { ...resource, 'service.instance.id': 'b' },
        points: [point(T0 + 3000, { count: 2, value: 0.2, min: 0.05, max: 0.15, bounds, bucketCounts: [1, 1, 0] })],
      }),
    ]);
    const q = store.query({ metric: 'lat', cohort: { release: '2.4.1' }, window });
    expect(q.bounds).toEqual(bounds);
    expect(q.buckets).toHaveLength(1);
    const b = q.buckets[0];
    expect(b?.count).toBe(7);
    expect(b?.sum).toBeCloseTo(1.2);
    expect(b?.buckets).toEqual([3, 3, 1]);
    expect([b?.min, b?.max]).toEqual([0.05, 0.15]);
  });

  it('resumes cumulative histograms after reopening and resets when the bucket bounds change', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aviary-store-'));
    const start = (T0 - 1000) * 1000;
    const bounds = [0.005, 0.1, 2.5];
    const hist = (timeMs: number, counts: number[], b: number[] = bounds) =>
      metric({
        name: 'lat',
        kind: 'histogram',
        temporality: 'cumulative',
        points: [
          point(timeMs, {
            startUs: start,
            count: counts.reduce((x, y) => x + y, 0),
            value: 1,
            bounds: b,
            bucketCounts: counts,
          }),
        ],
      });
    const store = tempStore(dir);
    store.ingest([hist(T0 + 1000, [1, 2, 0, 0])]);
    store.close();
    stores = [];
    const reopened = tempStore(dir);
    // Equal bounds in a new array after the reopen: a continuation, not a reset.
    reopened.ingest([hist(T0 + 11_000, [2, 4, 1, 0], [...bounds])]);
    // Other bounds: a reset, the point's own counts are the delta.
    reopened.ingest([hist(T0 + 21_000, [3, 0, 0], [0.5, 1])]);
    const q = reopened.query({ metric: 'lat', cohort: {}, window });
    expect(q.buckets.map((b) => b.count)).toEqual([3, 4, 3]);
    expect(q.buckets[1]?.buckets).toEqual([1, 2, 1, 0]);
  });

  it('keeps exact point counts when a write fails mid-transaction, and takes the export again after', () => {
    const store = tempStore();
    store.ingest([metric({ points: [point(T0, { value: 1 })] })]);
    const failing = [metric({ points: [point(T0 + 10_000, { value: 2 }), point(T0 + 20_000, { value: 3 })] })];
    // The chunk insert fails after the points were counted: the transaction rolls back.
    store.db.exec(
      `CREATE TEMP TRIGGER refuse BEFORE INSERT ON chunks BEGIN SELECT RAISE(ABORT, 'disk is full (test)'); END`,
    );
    expect(() => store.ingest(failing)).toThrow(/disk is full/);
    store.db.exec('DROP TRIGGER refuse');
    expect(store.releases()[0]).toMatchObject({ points: 1, lastSeen: T0 });
    expect(store.ingest(failing)).toMatchObject({ accepted: 2, rejected: 0 });
    expect(store.releases()[0]).toMatchObject({ points: 3, firstSeen: T0, lastSeen: T0 + 20_000 });
    expect(store.query({ metric: 'm', cohort: {}, window }).buckets.map((b) => b.sum)).toEqual([1, 2, 3]);
  });

  it('keeps gauges and up-down counters as levels with `last` per series', () => {
    const store = tempStore();
    store.ingest([
      metric({
        name: 'g',
        kind: 'gauge',
        temporality: 'none',
        points: [point(T0 + 1000, { value: 2 }), point(T0 + 2000, { value: 4 })],
      }),
      metric({
        name: 'g',
        kind: 'gauge',
        temporality: 'none',
        resource: { ...resource, 'service.instance.id': 'b' },
        points: [point(T0 + 1500, { value: 10 })],
      }),
    ]);
    const b = store.query({ metric: 'g', cohort: {}, window }).buckets[0];
    expect(b).toMatchObject({ samples: 3, sum: 16, count: 3, min: 2, max: 10, last: 14 });
  });

  it('refuses new series past the cardinality cap with a reason, keeping existing ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aviary-store-'));
    dirs.push(dir);
    const store = openStore({ dataDir: dir, maxSeriesPerMetric: 2 });
    stores.push(store);
    const points = [1, 2, 3, 1].map((i) => point(T0 + i * 10, { value: 1, attributes: { user: String(i) } }));
    const r = store.ingest([metric({ points })]);
    expect(r.accepted).toBe(3);
    expect(r.rejected).toBe(1);
    expect(r.messages[0]).toMatch(/cap of 2 series/);
  });

  it('filters by attribute comparisons', () => {
    const store = tempStore();
    const codes = [200, 404, 500, 503];
    store.ingest([
      metric({
        points: codes.map((c) =>
          point(T0 + 1000, { value: c, attributes: { 'http.response.status_code': String(c) } }),
        ),
      }),
    ]);
    const q = store.query({
      metric: 'm',
      cohort: {},
      window,
      filters: [{ key: 'http.response.status_code', op: '>=', value: '500' }],
    });
    expect(q.series).toBe(2);
    expect(q.buckets[0]?.sum).toBe(1003);
  });

  it('lists flags and releases, and prunes old points', () => {
    const store = tempStore();
    store.ingest([
      metric({ name: 'feature_flag.evaluation_success_total', points: [point(T0 + 1000, { value: 7 })] }),
      metric({
        name: 'other',
        points: [
          point(T0 + 2000, {
            value: 1,
            attributes: { 'feature_flag.key': 'new-checkout', 'feature_flag.result.variant': 'off' },
          }),
        ],
      }),
    ]);
    const flags = store.flags();
    expect(flags).toEqual([
      {
        flag: 'new-checkout',
        services: ['checkout'],
        variants: [
          { variant: 'off', evaluations: 0, firstSeen: T0 + 2000, lastSeen: T0 + 2000 },
          { variant: 'on', evaluations: 7, firstSeen: T0 + 1000, lastSeen: T0 + 1000 },
        ],
        requests: 0,
        errors: 0,
        firstSeen: T0 + 1000,
        lastSeen: T0 + 2000,
      },
    ]);
    expect(store.releases()).toEqual([
      {
        service: 'checkout',
        release: '2.4.1',
        envs: ['prod'],
        firstSeen: T0 + 1000,
        lastSeen: T0 + 2000,
        points: 2,
        series: 2,
      },
    ]);
    expect(store.prune(T0 + 1500)).toBe(1);
    expect(store.releases()[0]?.points).toBe(1);
  });

  it('files points by their attribute objects when an export reorders or reuses them (position cache)', () => {
    const store = tempStore();
    const on = Object.freeze({ 'feature_flag.key': 'new-checkout', 'feature_flag.result.variant': 'on' });
    const off = Object.freeze({ 'feature_flag.key': 'new-checkout', 'feature_flag.result.variant': 'off' });
    const sum = (variant: string) =>
      store.query({ metric: 'm', cohort: { flag: 'new-checkout', variant }, window }).buckets.map((b) => b.sum);
    // The same objects in swapped positions, then a new position, then an unfrozen object (never cached by identity).
    store.ingest([
      metric({
        points: [point(T0 + 1000, { value: 1, attributes: on }), point(T0 + 1000, { value: 10, attributes: off })],
      }),
    ]);
    store.ingest([
      metric({
        points: [point(T0 + 11_000, { value: 20, attributes: off }), point(T0 + 11_000, { value: 2, attributes: on })],
      }),
    ]);
    store.ingest([
      metric({
        points: [point(T0 + 21_000, { value: 30, attributes: off }), point(T0 + 21_000, { value: 3, attributes: off })],
      }),
    ]);
    const mutable: Record<string, string> = { ...on };
    store.ingest([metric({ points: [point(T0 + 31_000, { value: 4, attributes: mutable })] })]);
    mutable['feature_flag.result.variant'] = 'off';
    store.ingest([metric({ points: [point(T0 + 41_000, { value: 40, attributes: mutable })] })]);
    expect(sum('on')).toEqual([1, 2, 4]);
    // Two points of one series at the same time: the second is taken as a re-send.
    expect(sum('off')).toEqual([10, 20, 30, 40]);
  });

  it('files the same increases as cumulativeToDelta for random cumulative histogram streams (fast-check)', () => {
    const bounds = [0.1, 0.5];
    const step = fc.record({
      restart: fc.boolean(), // a new start time
      counts: fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 3, maxLength: 3 }),
      sum: fc.double({ min: 0, max: 100, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        const store = tempStore();
        let startMs = T0 - 1000;
        const points: IngestPoint[] = steps.map((s, i) => {
          if (s.restart) startMs = T0 + i * 10_000;
          const count = s.counts.reduce((a, b) => a + b, 0);
          return point(T0 + i * 10_000 + 5000, {
            startUs: startMs * 1000,
            count,
            value: s.sum,
            bounds,
            bucketCounts: s.counts,
          });
        });
        store.ingest([metric({ name: 'lat', kind: 'histogram', temporality: 'cumulative', points })]);
        // The reference: each point against the one before it, as a kept state.
        const stateOf = (p: IngestPoint | undefined) =>
          p && {
            startUs: p.startUs,
            value: p.value,
            count: p.count,
            bounds: p.bounds,
            buckets: p.bucketCounts,
          };
        const expected = points.map((p, i) => cumulativeToDelta('histogram', stateOf(points[i - 1]), p));
        const q = store.query({ metric: 'lat', cohort: {}, window: { from: T0, to: T0 + 120_000, step: 10_000 } });
        const got = new Map(q.buckets.map((b) => [b.start, b]));
        for (const [i, d] of expected.entries()) {
          const b = got.get(T0 + i * 10_000);
          expect([b?.count, b?.buckets]).toEqual([d.count, d.buckets]);
          expect(b?.sum).toBeCloseTo(d.value, 9);
        }
      }),
      { numRuns: 100 },
    );
  });
});
