/**
 * The reference decoder for tests: protobufjs reflection over the official OTLP `.proto` files shipped
 * by @elastic/mockotlpserver, and an independent mapping of its output into the store's model (same
 * rules as the hand-written decoders: attributes rendered as strings, times in microseconds).
 */
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import protobuf from 'protobufjs';
import type { IngestMetric, IngestPoint, PointKind, Temporality } from '../../src/store/store-types';

const require = createRequire(import.meta.url);
const protoDir = dirname(require.resolve('@elastic/mockotlpserver/package.json'));

const root = new protobuf.Root();
root.resolvePath = (_origin, target) => (isAbsolute(target) ? target : join(protoDir, target));
root.loadSync('opentelemetry/proto/collector/metrics/v1/metrics_service.proto', { keepCase: false });

export const ExportRequest = root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');
export const ExportResponse = root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse');
export const RpcStatus = new protobuf.Type('Status')
  .add(new protobuf.Field('code', 1, 'int32'))
  .add(new protobuf.Field('message', 2, 'string'));

// biome-ignore lint/suspicious/noExplicitAny: protobufjs plain objects are untyped
type Obj = any;

type Native = string | number | boolean | null | Native[] | { [k: string]: Native };

function native(v: Obj): Native {
  if (!v) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(native);
  if (v.kvlistValue !== undefined) {
    const out: Record<string, Native> = {};
    for (const kv of v.kvlistValue.values ?? []) out[kv.key ?? ''] = native(kv.value);
    return out;
  }
  if (v.bytesValue !== undefined) return v.bytesValue;
  return null;
}

function attrs(list: Obj[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list ?? []) {
    const v = native(kv.value);
    out[kv.key ?? ''] =
      typeof v === 'string' ? v : v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

const us = (ns: string | undefined) => Number(ns ?? 0) / 1000;
const num = (x: string | number | undefined) => Number(x ?? 0);
const dbl = (x: number | undefined) => (x === undefined ? Number.NaN : x);

function point(dp: Obj, kind: PointKind): IngestPoint {
  const p: IngestPoint = {
    attributes: attrs(dp.attributes),
    startUs: us(dp.startTimeUnixNano),
    timeUs: us(dp.timeUnixNano),
    noValue: ((dp.flags ?? 0) & 1) === 1,
    value: Number.NaN,
    count: 0,
    min: Number.NaN,
    max: Number.NaN,
  };
  if (kind === 'gauge' || kind === 'sum') {
    if (dp.asDouble !== undefined) p.value = dp.asDouble;
    else if (dp.asInt !== undefined) p.value = Number(dp.asInt);
    return p;
  }
  p.count = num(dp.count);
  p.value = dbl(dp.sum);
  if (kind === 'histogram') {
    p.min = dbl(dp.min);
    p.max = dbl(dp.max);
    p.bounds = dp.explicitBounds ?? [];
    p.bucketCounts = (dp.bucketCounts ?? []).map(num);
  } else if (kind === 'exponential_histogram') {
    p.min = dbl(dp.min);
    p.max = dbl(dp.max);
    const b = (x: Obj) => ({ offset: x?.offset ?? 0, counts: (x?.bucketCounts ?? []).map(num) });
    p.exponential = {
      scale: dp.scale ?? 0,
      zeroCount: num(dp.zeroCount),
      zeroThreshold: dp.zeroThreshold ?? 0,
      positive: b(dp.positive),
      negative: b(dp.negative),
    };
  } else {
    p.quantiles = (dp.quantileValues ?? []).map((q: Obj) => [q.quantile ?? 0, q.value ?? 0]);
  }
  return p;
}

const KIND: Record<string, PointKind> = {
  gauge: 'gauge',
  sum: 'sum',
  histogram: 'histogram',
  exponentialHistogram: 'exponential_histogram',
  summary: 'summary',
};

/** Decodes with protobufjs and maps to `{ metrics, invalid }` like the engine's decoders. */
export function oracleDecode(bytes: Uint8Array): { metrics: IngestMetric[]; invalid: number } {
  const msg = ExportRequest.toObject(ExportRequest.decode(bytes), { longs: String, bytes: String, oneofs: true });
  const metrics: IngestMetric[] = [];
  let invalid = 0;
  for (const rm of msg.resourceMetrics ?? []) {
    const resource = attrs(rm.resource?.attributes);
    for (const sm of rm.scopeMetrics ?? []) {
      for (const m of sm.metrics ?? []) {
        const field = m.data as string | undefined;
        if (!field) continue;
        const kind = KIND[field] as PointKind;
        const data = m[field];
        const points = (data.dataPoints ?? []).map((dp: Obj) => point(dp, kind));
        if (points.length === 0) continue;
        let temporality: Temporality = kind === 'gauge' ? 'none' : 'cumulative';
        if (kind !== 'gauge' && kind !== 'summary') {
          const t = data.aggregationTemporality ?? 0;
          if (t !== 1 && t !== 2) {
            invalid += points.length;
            continue;
          }
          temporality = t === 1 ? 'delta' : 'cumulative';
        }
        metrics.push({
          name: m.name ?? '',
          unit: m.unit ?? '',
          kind,
          temporality,
          monotonic: kind === 'sum' ? data.isMonotonic === true : false,
          scope: sm.scope?.name ?? '',
          resource,
          points,
        });
      }
    }
  }
  return { metrics, invalid };
}

/** Encodes a plain object (protobufjs `fromObject` form) as an ExportMetricsServiceRequest. */
export function oracleEncode(object: Obj): Uint8Array {
  return ExportRequest.encode(ExportRequest.fromObject(object)).finish();
}
