import type { ExponentialBuckets, IngestMetric, IngestPoint, PointKind, Temporality } from '../store/store-types';
import { DecodeError } from './decode-error';
import { type AttributeNative, type DecodedExport, MAX_ATTRIBUTE_DEPTH, renderAttribute } from './decoded-export';

type Json = unknown;
type Obj = Record<string, Json>;

function fail(path: string, what: string): never {
  throw new DecodeError(`invalid OTLP/JSON at ${path}: ${what}`);
}

function describe(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string'
    ? `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`
    : `${typeof v} ${typeof v === 'object' ? '' : String(v)}`.trim();
}

function object(v: Json, path: string): Obj | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) fail(path, `expected an object, got ${describe(v)}`);
  return v as Obj;
}

function array(v: Json, path: string): Json[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(path, `expected an array, got ${describe(v)}`);
  return v;
}

function string(v: Json, path: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') fail(path, `expected a string, got ${describe(v)}`);
  return v;
}

const INTEGER = /^-?\d+$/;

/** 64-bit integers: JSON numbers or decimal strings (OTLP JSON rule). */
function integer(v: Json, path: string, signed: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v) && (signed || v >= 0)) return v;
  if (typeof v === 'string' && INTEGER.test(v) && (signed || !v.startsWith('-'))) return Number(v);
  return fail(
    path,
    `expected ${signed ? 'an' : 'a non-negative'} integer (number or decimal string), got ${describe(v)}`,
  );
}

/** Doubles: JSON numbers, or strings holding a number, "NaN", "Infinity", "-Infinity" (proto3 JSON). */
function double(v: Json, path: string, absent = Number.NaN): number {
  if (v === undefined || v === null) return absent;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (!Number.isNaN(n) || v === 'NaN') return n;
  }
  return fail(path, `expected a number, got ${describe(v)}`);
}

function bool(v: Json, path: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') fail(path, `expected true or false, got ${describe(v)}`);
  return v;
}

function anyValue(v: Json, path: string, depth: number): AttributeNative {
  if (depth > MAX_ATTRIBUTE_DEPTH) fail(path, `attribute values nested deeper than ${MAX_ATTRIBUTE_DEPTH}`);
  const o = object(v, path);
  if (o === undefined) return null;
  if (o.stringValue !== undefined && o.stringValue !== null) return string(o.stringValue, `${path}.stringValue`);
  if (o.boolValue !== undefined && o.boolValue !== null) return bool(o.boolValue, `${path}.boolValue`);
  if (o.intValue !== undefined && o.intValue !== null) {
    const n = integer(o.intValue, `${path}.intValue`, true);
    // Beyond 2^53 keep the exact integer: the decimal string as sent, or the double's exact value.
    return Number.isSafeInteger(n) ? n : BigInt(o.intValue as string | number).toString();
  }
  if (o.doubleValue !== undefined && o.doubleValue !== null) return double(o.doubleValue, `${path}.doubleValue`);
  if (o.arrayValue !== undefined && o.arrayValue !== null) {
    const values = array(object(o.arrayValue, `${path}.arrayValue`)?.values, `${path}.arrayValue.values`);
    return values.map((item, i) => anyValue(item, `${path}.arrayValue.values[${i}]`, depth + 1));
  }
  if (o.kvlistValue !== undefined && o.kvlistValue !== null) {
    const values = array(object(o.kvlistValue, `${path}.kvlistValue`)?.values, `${path}.kvlistValue.values`);
    const map: Record<string, AttributeNative> = {};
    values.forEach((kv, i) => {
      const p = `${path}.kvlistValue.values[${i}]`;
      const entry = object(kv, p);
      map[string(entry?.key, `${p}.key`)] = anyValue(entry?.value, `${p}.value`, depth + 1);
    });
    return map;
  }
  if (o.bytesValue !== undefined && o.bytesValue !== null) {
    return Buffer.from(string(o.bytesValue, `${path}.bytesValue`), 'base64').toString('base64');
  }
  return null;
}

function attributes(v: Json, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  const list = array(v, path);
  for (let i = 0; i < list.length; i++) {
    const kv = object(list[i], `${path}[${i}]`);
    if (!kv) continue;
    out[string(kv.key, `${path}[${i}].key`)] = renderAttribute(anyValue(kv.value, `${path}[${i}].value`, 0));
  }
  return out;
}

function basePoint(o: Obj, path: string, attributesField = 'attributes'): IngestPoint {
  return {
    attributes: attributes(o[attributesField], `${path}.${attributesField}`),
    startUs: integer(o.startTimeUnixNano, `${path}.startTimeUnixNano`, false) / 1000,
    timeUs: integer(o.timeUnixNano, `${path}.timeUnixNano`, false) / 1000,
    noValue: (integer(o.flags, `${path}.flags`, false) & 1) !== 0,
    value: Number.NaN,
    count: 0,
    min: double(o.min, `${path}.min`),
    max: double(o.max, `${path}.max`),
  };
}

function numberPoint(o: Obj, path: string): IngestPoint {
  const p = basePoint(o, path);
  if (o.asDouble !== undefined && o.asDouble !== null) p.value = double(o.asDouble, `${path}.asDouble`);
  else if (o.asInt !== undefined && o.asInt !== null) p.value = integer(o.asInt, `${path}.asInt`, true);
  p.min = Number.NaN;
  p.max = Number.NaN;
  return p;
}

function histogramPoint(o: Obj, path: string): IngestPoint {
  const p = basePoint(o, path);
  p.count = integer(o.count, `${path}.count`, false);
  p.value = double(o.sum, `${path}.sum`);
  p.bucketCounts = array(o.bucketCounts, `${path}.bucketCounts`).map((c, i) =>
    integer(c, `${path}.bucketCounts[${i}]`, false),
  );
  p.bounds = array(o.explicitBounds, `${path}.explicitBounds`).map((b, i) => double(b, `${path}.explicitBounds[${i}]`));
  return p;
}

function buckets(v: Json, path: string): ExponentialBuckets {
  const o = object(v, path);
  return {
    offset: integer(o?.offset, `${path}.offset`, true),
    counts: array(o?.bucketCounts, `${path}.bucketCounts`).map((c, i) =>
      integer(c, `${path}.bucketCounts[${i}]`, false),
    ),
  };
}

function exponentialPoint(o: Obj, path: string): IngestPoint {
  const p = basePoint(o, path);
  p.count = integer(o.count, `${path}.count`, false);
  p.value = double(o.sum, `${path}.sum`);
  p.exponential = {
    scale: integer(o.scale, `${path}.scale`, true),
    zeroCount: integer(o.zeroCount, `${path}.zeroCount`, false),
    zeroThreshold: double(o.zeroThreshold, `${path}.zeroThreshold`, 0),
    positive: buckets(o.positive, `${path}.positive`),
    negative: buckets(o.negative, `${path}.negative`),
  };
  return p;
}

function summaryPoint(o: Obj, path: string): IngestPoint {
  const p = basePoint(o, path);
  p.min = Number.NaN;
  p.max = Number.NaN;
  p.count = integer(o.count, `${path}.count`, false);
  p.value = double(o.sum, `${path}.sum`);
  p.quantiles = array(o.quantileValues, `${path}.quantileValues`).map((q, i) => {
    const qv = object(q, `${path}.quantileValues[${i}]`);
    return [
      double(qv?.quantile, `${path}.quantileValues[${i}].quantile`, 0),
      double(qv?.value, `${path}.quantileValues[${i}].value`, 0),
    ];
  });
  return p;
}

const KINDS: Array<[string, PointKind, (o: Obj, path: string) => IngestPoint]> = [
  ['gauge', 'gauge', numberPoint],
  ['sum', 'sum', numberPoint],
  ['histogram', 'histogram', histogramPoint],
  ['exponentialHistogram', 'exponential_histogram', exponentialPoint],
  ['summary', 'summary', summaryPoint],
];

function metricOf(o: Obj, path: string, resource: Record<string, string>, scope: string, out: DecodedExport): void {
  const name = string(o.name, `${path}.name`);
  const unit = string(o.unit, `${path}.unit`);
  for (const [field, kind, readPoint] of KINDS) {
    const data = object(o[field], `${path}.${field}`);
    if (!data) continue;
    const dataPath = `${path}.${field}`;
    const points = array(data.dataPoints, `${dataPath}.dataPoints`).map((dp, i) => {
      const p = `${dataPath}.dataPoints[${i}]`;
      return readPoint(object(dp, p) ?? {}, p);
    });
    if (points.length === 0) return;
    let temporality: Temporality = kind === 'gauge' ? 'none' : 'cumulative';
    if (kind !== 'gauge' && kind !== 'summary') {
      const wire = data.aggregationTemporality;
      if (typeof wire === 'string' && !INTEGER.test(wire)) {
        fail(
          `${dataPath}.aggregationTemporality`,
          `enum values must be integers in OTLP/JSON (1 = DELTA, 2 = CUMULATIVE), got ${describe(wire)}`,
        );
      }
      const t = integer(wire, `${dataPath}.aggregationTemporality`, true);
      if (t !== 1 && t !== 2) {
        out.invalid += points.length;
        out.reasons.push(
          `metric "${name}": aggregation_temporality ${t} is not DELTA (1) or CUMULATIVE (2); ${points.length} points refused`,
        );
        return;
      }
      temporality = t === 1 ? 'delta' : 'cumulative';
    }
    const metric: IngestMetric = {
      name,
      unit,
      kind,
      temporality,
      monotonic: kind === 'sum' ? bool(data.isMonotonic, `${dataPath}.isMonotonic`) : false,
      scope,
      resource,
      points,
    };
    out.metrics.push(metric);
    return;
  }
}

/**
 * Decodes an OTLP/JSON `ExportMetricsServiceRequest` (proto3 JSON mapping with the OTLP rules:
 * lowerCamelCase keys, integer enums, 64-bit integers as numbers or decimal strings, unknown fields
 * ignored) into the store's model. Wrong types raise `DecodeError` naming the JSON path.
 */
export function decodeMetricsJson(body: Buffer | string): DecodedExport {
  let root: Json;
  try {
    root = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch (error) {
    throw new DecodeError(`invalid JSON: ${(error as Error).message}`);
  }
  const out: DecodedExport = { metrics: [], invalid: 0, reasons: [] };
  const request = object(root, '$');
  if (!request) fail('$', 'expected an ExportMetricsServiceRequest object, got null');
  const resourceMetrics = array(request.resourceMetrics, '$.resourceMetrics');
  for (let i = 0; i < resourceMetrics.length; i++) {
    const rmPath = `$.resourceMetrics[${i}]`;
    const rm = object(resourceMetrics[i], rmPath);
    if (!rm) continue;
    const resource = attributes(object(rm.resource, `${rmPath}.resource`)?.attributes, `${rmPath}.resource.attributes`);
    const scopeMetrics = array(rm.scopeMetrics, `${rmPath}.scopeMetrics`);
    for (let j = 0; j < scopeMetrics.length; j++) {
      const smPath = `${rmPath}.scopeMetrics[${j}]`;
      const sm = object(scopeMetrics[j], smPath);
      if (!sm) continue;
      const scope = string(object(sm.scope, `${smPath}.scope`)?.name, `${smPath}.scope.name`);
      const metrics = array(sm.metrics, `${smPath}.metrics`);
      for (let k = 0; k < metrics.length; k++) {
        const mPath = `${smPath}.metrics[${k}]`;
        const m = object(metrics[k], mPath);
        if (m) metricOf(m, mPath, resource, scope, out);
      }
    }
  }
  return out;
}
