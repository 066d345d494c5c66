import type { ExponentialBuckets, IngestMetric, IngestPoint, PointKind, Temporality } from '../store/store-types';
import { DecodeError } from './decode-error';
import { type AttributeNative, type DecodedExport, MAX_ATTRIBUTE_DEPTH, renderAttribute } from './decoded-export';
import { ProtoReader, WIRE_I64, WIRE_LEN, WIRE_VARINT } from './proto-reader';
import { WireBytesCache } from './wire-bytes-cache';

const NO_RECORDED_VALUE = 1;

function readAnyValue(r: ProtoReader, end: number, depth: number): AttributeNative {
  if (depth > MAX_ATTRIBUTE_DEPTH) r.fail(`attribute values nested deeper than ${MAX_ATTRIBUTE_DEPTH}`);
  let value: AttributeNative = null;
  while (r.pos < end) {
    const tag = r.varint(end);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    switch (field) {
      case 1:
        r.expect('AnyValue.string_value', wire, WIRE_LEN);
        value = r.string(end);
        break;
      case 2:
        r.expect('AnyValue.bool_value', wire, WIRE_VARINT);
        value = r.varint(end) !== 0;
        break;
      case 3: {
        r.expect('AnyValue.int_value', wire, WIRE_VARINT);
        const at = r.pos;
        const n = r.varint(end);
        if (Number.isSafeInteger(n)) value = n;
        else {
          // Negative or beyond 2^53: read exactly; small negatives are still plain numbers.
          r.pos = at;
          const exact = r.int64String(end);
          const asNumber = Number(exact);
          value = Number.isSafeInteger(asNumber) ? asNumber : exact;
        }
        break;
      }
      case 4:
        r.expect('AnyValue.double_value', wire, WIRE_I64);
        value = r.double(end);
        break;
      case 5: {
        r.expect('AnyValue.array_value', wire, WIRE_LEN);
        const stop = r.delimited(end);
        const items: AttributeNative[] = [];
        while (r.pos < stop) {
          const t = r.varint(stop);
          if (t === 10) items.push(readAnyValue(r, r.delimited(stop), depth + 1));
          else r.skip(t & 7, stop);
        }
        value = items;
        break;
      }
      case 6: {
        r.expect('AnyValue.kvlist_value', wire, WIRE_LEN);
        const stop = r.delimited(end);
        const map: Record<string, AttributeNative> = {};
        while (r.pos < stop) {
          const t = r.varint(stop);
          if (t === 10) {
            const [k, v] = readKeyValue(r, r.delimited(stop), depth + 1);
            map[k] = v;
          } else r.skip(t & 7, stop);
        }
        value = map;
        break;
      }
      case 7:
        r.expect('AnyValue.bytes_value', wire, WIRE_LEN);
        value = r.bytes(end).toString('base64');
        break;
      default:
        r.skip(wire, end);
    }
  }
  r.pos = end;
  return value;
}

function readKeyValue(r: ProtoReader, end: number, depth: number): [string, AttributeNative] {
  let key = '';
  let value: AttributeNative = null;
  while (r.pos < end) {
    const tag = r.varint(end);
    if (tag === 10) key = r.string(end);
    else if (tag === 18) value = readAnyValue(r, r.delimited(end), depth);
    else r.skip(tag & 7, end);
  }
  return [key, value];
}

/** Reads one `KeyValue` (the tag was consumed) into `into`. */
function readAttribute(r: ProtoReader, end: number, into: Record<string, string>): void {
  const stop = r.delimited(end);
  const [key, value] = readKeyValue(r, stop, 0);
  into[key] = renderAttribute(value);
}

/** Shared attributes of points that have none (frozen: points never own it). */
const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});
/** Decoded point attribute sets keyed by their exact wire bytes (tags included), frozen and shared. */
const attributeSets = new WireBytesCache<Record<string, string>>(32_768);

/**
 * Reads a point's attributes: the run of consecutive `tag` fields starting at `at` (the first tag was
 * consumed). An exporter sends the same attribute sets in every export, so the run's bytes are looked
 * up first and an identical run yields the same frozen object without decoding (the store then finds
 * the series by object identity). A second, non-adjacent run is merged into a private copy, later
 * keys winning as in proto3. O(bytes of the run).
 */
function readPointAttributes(
  r: ProtoReader,
  end: number,
  at: number,
  tag: number,
  current: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  if (current !== NO_ATTRIBUTES) {
    const merged = { ...current };
    readAttribute(r, end, merged);
    return merged;
  }
  const buf = r.buf;
  r.pos = r.delimited(end);
  while (r.pos < end && buf[r.pos] === tag) {
    r.pos++;
    r.pos = r.delimited(end);
  }
  const stop = r.pos;
  const cached = attributeSets.find(buf, at, stop);
  if (cached !== undefined) return cached;
  r.pos = at;
  const attributes: Record<string, string> = {};
  while (r.pos < stop) {
    r.varint(stop); // the tag
    readAttribute(r, stop, attributes);
  }
  return attributeSets.add(buf, at, stop, attributes);
}

/** Appends a repeated fixed64/double field, packed or not. */
function readRepeated64(r: ProtoReader, wire: number, end: number, out: number[], asDouble: boolean): void {
  if (wire === WIRE_LEN) {
    const stop = r.delimited(end);
    if ((stop - r.pos) % 8 !== 0) r.fail('packed 64-bit field length is not a multiple of 8');
    while (r.pos < stop) out.push(asDouble ? r.double(stop) : r.fixed64(stop));
  } else {
    r.expect('repeated 64-bit', wire, WIRE_I64);
    out.push(asDouble ? r.double(end) : r.fixed64(end));
  }
}

const NO_BOUNDS: readonly number[] = Object.freeze([]);
/** Decoded packed `explicit_bounds` keyed by their bytes, frozen and shared (one layout serves many points). */
const boundSets = new WireBytesCache<number[]>(1024);

/** Reads packed histogram bounds through `boundSets`; unpacked bounds append to a private array. */
function readBounds(
  r: ProtoReader,
  wire: number,
  end: number,
  current: readonly number[] | undefined,
): readonly number[] {
  if (wire !== WIRE_LEN || current !== undefined) {
    const out = current ? [...current] : [];
    readRepeated64(r, wire, end, out, true);
    return out;
  }
  const lengthAt = r.pos;
  const stop = r.delimited(end);
  const cached = boundSets.find(r.buf, r.pos, stop);
  if (cached !== undefined) {
    r.pos = stop;
    return cached;
  }
  const start = r.pos;
  r.pos = lengthAt;
  const out: number[] = [];
  readRepeated64(r, wire, end, out, true);
  return boundSets.add(r.buf, start, stop, out);
}

function newPoint(): IngestPoint {
  return {
    attributes: NO_ATTRIBUTES,
    startUs: 0,
    timeUs: 0,
    noValue: false,
    value: Number.NaN,
    count: 0,
    min: Number.NaN,
    max: Number.NaN,
  };
}

function readNumberPoint(r: ProtoReader, end: number): IngestPoint {
  const p = newPoint();
  while (r.pos < end) {
    const at = r.pos;
    const tag = r.varint(end);
    switch (tag) {
      case 58: // attributes = 7
        p.attributes = readPointAttributes(r, end, at, tag, p.attributes);
        break;
      case 17: // start_time_unix_nano = 2
        p.startUs = r.fixed64(end) / 1000;
        break;
      case 25: // time_unix_nano = 3
        p.timeUs = r.fixed64(end) / 1000;
        break;
      case 33: // as_double = 4
        p.value = r.double(end);
        break;
      case 49: // as_int = 6
        p.value = r.sfixed64(end);
        break;
      case 64: // flags = 8
        p.noValue = (r.varint(end) & NO_RECORDED_VALUE) !== 0;
        break;
      default:
        r.skip(tag & 7, end);
    }
  }
  return p;
}

function readHistogramPoint(r: ProtoReader, end: number): IngestPoint {
  const p = newPoint();
  let bounds: readonly number[] | undefined;
  const counts: number[] = [];
  while (r.pos < end) {
    const at = r.pos;
    const tag = r.varint(end);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    switch (field) {
      case 9:
        r.expect('HistogramDataPoint.attributes', wire, WIRE_LEN);
        p.attributes = readPointAttributes(r, end, at, tag, p.attributes);
        break;
      case 2:
        r.expect('HistogramDataPoint.start_time_unix_nano', wire, WIRE_I64);
        p.startUs = r.fixed64(end) / 1000;
        break;
      case 3:
        r.expect('HistogramDataPoint.time_unix_nano', wire, WIRE_I64);
        p.timeUs = r.fixed64(end) / 1000;
        break;
      case 4:
        r.expect('HistogramDataPoint.count', wire, WIRE_I64);
        p.count = r.fixed64(end);
        break;
      case 5:
        r.expect('HistogramDataPoint.sum', wire, WIRE_I64);
        p.value = r.double(end);
        break;
      case 6:
        readRepeated64(r, wire, end, counts, false);
        break;
      case 7:
        bounds = readBounds(r, wire, end, bounds);
        break;
      case 10:
        r.expect('HistogramDataPoint.flags', wire, WIRE_VARINT);
        p.noValue = (r.varint(end) & NO_RECORDED_VALUE) !== 0;
        break;
      case 11:
        r.expect('HistogramDataPoint.min', wire, WIRE_I64);
        p.min = r.double(end);
        break;
      case 12:
        r.expect('HistogramDataPoint.max', wire, WIRE_I64);
        p.max = r.double(end);
        break;
      default:
        r.skip(wire, end);
    }
  }
  p.bounds = bounds ?? NO_BOUNDS;
  p.bucketCounts = counts;
  return p;
}

function readExponentialBuckets(r: ProtoReader, end: number): ExponentialBuckets {
  const b: ExponentialBuckets = { offset: 0, counts: [] };
  while (r.pos < end) {
    const tag = r.varint(end);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 1) {
      r.expect('Buckets.offset', wire, WIRE_VARINT);
      b.offset = r.sint32(end);
    } else if (field === 2 && wire === WIRE_LEN) {
      const stop = r.delimited(end);
      while (r.pos < stop) b.counts.push(r.varint(stop));
    } else if (field === 2) {
      r.expect('Buckets.bucket_counts', wire, WIRE_VARINT);
      b.counts.push(r.varint(end));
    } else r.skip(wire, end);
  }
  return b;
}

function readExponentialPoint(r: ProtoReader, end: number): IngestPoint {
  const p = newPoint();
  const e = {
    scale: 0,
    zeroCount: 0,
    zeroThreshold: 0,
    positive: { offset: 0, counts: [] as number[] },
    negative: { offset: 0, counts: [] as number[] },
  };
  while (r.pos < end) {
    const at = r.pos;
    const tag = r.varint(end);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    switch (field) {
      case 1:
        r.expect('ExponentialHistogramDataPoint.attributes', wire, WIRE_LEN);
        p.attributes = readPointAttributes(r, end, at, tag, p.attributes);
        break;
      case 2:
        r.expect('ExponentialHistogramDataPoint.start_time_unix_nano', wire, WIRE_I64);
        p.startUs = r.fixed64(end) / 1000;
        break;
      case 3:
        r.expect('ExponentialHistogramDataPoint.time_unix_nano', wire, WIRE_I64);
        p.timeUs = r.fixed64(end) / 1000;
        break;
      case 4:
        r.expect('ExponentialHistogramDataPoint.count', wire, WIRE_I64);
        p.count = r.fixed64(end);
        break;
      case 5:
        r.expect('ExponentialHistogramDataPoint.sum', wire, WIRE_I64);
        p.value = r.double(end);
        break;
      case 6:
        r.expect('ExponentialHistogramDataPoint.scale', wire, WIRE_VARINT);
        e.scale = r.sint32(end);
        break;
      case 7:
        r.expect('ExponentialHistogramDataPoint.zero_count', wire, WIRE_I64);
        e.zeroCount = r.fixed64(end);
        break;
      case 8:
        r.expect('ExponentialHistogramDataPoint.positive', wire, WIRE_LEN);
        e.positive = readExponentialBuckets(r, r.delimited(end));
        break;
      case 9:
        r.expect('ExponentialHistogramDataPoint.negative', wire, WIRE_LEN);
        e.negative = readExponentialBuckets(r, r.delimited(end));
        break;
      case 10:
        r.expect('ExponentialHistogramDataPoint.flags', wire, WIRE_VARINT);
        p.noValue = (r.varint(end) & NO_RECORDED_VALUE) !== 0;
        break;
      case 12:
        r.expect('ExponentialHistogramDataPoint.min', wire, WIRE_I64);
        p.min = r.double(end);
        break;
      case 13:
        r.expect('ExponentialHistogramDataPoint.max', wire, WIRE_I64);
        p.max = r.double(end);
        break;
      case 14:
        r.expect('ExponentialHistogramDataPoint.zero_threshold', wire, WIRE_I64);
        e.zeroThreshold = r.double(end);
        break;
      default:
        r.skip(wire, end);
    }
  }
  p.exponential = e;
  return p;
}

function readSummaryPoint(r: ProtoReader, end: number): IngestPoint {
  const p = newPoint();
  const quantiles: Array<[number, number]> = [];
  while (r.pos < end) {
    const at = r.pos;
    const tag = r.varint(end);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    switch (field) {
      case 7:
        r.expect('SummaryDataPoint.attributes', wire, WIRE_LEN);
        p.attributes = readPointAttributes(r, end, at, tag, p.attributes);
        break;
      case 2:
        r.expect('SummaryDataPoint.start_time_unix_nano', wire, WIRE_I64);
        p.startUs = r.fixed64(end) / 1000;
        break;
      case 3:
        r.expect('SummaryDataPoint.time_unix_nano', wire, WIRE_I64);
        p.timeUs = r.fixed64(end) / 1000;
        break;
      case 4:
        r.expect('SummaryDataPoint.count', wire, WIRE_I64);
        p.count = r.fixed64(end);
        break;
      case 5:
        r.expect('SummaryDataPoint.sum', wire, WIRE_I64);
        p.value = r.double(end);
        break;
      case 6: {
        r.expect('SummaryDataPoint.quantile_values', wire, WIRE_LEN);
        const stop = r.delimited(end);
        let q = 0;
        let v = 0;
        while (r.pos < stop) {
          const t = r.varint(stop);
          if (t === 9) q = r.double(stop);
          else if (t === 17) v = r.double(stop);
          else r.skip(t & 7, stop);
        }
        quantiles.push([q, v]);
        break;
      }
      case 8:
        r.expect('SummaryDataPoint.flags', wire, WIRE_VARINT);
        p.noValue = (r.varint(end) & NO_RECORDED_VALUE) !== 0;
        break;
      default:
        r.skip(wire, end);
    }
  }
  p.quantiles = quantiles;
  return p;
}

const POINT_READERS: Record<PointKind, (r: ProtoReader, end: number) => IngestPoint> = {
  gauge: readNumberPoint,
  sum: readNumberPoint,
  histogram: readHistogramPoint,
  exponential_histogram: readExponentialPoint,
  summary: readSummaryPoint,
};

/** Reads `Gauge`/`Sum`/`Histogram`/`ExponentialHistogram`/`Summary` into `metric`. */
function readData(r: ProtoReader, end: number, metric: IngestMetric): number {
  const readPoint = POINT_READERS[metric.kind];
  let temporality = 0;
  while (r.pos < end) {
    const tag = r.varint(end);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 1) {
      r.expect('data_points', wire, WIRE_LEN);
      const stop = r.delimited(end);
      metric.points.push(readPoint(r, stop));
      r.pos = stop;
    } else if (field === 2 && metric.kind !== 'gauge' && metric.kind !== 'summary') {
      r.expect('aggregation_temporality', wire, WIRE_VARINT);
      temporality = r.int32(end);
    } else if (field === 3 && metric.kind === 'sum') {
      r.expect('Sum.is_monotonic', wire, WIRE_VARINT);
      metric.monotonic = r.varint(end) !== 0;
    } else r.skip(wire, end);
  }
  return temporality;
}

const KIND_BY_FIELD: Record<number, PointKind> = {
  5: 'gauge',
  7: 'sum',
  9: 'histogram',
  10: 'exponential_histogram',
  11: 'summary',
};

function temporalityOf(kind: PointKind, wire: number): Temporality | null {
  if (kind === 'gauge') return 'none';
  if (kind === 'summary') return 'cumulative';
  if (wire === 1) return 'delta';
  if (wire === 2) return 'cumulative';
  return null;
}

interface Context {
  resource: Record<string, string>;
  scope: string;
  out: DecodedExport;
}

function readMetric(r: ProtoReader, end: number, ctx: Context): void {
  const metric: IngestMetric = {
    name: '',
    unit: '',
    kind: 'gauge',
    temporality: 'none',
    monotonic: false,
    scope: ctx.scope,
    resource: ctx.resource,
    points: [],
  };
  let hasData = false;
  let wireTemporality = 0;
  while (r.pos < end) {
    const tag = r.varint(end);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    const kind = KIND_BY_FIELD[field];
    if (field === 1) {
      r.expect('Metric.name', wire, WIRE_LEN);
      metric.name = r.string(end);
    } else if (field === 3) {
      r.expect('Metric.unit', wire, WIRE_LEN);
      metric.unit = r.string(end);
    } else if (kind !== undefined) {
      r.expect(`Metric.${kind}`, wire, WIRE_LEN);
      const stop = r.delimited(end);
      if (hasData && metric.kind !== kind) r.fail(`metric "${metric.name}" has more than one data field`);
      metric.kind = kind;
      hasData = true;
      wireTemporality = readData(r, stop, metric) || wireTemporality;
      r.pos = stop;
    } else r.skip(wire, end);
  }
  if (!hasData || metric.points.length === 0) return;
  const temporality = temporalityOf(metric.kind, wireTemporality);
  if (temporality === null) {
    ctx.out.invalid += metric.points.length;
    ctx.out.reasons.push(
      `metric "${metric.name}": aggregation_temporality ${wireTemporality} is not DELTA (1) or CUMULATIVE (2); ${metric.points.length} points refused`,
    );
    return;
  }
  metric.temporality = temporality;
  ctx.out.metrics.push(metric);
}

function readScopeMetrics(r: ProtoReader, end: number, ctx: Context): void {
  // The scope (field 1) normally precedes the metrics; collect metric ranges first to be order-independent.
  const metricRanges: Array<[number, number]> = [];
  let scope = '';
  while (r.pos < end) {
    const tag = r.varint(end);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 1) {
      r.expect('ScopeMetrics.scope', wire, WIRE_LEN);
      const stop = r.delimited(end);
      while (r.pos < stop) {
        const t = r.varint(stop);
        if (t === 10) scope = r.string(stop);
        else r.skip(t & 7, stop);
      }
    } else if (field === 2) {
      r.expect('ScopeMetrics.metrics', wire, WIRE_LEN);
      const stop = r.delimited(end);
      metricRanges.push([r.pos, stop]);
      r.pos = stop;
    } else r.skip(wire, end);
  }
  const scoped = { ...ctx, scope };
  for (const [start, stop] of metricRanges) {
    r.pos = start;
    readMetric(r, stop, scoped);
  }
  r.pos = end;
}

function readResourceMetrics(r: ProtoReader, end: number, out: DecodedExport): void {
  const resource: Record<string, string> = {};
  const scopeRanges: Array<[number, number]> = [];
  while (r.pos < end) {
    const tag = r.varint(end);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 1) {
      r.expect('ResourceMetrics.resource', wire, WIRE_LEN);
      const stop = r.delimited(end);
      while (r.pos < stop) {
        const t = r.varint(stop);
        if (t === 10) readAttribute(r, stop, resource);
        else r.skip(t & 7, stop);
      }
    } else if (field === 2) {
      r.expect('ResourceMetrics.scope_metrics', wire, WIRE_LEN);
      const stop = r.delimited(end);
      scopeRanges.push([r.pos, stop]);
      r.pos = stop;
    } else r.skip(wire, end);
  }
  const ctx: Context = { resource, scope: '', out };
  for (const [start, stop] of scopeRanges) {
    r.pos = start;
    readScopeMetrics(r, stop, ctx);
  }
  r.pos = end;
}

/**
 * Decodes an OTLP `ExportMetricsServiceRequest` (proto3 binary) straight into the store's model.
 * Unknown fields are skipped; truncated input, over-long varints, wrong wire types on known fields and
 * unsupported wire types raise `DecodeError` with the byte offset. O(bytes).
 */
export function decodeMetricsProtobuf(body: Buffer): DecodedExport {
  const out: DecodedExport = { metrics: [], invalid: 0, reasons: [] };
  const r = new ProtoReader(body);
  const end = body.length;
  try {
    while (r.pos < end) {
      const tag = r.varint(end);
      if (Math.floor(tag / 8) === 1) {
        r.expect('ExportMetricsServiceRequest.resource_metrics', tag & 7, WIRE_LEN);
        const stop = r.delimited(end);
        readResourceMetrics(r, stop, out);
        r.pos = stop;
      } else if (tag < 8) r.fail(`field number 0 is not valid`);
      else r.skip(tag & 7, end);
    }
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    throw new DecodeError(`invalid protobuf at byte ${r.pos}: ${(error as Error).message}`);
  }
  return out;
}
