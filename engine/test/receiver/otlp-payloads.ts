/**
 * Real OTLP payloads for tests and the ingest benchmark: SDK `ResourceMetrics` built directly (so the
 * values and timestamps are chosen by the test) and serialized by the SDK's own serializers
 * (`ProtobufMetricsSerializer`, `JsonMetricsSerializer` from @opentelemetry/otlp-transformer).
 */
import { type Attributes, type HrTime, ValueType } from '@opentelemetry/api';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

export const HTTP_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export function hrTime(ms: number): HrTime {
  return [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];
}

export interface SyntheticOptions {
  service?: string;
  release?: string;
  /** `service.instance.id` of the resource (default `pod-1`). */
  instance?: string;
  env?: string;
  /** Number of series per instrument. */
  series: number;
  timeMs: number;
  startMs?: number;
  temporality?: 'delta' | 'cumulative';
  /** Extra attributes on every point. */
  extra?: Attributes;
  /** Counter value of series `i`. */
  counterValue?: (i: number) => number;
  /** Which instruments: a counter, a histogram, or both (default both). */
  instruments?: Array<'counter' | 'histogram' | 'gauge' | 'exponential'>;
}

function pointAttributes(i: number, extra: Attributes): Attributes {
  const status = i % 10 === 9 ? 500 : 200;
  return {
    'http.request.method': i % 3 === 0 ? 'POST' : 'GET',
    'http.route': `/api/route-${i % 25}`,
    'http.response.status_code': status,
    ...(status >= 500 ? { 'error.type': '500' } : {}),
    'feature_flag.key': 'new-checkout',
    'feature_flag.result.variant': i % 2 === 0 ? 'on' : 'off',
    'series.index': i,
    ...extra,
  };
}

/** One export of `series` counters and/or histograms with semconv-like attributes. */
export function syntheticExport(o: SyntheticOptions): ResourceMetrics {
  const temporality = o.temporality === 'cumulative' ? AggregationTemporality.CUMULATIVE : AggregationTemporality.DELTA;
  const startTime = hrTime(o.startMs ?? o.timeMs - 10_000);
  const endTime = hrTime(o.timeMs);
  const extra = o.extra ?? {};
  const instruments = o.instruments ?? ['counter', 'histogram'];
  const ids = Array.from({ length: o.series }, (_, i) => i);
  const metrics: MetricData[] = [];
  if (instruments.includes('counter')) {
    metrics.push({
      descriptor: { name: 'app.requests', description: 'requests', unit: '{request}', valueType: ValueType.INT },
      aggregationTemporality: temporality,
      dataPointType: DataPointType.SUM,
      isMonotonic: true,
      dataPoints: ids.map((i) => ({
        startTime,
        endTime,
        attributes: pointAttributes(i, extra),
        value: o.counterValue?.(i) ?? i + 1,
      })),
    });
  }
  if (instruments.includes('histogram')) {
    metrics.push({
      descriptor: { name: 'http.server.request.duration', description: '', unit: 's', valueType: ValueType.DOUBLE },
      aggregationTemporality: temporality,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: ids.map((i) => {
        const counts = HTTP_BOUNDS.map((_, b) => (i + b) % 4).concat([i % 2]);
        const count = counts.reduce((a, b) => a + b, 0);
        return {
          startTime,
          endTime,
          attributes: pointAttributes(i, extra),
          value: { buckets: { boundaries: HTTP_BOUNDS, counts }, count, sum: count * 0.125, min: 0.001, max: 12 },
        };
      }),
    });
  }
  if (instruments.includes('gauge')) {
    metrics.push({
      descriptor: { name: 'app.queue.depth', description: '', unit: '1', valueType: ValueType.DOUBLE },
      aggregationTemporality: temporality,
      dataPointType: DataPointType.GAUGE,
      dataPoints: ids.map((i) => ({ startTime, endTime, attributes: pointAttributes(i, extra), value: i * 0.5 })),
    });
  }
  if (instruments.includes('exponential')) {
    metrics.push({
      descriptor: { name: 'app.latency.exp', description: '', unit: 'ms', valueType: ValueType.DOUBLE },
      aggregationTemporality: temporality,
      dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
      dataPoints: ids.map((i) => ({
        startTime,
        endTime,
        attributes: pointAttributes(i, extra),
        value: {
          count: 7 + i,
          sum: 42.5,
          scale: 3,
          zeroCount: 1,
          positive: { offset: -2 + (i % 3), bucketCounts: [1, 2, 3 + i] },
          negative: { offset: 1, bucketCounts: [1] },
          min: -3,
          max: 50,
        },
      })),
    });
  }
  return {
    resource: resourceFromAttributes({
      'service.name': o.service ?? 'checkout',
      'service.version': o.release ?? '2.4.1',
      'deployment.environment.name': o.env ?? 'production',
      'service.instance.id': o.instance ?? 'pod-1',
    }),
    scopeMetrics: [{ scope: { name: 'aviary-test', version: '1.0.0' }, metrics }],
  };
}

export function toProtobuf(rm: ResourceMetrics): Buffer {
  const bytes = ProtobufMetricsSerializer.serializeRequest(rm);
  if (!bytes) throw new Error('serializer returned nothing');
  return Buffer.from(bytes);
}

export function toJson(rm: ResourceMetrics): Buffer {
  const bytes = JsonMetricsSerializer.serializeRequest(rm);
  if (!bytes) throw new Error('serializer returned nothing');
  return Buffer.from(bytes);
}
