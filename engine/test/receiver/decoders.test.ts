import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/receiver/decode-error';
import { decodeMetricsJson } from '../../src/receiver/decode-json';
import { decodeMetricsProtobuf } from '../../src/receiver/decode-protobuf';
import { syntheticExport, toJson, toProtobuf } from './otlp-payloads';
import { ExportRequest, oracleDecode, oracleEncode } from './protobufjs-oracle';

// biome-ignore lint/suspicious/noExplicitAny: protobufjs plain objects are untyped
type Obj = any;

const ALL = ['counter', 'histogram', 'gauge', 'exponential'] as const;

/** Decoding either succeeds or raises a DecodeError: nothing else may escape. */
function decodesOrRejects(decode: () => unknown): boolean {
  try {
    decode();
    return true;
  } catch (error) {
    if (error instanceof DecodeError) return true;
    throw error;
  }
}

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String);
const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
const count53 = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const dbl = fc.double().map((d) => (Object.is(d, -0) ? 0 : d));

const anyValue: fc.Arbitrary<Obj> = fc.letrec<{ value: Obj }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    fc.record({ stringValue: fc.string() }),
    fc.record({ boolValue: fc.boolean() }),
    fc.record({ intValue: i64 }),
    fc.record({ doubleValue: dbl }),
    fc.record({ bytesValue: fc.uint8Array({ maxLength: 6 }) }),
    fc.record({ arrayValue: fc.record({ values: fc.array(tie('value'), { maxLength: 3 }) }) }),
    fc.record({
      kvlistValue: fc.record({
        values: fc.array(fc.record({ key: fc.string({ maxLength: 4 }), value: tie('value') }), { maxLength: 3 }),
      }),
    }),
  ),
})).value;

const attributes = fc.array(
  fc.record({ key: fc.constantFrom('a', 'b', 'feature_flag.key', 'service.version', ''), value: anyValue }),
  {
    maxLength: 4,
  },
);
const common = { attributes, startTimeUnixNano: u64, timeUnixNano: u64, flags: fc.nat(3) };
const numberPoint = fc
  .tuple(fc.record(common), fc.oneof(fc.record({ asDouble: dbl }), fc.record({ asInt: i64 }), fc.constant({})))
  .map(([a, b]) => ({ ...a, ...b }));
const histogramPoint = fc.record(
  {
    ...common,
    count: u64,
    sum: dbl,
    bucketCounts: fc.array(u64, { maxLength: 4 }),
    explicitBounds: fc.array(dbl, { maxLength: 3 }),
    min: dbl,
    max: dbl,
  },
  { requiredKeys: ['attributes', 'timeUnixNano'] },
);
const buckets = fc.record({
  offset: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  bucketCounts: fc.array(count53, { maxLength: 4 }),
});
const exponentialPoint = fc.record(
  {
    ...common,
    count: u64,
    sum: dbl,
    scale: fc.integer({ min: -10, max: 20 }),
    zeroCount: u64,
    positive: buckets,
    negative: buckets,
    min: dbl,
    max: dbl,
    zeroThreshold: dbl,
  },
  { requiredKeys: ['attributes', 'timeUnixNano'] },
);
const summaryPoint = fc.record({
  ...common,
  count: u64,
  sum: dbl,
  quantileValues: fc.array(fc.record({ quantile: dbl, value: dbl }), { maxLength: 3 }),
});
const temporality = fc.integer({ min: 0, max: 3 });
const data = fc.oneof(
  fc.record({ gauge: fc.record({ dataPoints: fc.array(numberPoint, { maxLength: 3 }) }) }),
  fc.record({
    sum: fc.record({
      dataPoints: fc.array(numberPoint, { maxLength: 3 }),
      aggregationTemporality: temporality,
      isMonotonic: fc.boolean(),
    }),
  }),
  fc.record({
    histogram: fc.record({
      dataPoints: fc.array(histogramPoint, { maxLength: 3 }),
      aggregationTemporality: temporality,
    }),
  }),
  fc.record({
    exponentialHistogram: fc.record({
      dataPoints: fc.array(exponentialPoint, { maxLength: 3 }),
      aggregationTemporality: temporality,
    }),
  }),
  fc.record({ summary: fc.record({ dataPoints: fc.array(summaryPoint, { maxLength: 3 }) }) }),
  fc.constant({}),
);
const metric = fc
  .tuple(
    fc.record({
      name: fc.string({ maxLength: 8 }),
      description: fc.string({ maxLength: 4 }),
      unit: fc.string({ maxLength: 3 }),
    }),
    data,
  )
  .map(([m, d]) => ({ ...m, ...d }));
/** Any ExportMetricsServiceRequest, as a protobufjs `fromObject` object. */
const exportRequest = fc.record({
  resourceMetrics: fc.array(
    fc.record({
      resource: fc.record({ attributes }),
      scopeMetrics: fc.array(
        fc.record({
          scope: fc.record({ name: fc.string({ maxLength: 5 }), version: fc.string({ maxLength: 3 }) }),
          metrics: fc.array(metric, { maxLength: 3 }),
        }),
        { maxLength: 2 },
      ),
      schemaUrl: fc.string({ maxLength: 3 }),
    }),
    { maxLength: 2 },
  ),
});

describe('protobuf decoder', () => {
  it('matches protobufjs (official .proto files) on SDK-serialized payloads of every instrument kind', () => {
    for (const temporality of ['delta', 'cumulative'] as const) {
      const bytes = toProtobuf(
        syntheticExport({ series: 50, timeMs: 1_795_000_000_123, temporality, instruments: [...ALL] }),
      );
      const ours = decodeMetricsProtobuf(bytes);
      expect(ours.metrics.map((m) => [m.kind, m.points.length])).toEqual([
        ['sum', 50],
        ['histogram', 50],
        ['gauge', 50],
        ['exponential_histogram', 50],
      ]);
      expect(ours.metrics).toEqual(oracleDecode(bytes).metrics);
    }
  });

  it('round-trips any ExportMetricsServiceRequest encoded by protobufjs (fast-check)', () => {
    fc.assert(
      fc.property(exportRequest, (request) => {
        const bytes = Buffer.from(oracleEncode(request));
        const ours = decodeMetricsProtobuf(bytes);
        const oracle = oracleDecode(bytes);
        return isDeepStrictEqual(ours.metrics, oracle.metrics) && ours.invalid === oracle.invalid;
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips SDK-serialized payloads of any size, values and attributes (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom<'delta' | 'cumulative'>('delta', 'cumulative'),
        fc.dictionary(
          fc.string({ minLength: 1, maxLength: 6 }),
          fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.double({ noNaN: true, min: -1e18, max: 1e18 })),
        ),
        fc.integer({ min: 0, max: 1_000_000 }),
        (series, temporality, extra, value) => {
          const rm = syntheticExport({
            series,
            timeMs: 1_795_000_000_000,
            temporality,
            extra,
            counterValue: (i) => value + i,
            instruments: [...ALL],
          });
          const bytes = toProtobuf(rm);
          const ours = decodeMetricsProtobuf(bytes);
          const sum = ours.metrics[0]?.points.reduce((s, p) => s + p.value, 0);
          return (
            isDeepStrictEqual(ours.metrics, oracleDecode(bytes).metrics) &&
            isDeepStrictEqual(ours, decodeMetricsJson(toJson(rm))) &&
            sum === series * value + (series * (series - 1)) / 2
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('never lets anything but a DecodeError escape on random bytes, truncations and bit flips (fast-check)', () => {
    const valid = toProtobuf(syntheticExport({ series: 3, timeMs: 1_795_000_000_000, instruments: [...ALL] }));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) =>
        decodesOrRejects(() => decodeMetricsProtobuf(Buffer.from(bytes))),
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: valid.length - 1 }), (cut) => {
        const prefix = valid.subarray(0, cut);
        let ours: unknown;
        try {
          ours = decodeMetricsProtobuf(prefix).metrics;
        } catch (error) {
          if (!(error instanceof DecodeError)) throw error;
          return true;
        }
        let oracle: unknown;
        try {
          oracle = oracleDecode(prefix).metrics;
        } catch {
          return true;
        }
        return isDeepStrictEqual(ours, oracle);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: valid.length * 8 - 1 }), (bit) => {
        const copy = Buffer.from(valid);
        copy[bit >> 3] = (copy[bit >> 3] ?? 0) ^ (1 << (bit & 7));
        return decodesOrRejects(() => decodeMetricsProtobuf(copy));
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects malformed input with the byte offset and what was wrong', () => {
    const valid = toProtobuf(syntheticExport({ series: 2, timeMs: 1_795_000_000_000 }));
    expect(() => decodeMetricsProtobuf(valid.subarray(0, valid.length - 3))).toThrow(
      /invalid protobuf at byte \d+: (truncated|length \d+ runs past)/,
    );
    expect(() =>
      decodeMetricsProtobuf(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])),
    ).toThrow(/varint longer than 10 bytes/);
    expect(() => decodeMetricsProtobuf(Buffer.from([0x13]))).toThrow(/unsupported wire type 3/);
    expect(() => decodeMetricsProtobuf(Buffer.from([0x08, 0x01]))).toThrow(
      /field ExportMetricsServiceRequest.resource_metrics has wire type 0/,
    );
  });

  it('skips unknown fields and keeps summaries, negative ints and flags', () => {
    const bytes = oracleEncode({
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 's',
                  summary: {
                    dataPoints: [
                      { timeUnixNano: '5000', count: '3', sum: 1.5, quantileValues: [{ quantile: 0.5, value: 0.4 }] },
                    ],
                  },
                },
                {
                  name: 'g',
                  gauge: {
                    dataPoints: [
                      {
                        timeUnixNano: '5000',
                        asInt: '-7',
                        flags: 1,
                        attributes: [{ key: 'n', value: { intValue: '-9007199254740993' } }],
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    const withUnknown = Buffer.concat([
      Buffer.from([0xa2, 0x06, 0x02, 0x01, 0x02]),
      Buffer.from(bytes),
      Buffer.from([0xf8, 0x07, 0x05]),
    ]);
    const decoded = decodeMetricsProtobuf(withUnknown);
    expect(decoded.metrics[0]?.points[0]).toMatchObject({ count: 3, value: 1.5, quantiles: [[0.5, 0.4]], timeUs: 5 });
    expect(decoded.metrics[1]?.points[0]).toMatchObject({
      value: -7,
      noValue: true,
      attributes: { n: '-9007199254740993' },
    });
    expect(ExportRequest.verify({})).toBeNull();
  });
});

/** A one-gauge-point request whose data point bytes are written by `point` (for field layouts SDKs never use). */
function gaugeRequest(point: (w: protobuf.Writer) => void): Buffer {
  return gaugePoints([point]);
}

/** A request of one gauge whose data points' bytes are written by `points`, in order. */
function gaugePoints(points: Array<(w: protobuf.Writer) => void>): Buffer {
  const w = protobuf.Writer.create();
  w.uint32(10).fork(); // resource_metrics
  w.uint32(18).fork(); // scope_metrics
  w.uint32(18).fork(); // metrics
  w.uint32(10).string('g');
  w.uint32(42).fork(); // gauge
  for (const point of points) {
    w.uint32(10).fork(); // data_points
    point(w);
    w.ldelim();
  }
  w.ldelim().ldelim().ldelim().ldelim();
  return Buffer.from(w.finish());
}

/** A `KeyValue` with a string value as NumberDataPoint.attributes (field 7). */
function attribute(w: protobuf.Writer, key: string, value: string): void {
  w.uint32(58).fork().uint32(10).string(key).uint32(18).fork().uint32(10).string(value).ldelim().ldelim();
}

describe('protobuf decoder attribute sets', () => {
  it('shares one frozen object per distinct attribute set across exports', () => {
    const a = toProtobuf(syntheticExport({ series: 20, timeMs: 1_700_000_000_000 }));
    const b = toProtobuf(syntheticExport({ series: 20, timeMs: 1_700_000_060_000 }));
    const first = decodeMetricsProtobuf(a).metrics;
    const second = decodeMetricsProtobuf(b).metrics;
    const attrs = (ms: typeof first) => ms.flatMap((m) => m.points.map((p) => p.attributes));
    const [x, y] = [attrs(first), attrs(second)];
    expect(x).toHaveLength(40);
    for (const [i, set] of x.entries()) {
      expect(Object.isFrozen(set)).toBe(true);
      expect(y[i]).toBe(set); // same object, not only equal
    }
    // The counter and the histogram of one series carry equal sets (cached per field tag); series differ.
    expect(x[0]).toEqual(x[20]);
    expect(new Set(x.map((set) => JSON.stringify(set))).size).toBe(20);
    expect(x[3]).toEqual({
      'http.request.method': 'POST',
      'http.route': '/api/route-3',
      'http.response.status_code': '200',
      'feature_flag.key': 'new-checkout',
      'feature_flag.result.variant': 'off',
      'series.index': '3',
    });
  });

  it('merges attributes split around other fields, later keys winning, without touching the shared set', () => {
    const split = gaugeRequest((w) => {
      attribute(w, 'a', '1');
      attribute(w, 'b', '2');
      w.uint32(25).fixed64(5000); // time_unix_nano
      w.uint32(33).double(1.5); // as_double
      attribute(w, 'a', '3');
      attribute(w, 'c', '4');
    });
    const plain = gaugeRequest((w) => {
      attribute(w, 'a', '1');
      attribute(w, 'b', '2');
      w.uint32(25).fixed64(5000);
      w.uint32(33).double(2.5);
    });
    const before = decodeMetricsProtobuf(plain).metrics[0]?.points[0];
    const merged = decodeMetricsProtobuf(split).metrics[0]?.points[0];
    const after = decodeMetricsProtobuf(plain).metrics[0]?.points[0];
    expect(merged).toMatchObject({ attributes: { a: '3', b: '2', c: '4' }, value: 1.5, timeUs: 5 });
    expect(after?.attributes).toBe(before?.attributes);
    expect(after?.attributes).toEqual({ a: '1', b: '2' });
    expect(decodeMetricsProtobuf(split).metrics[0]?.points[0]?.attributes).toEqual({ a: '3', b: '2', c: '4' });
  });

  it('tells apart sets that differ in one byte and points without attributes', () => {
    const one = gaugeRequest((w) => {
      attribute(w, 'route', '/pay');
      w.uint32(25).fixed64(5000);
    });
    const other = gaugeRequest((w) => {
      attribute(w, 'route', '/paz');
      w.uint32(25).fixed64(5000);
    });
    const none = gaugeRequest((w) => {
      w.uint32(25).fixed64(5000);
    });
    expect(decodeMetricsProtobuf(one).metrics[0]?.points[0]?.attributes).toEqual({ route: '/pay' });
    expect(decodeMetricsProtobuf(other).metrics[0]?.points[0]?.attributes).toEqual({ route: '/paz' });
    expect(decodeMetricsProtobuf(none).metrics[0]?.points[0]?.attributes).toEqual({});
  });

  it('decodes every set right whatever order the exports send them in (guessed from the order before; fast-check)', () => {
    // Equal-length values that differ in one byte: a guess from the previous order has the right length and wrong bytes.
    // One set has a non-string value: JSON decodes it into an object of its own, never a shared one.
    const pool: Array<Record<string, string>> = ['v0', 'v1', 'v2', 'v3', 'w0', 'w1'].map((v) => ({
      route: `/api/${v}`,
      variant: v,
    }));
    const protobufOf = (sets: Array<Record<string, string>>) =>
      gaugePoints(
        sets.map((set) => (w) => {
          for (const [k, v] of Object.entries(set)) attribute(w, k, v);
          w.uint32(25).fixed64(5000);
        }),
      );
    const jsonOf = (sets: Array<Record<string, string>>) =>
      JSON.stringify({
        resourceMetrics: [
          {
            scopeMetrics: [
              {
                metrics: [
                  {
                    name: 'g',
                    gauge: {
                      dataPoints: sets.map((set) => ({
                        timeUnixNano: '5000',
                        attributes: Object.entries(set).map(([key, v]) => ({
                          key,
                          value: key === 'n' ? { intValue: v } : { stringValue: v },
                        })),
                      })),
                    },
                  },
                ],
              },
            ],
          },
        ],
      });
    pool.push({ route: '/api/v0', n: '7' });
    const order = fc.array(fc.integer({ min: 0, max: pool.length - 1 }), { minLength: 1, maxLength: 12 });
    const decoders = [
      (sets: Array<Record<string, string>>) => decodeMetricsProtobuf(protobufOf(sets)),
      (sets: Array<Record<string, string>>) => decodeMetricsJson(jsonOf(sets)),
    ];
    fc.assert(
      fc.property(fc.array(order, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 1 }), (exports, d) => {
        const seen = new Map<string, object>();
        for (const indexes of exports) {
          const decode = decoders[d] as (typeof decoders)[number];
          const points = decode(indexes.map((i) => pool[i] as Record<string, string>)).metrics[0]?.points;
          if (points?.length !== indexes.length) return false;
          for (const [k, i] of indexes.entries()) {
            const attributes = points[k]?.attributes as object;
            if (!isDeepStrictEqual(attributes, pool[i])) return false;
            if (d === 1 && i === pool.length - 1) {
              if (Object.isFrozen(attributes)) return false;
              continue;
            }
            const key = JSON.stringify(attributes);
            if ((seen.get(key) ?? attributes) !== attributes) return false; // one shared object per set
            seen.set(key, attributes);
          }
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});

describe('JSON decoder', () => {
  it('decodes SDK JSON exports exactly like the protobuf of the same data', () => {
    for (const temporality of ['delta', 'cumulative'] as const) {
      const rm = syntheticExport({ series: 20, timeMs: 1_795_000_000_123, temporality, instruments: [...ALL] });
      expect(decodeMetricsJson(toJson(rm))).toEqual(decodeMetricsProtobuf(toProtobuf(rm)));
    }
  });

  it('decodes the protobufjs JSON form of any request like the protobuf decoder (fast-check)', () => {
    fc.assert(
      fc.property(exportRequest, (request) => {
        const message = ExportRequest.fromObject(request);
        const json = JSON.stringify(ExportRequest.toObject(message, { longs: String, bytes: String, json: true }));
        const fromJson = decodeMetricsJson(json);
        const fromProto = decodeMetricsProtobuf(Buffer.from(ExportRequest.encode(message).finish()));
        return isDeepStrictEqual(fromJson.metrics, fromProto.metrics) && fromJson.invalid === fromProto.invalid;
      }),
      { numRuns: 300 },
    );
  });

  it('accepts 64-bit integers as numbers or strings and doubles as "NaN"/"Infinity"', () => {
    const body = (count: unknown, time: unknown) =>
      JSON.stringify({
        resourceMetrics: [
          {
            scopeMetrics: [
              {
                metrics: [
                  {
                    name: 'h',
                    histogram: {
                      aggregationTemporality: 1,
                      dataPoints: [
                        { timeUnixNano: time, count, sum: 'Infinity', bucketCounts: [count, '0'], explicitBounds: [1] },
                      ],
                    },
                  },
                ],
              },
            ],
          },
        ],
      });
    const a = decodeMetricsJson(body(5, '1544712660300000000'));
    const b = decodeMetricsJson(body('5', 1544712660300000000));
    expect(a).toEqual(b);
    expect(a.metrics[0]?.points[0]).toMatchObject({
      count: 5,
      value: Number.POSITIVE_INFINITY,
      bucketCounts: [5, 0],
      timeUs: 1544712660300000,
    });
  });

  it('names the JSON path of a wrong type', () => {
    const wrap = (metric: unknown) => JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [metric] }] }] });
    expect(() => decodeMetricsJson('{"resourceMetrics": {}}')).toThrow(
      'invalid OTLP/JSON at $.resourceMetrics: expected an array, got object',
    );
    expect(() =>
      decodeMetricsJson(
        wrap({ name: 'x', sum: { aggregationTemporality: 1, dataPoints: [{ timeUnixNano: true, asInt: 1 }] } }),
      ),
    ).toThrow(
      '$.resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0].timeUnixNano: expected a non-negative integer (number or decimal string), got boolean true',
    );
    expect(() =>
      decodeMetricsJson(
        wrap({ name: 'x', sum: { aggregationTemporality: 'AGGREGATION_TEMPORALITY_DELTA', dataPoints: [{}] } }),
      ),
    ).toThrow(/enum values must be integers/);
    expect(() => decodeMetricsJson(wrap({ name: 7 }))).toThrow(/metrics\[0\]\.name: expected a string, got number 7/);
    expect(() => decodeMetricsJson('{"resourceMetrics": [')).toThrow(/^invalid JSON/);
    expect(() => decodeMetricsJson('null')).toThrow(/expected an ExportMetricsServiceRequest object/);
  });

  it('never lets anything but a DecodeError escape on arbitrary JSON (fast-check)', () => {
    fc.assert(
      fc.property(fc.json(), (text) => decodesOrRejects(() => decodeMetricsJson(text))),
      { numRuns: 1000 },
    );
    const valid = JSON.parse(
      toJson(syntheticExport({ series: 2, timeMs: 1_795_000_000_000, instruments: [...ALL] })).toString(),
    );
    // Replace any one value of a valid export by arbitrary JSON.
    const paths: Array<Array<string | number>> = [];
    const walk = (v: Obj, path: Array<string | number>) => {
      paths.push(path);
      if (v && typeof v === 'object')
        for (const [k, c] of Object.entries(v)) walk(c, [...path, Array.isArray(v) ? Number(k) : k]);
    };
    walk(valid, []);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: paths.length - 1 }), fc.jsonValue(), (i, replacement) => {
        const copy = structuredClone(valid);
        const path = paths[i] ?? [];
        let parent = copy;
        for (const key of path.slice(0, -1)) parent = parent[key];
        parent[path[path.length - 1] as string] = replacement;
        return decodesOrRejects(() => decodeMetricsJson(JSON.stringify(copy)));
      }),
      { numRuns: 1000 },
    );
  });
});
