import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChunkPoint, ChunkWriter, readChunk } from '../../src/store/point-chunk';
import { openStore } from '../../src/store/store';

/** What a chunk held, with the reused views copied. */
function readAll(blob: Uint8Array): ChunkPoint[] {
  const out: ChunkPoint[] = [];
  readChunk(blob, (p) => out.push({ ...p, buckets: Array.from(p.buckets), raw: Array.from(p.raw) }));
  return out;
}

/** A chunk in format 1 (the float64 records that stores written before format 2 hold). */
function formatOne(points: ChunkPoint[]): Buffer {
  const values: number[] = [];
  for (const p of points) {
    values.push(p.series, p.t, p.start, p.value, p.count, p.min, p.max, p.layout, p.buckets.length);
    values.push(...Array.from(p.buckets), p.raw.length, ...Array.from(p.raw));
  }
  return Buffer.from(Float64Array.from(values).buffer);
}

const anyNumber = fc.oneof(
  fc.double(),
  fc.integer({ min: -(2 ** 28) - 2, max: 2 ** 28 + 2 }),
  fc.constantFrom(0, -0, 2 ** 28, -(2 ** 28), 2 ** 28 - 1, 1 - 2 ** 28, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);

const anyPoint: fc.Arbitrary<ChunkPoint> = fc.record({
  series: fc.integer({ min: 1, max: 2 ** 40 }),
  t: fc.integer({ min: 1, max: 2 ** 52 }),
  start: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 ** 52 })),
  value: anyNumber,
  count: anyNumber,
  min: anyNumber,
  max: anyNumber,
  layout: fc.oneof(fc.constant(Number.NaN), fc.integer({ min: 1, max: 1000 })),
  buckets: fc.array(anyNumber, { maxLength: 200 }),
  raw: fc.array(anyNumber, { maxLength: 20 }),
});

describe('point chunks', () => {
  it('round-trip every number exactly, NaN, -0 and infinities included (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(anyPoint, { minLength: 1, maxLength: 40 }), (points) => {
        const writer = new ChunkWriter();
        for (const p of points) writer.push(p);
        expect(writer.count).toBe(points.length);
        expect(writer.tMin).toBe(Math.min(...points.map((p) => p.t)));
        expect(writer.tMax).toBe(Math.max(...points.map((p) => p.t)));
        // toEqual treats NaN as equal to NaN and tells 0 from -0 (Object.is).
        expect(readAll(writer.toBuffer())).toEqual(points);
      }),
      { numRuns: 300 },
    );
  });

  it('write the same bytes after reset as a new writer, and a cumulative record as its raw array (fast-check)', () => {
    const reused = new ChunkWriter();
    fc.assert(
      fc.property(fc.array(anyPoint, { minLength: 1, maxLength: 20 }), (points) => {
        reused.reset();
        const fresh = new ChunkWriter();
        const parts = new ChunkWriter();
        for (const p of points) {
          reused.push(p);
          fresh.push(p);
          const raw = Array.from(p.raw);
          // A cumulative record: no min/max, raw = [value, count, ...buckets].
          const asRaw = { ...p, min: Number.NaN, max: Number.NaN, raw: [raw[0] ?? 0, raw[1] ?? 0, ...raw.slice(2)] };
          parts.pushRecord(
            p.series,
            p.t,
            p.start,
            p.value,
            p.count,
            Number.NaN,
            Number.NaN,
            p.layout,
            p.buckets,
            raw.length < 2 ? 2 : raw.length,
          );
          parts.pushRawNumber(raw[0] ?? 0);
          parts.pushRawNumber(raw[1] ?? 0);
          parts.pushRaw(raw.slice(2));
          expect(readAll(parts.toBuffer()).at(-1)).toEqual({ ...asRaw, buckets: Array.from(p.buckets) });
        }
        expect(Buffer.compare(reused.toBuffer(), fresh.toBuffer())).toBe(0);
        expect([reused.count, reused.tMin, reused.tMax]).toEqual([fresh.count, fresh.tMin, fresh.tMax]);
      }),
      { numRuns: 200 },
    );
  });

  it('step over the points of unwanted series and give the wanted ones exactly, in both formats (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(anyPoint, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 2, max: 5 }),
        (points, mod) => {
          const writer = new ChunkWriter();
          for (const p of points) writer.push(p);
          const wanted = (series: number) => series % mod === 0;
          for (const blob of [writer.toBuffer(), formatOne(points)]) {
            const out: ChunkPoint[] = [];
            readChunk(blob, (p) => out.push({ ...p, buckets: Array.from(p.buckets), raw: Array.from(p.raw) }), wanted);
            expect(out).toEqual(points.filter((p) => wanted(p.series)));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('still read chunks of format 1 written by earlier versions (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(anyPoint, { minLength: 1, maxLength: 20 }), (points) => {
        expect(readAll(formatOne(points))).toEqual(points);
      }),
      { numRuns: 200 },
    );
  });

  it('packs an OTLP histogram export in under a third of the float64 bytes', () => {
    const points: ChunkPoint[] = Array.from({ length: 1000 }, (_, i) => ({
      series: 100 + i,
      t: 1_700_000_000_000_000,
      start: 1_699_999_990_000_000,
      value: 0.125 * i,
      count: 30 + (i % 7),
      min: 0.001,
      max: 12,
      layout: 3,
      buckets: Array.from({ length: 15 }, (_, b) => (i + b) % 4),
      raw: [],
    }));
    const writer = new ChunkWriter();
    for (const p of points) writer.push(p);
    const compact = writer.toBuffer().length;
    const float64 = formatOne(points).length;
    expect(compact * 3).toBeLessThan(float64);
    expect(readAll(writer.toBuffer())).toEqual(points);
  });

  it('a store keeps answering from chunks of both formats in one data dir', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aviary-chunk-'));
    const store = openStore({ dataDir: dir });
    try {
      const T0 = 1_700_000_000_000;
      const resource = { 'service.name': 'checkout', 'service.version': '1.0.0' };
      const at = (ms: number, value: number) => ({
        attributes: { route: '/pay' },
        startUs: 0,
        timeUs: ms * 1000,
        noValue: false,
        value,
        count: 0,
        min: Number.NaN,
        max: Number.NaN,
      });
      const metric = (ms: number, value: number) => ({
        name: 'orders',
        unit: '1',
        kind: 'sum' as const,
        temporality: 'delta' as const,
        monotonic: true,
        scope: 's',
        resource,
        points: [at(ms, value)],
      });
      store.ingest([metric(T0, 5)]);
      // An older version's chunk for the same series, as it would sit in an upgraded data dir.
      const row = store.db.prepare('SELECT metric_id AS metricId, data FROM chunks').get() as {
        metricId: number;
        data: Buffer;
      };
      const [written] = readAll(row.data);
      expect(row.data[0]).toBe(2);
      const old = formatOne([{ ...(written as ChunkPoint), t: (T0 + 10_000) * 1000, value: 7 }]);
      const t = (T0 + 10_000) * 1000;
      store.db
        .prepare('INSERT INTO chunks (metric_id, t_min, t_max, n, data) VALUES (?, ?, ?, 1, ?)')
        .run(row.metricId, t, t, old);
      const q = store.query({
        metric: 'orders',
        cohort: { release: '1.0.0' },
        window: { from: T0, to: T0 + 20_000, step: 10_000 },
      });
      expect(q.buckets.map((b) => b.sum)).toEqual([5, 7]);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
