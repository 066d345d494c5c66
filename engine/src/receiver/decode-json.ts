import type { ExponentialBuckets, IngestMetric, IngestPoint, PointKind, Temporality } from '../store/store-types';
import { DecodeError } from './decode-error';
import { type AttributeNative, type DecodedExport, MAX_ATTRIBUTE_DEPTH, renderAttribute } from './decoded-export';
import { SequenceCache } from './sequence-cache';

type Json = unknown;
type Obj = Record<string, Json>;

function fail(path: string, what: string): never {
  throw new DecodeError(`invalid OTLP/JSON at ${path}: ${what}`);
}

/** A key (`at.field`) or an index (`at[field]`) below a JSON path. */
type Field = string | number | undefined;

/**
 * A JSON path, built only when a value is wrong: `at` is the parent's path, then `field` and `index` below it
 * (`at.field[index]`). Decoding a valid export builds none of them.
 */
function pathOf(at: string, field: Field, index?: number): string {
  const base = field === undefined ? at : typeof field === 'number' ? `${at}[${field}]` : `${at}.${field}`;
  return index === undefined ? base : `${base}[${index}]`;
}

function describe(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string'
    ? `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`
    : `${typeof v} ${typeof v === 'object' ? '' : String(v)}`.trim();
}

function object(v: Json, at: string, field?: Field): Obj | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) fail(pathOf(at, field), `expected an object, got ${describe(v)}`);
  return v as Obj;
}

function array(v: Json, at: string, field?: Field): Json[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(pathOf(at, field), `expected an array, got ${describe(v)}`);
  return v;
}

function string(v: Json, at: string, field?: Field): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  return fail(pathOf(at, field), `expected a string, got ${describe(v)}`);
}

const INTEGER = /^-?\d+$/;

/** 64-bit integers: JSON numbers or decimal strings (OTLP JSON rule). */
function integer(v: Json, signed: boolean, at: string, field?: Field, index?: number): number {
  if (typeof v === 'number' && Number.isInteger(v) && (signed || v >= 0)) return v;
  if (typeof v === 'string' && INTEGER.test(v) && (signed || !v.startsWith('-'))) return Number(v);
  if (v === undefined || v === null) return 0;
  return fail(
    pathOf(at, field, index),
    `expected ${signed ? 'an' : 'a non-negative'} integer (number or decimal string), got ${describe(v)}`,
  );
}

/** Doubles: JSON numbers, or strings holding a number, "NaN", "Infinity", "-Infinity" (proto3 JSON). */
function double(v: Json, absent: number, at: string, field?: Field, index?: number): number {
  if (typeof v === 'number') return v;
  if (v === undefined || v === null) return absent;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (!Number.isNaN(n) || v === 'NaN') return n;
  }
  return fail(pathOf(at, field, index), `expected a number, got ${describe(v)}`);
}

function bool(v: Json, at: string, field?: Field): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') fail(pathOf(at, field), `expected true or false, got ${describe(v)}`);
  return v;
}

/** An array of 64-bit integers (`at.field`), each checked as `integer` does. */
function integers(list: Json, signed: boolean, at: string, field: string): number[] {
  const items = array(list, at, field);
  const out = new Array<number>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = integer(items[i], signed, at, field, i);
  return out;
}

/** An array of doubles (`at.field`), each checked as `double` does. */
function doubles(list: Json, at: string, field: string): number[] {
  const items = array(list, at, field);
  const out = new Array<number>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = double(items[i], Number.NaN, at, field, i);
  return out;
}

function anyValue(v: Json, path: string, depth: number): AttributeNative {
  if (depth > MAX_ATTRIBUTE_DEPTH) fail(path, `attribute values nested deeper than ${MAX_ATTRIBUTE_DEPTH}`);
  const o = object(v, path);
  if (o === undefined) return null;
  if (o.stringValue !== undefined && o.stringValue !== null) return string(o.stringValue, path, 'stringValue');
  if (o.boolValue !== undefined && o.boolValue !== null) return bool(o.boolValue, path, 'boolValue');
  if (o.intValue !== undefined && o.intValue !== null) {
    const n = integer(o.intValue, true, path, 'intValue');
    // Beyond 2^53 keep the exact integer: the decimal string as sent, or the double's exact value.
    return Number.isSafeInteger(n) ? n : BigInt(o.intValue as string | number).toString();
  }
  if (o.doubleValue !== undefined && o.doubleValue !== null)
    return double(o.doubleValue, Number.NaN, path, 'doubleValue');
  if (o.arrayValue !== undefined && o.arrayValue !== null) {
    const values = array(object(o.arrayValue, path, 'arrayValue')?.values, `${path}.arrayValue`, 'values');
    return values.map((item, i) => anyValue(item, `${path}.arrayValue.values[${i}]`, depth + 1));
  }
  if (o.kvlistValue !== undefined && o.kvlistValue !== null) {
    const values = array(object(o.kvlistValue, path, 'kvlistValue')?.values, `${path}.kvlistValue`, 'values');
    const map: Record<string, AttributeNative> = {};
    values.forEach((kv, i) => {
      const p = `${path}.kvlistValue.values[${i}]`;
      const entry = object(kv, p);
      map[string(entry?.key, p, 'key')] = anyValue(entry?.value, `${p}.value`, depth + 1);
    });
    return map;
  }
  if (o.bytesValue !== undefined && o.bytesValue !== null) {
    return Buffer.from(string(o.bytesValue, path, 'bytesValue'), 'base64').toString('base64');
  }
  return null;
}

/** The attributes at `at.field`, decoded into a new object. */
function attributes(v: Json, at: string, field: string): Record<string, string> {
  const out: Record<string, string> = {};
  const list = array(v, at, field);
  if (list.length === 0) return out;
  const path = pathOf(at, field);
  for (let i = 0; i < list.length; i++) {
    const kv = object(list[i], path, i);
    if (!kv) continue;
    out[string(kv.key, `${path}[${i}]`, 'key')] = renderAttribute(anyValue(kv.value, `${path}[${i}].value`, 0));
  }
  return out;
}

/** What a guessed attribute set is checked against: its keys and value texts, in the order sent. */
interface SetMatch {
  keys: string[];
  texts: string[];
}

/** Point attribute sets of scalar values, keyed by their keys and value texts; frozen and shared. */
const attributeSets = new SequenceCache<Record<string, string>, SetMatch>(32_768);

/**
 * The attribute text of a `{key, value}` entry whose value is a plain scalar (a string, a boolean, an integer number,
 * a double), as `anyValue` and `renderAttribute` would make it; undefined for anything else (arrays, maps, bytes,
 * integers as strings, wrong types), which is decoded the full way.
 */
function scalarTextOf(kv: Json): string | undefined {
  if (typeof kv !== 'object' || kv === null) return undefined;
  const value = (kv as Obj).value;
  if (typeof (kv as Obj).key !== 'string' || typeof value !== 'object' || value === null) return undefined;
  const o = value as Obj;
  if (o.stringValue !== undefined && o.stringValue !== null)
    return typeof o.stringValue === 'string' ? o.stringValue : undefined;
  if (o.boolValue !== undefined && o.boolValue !== null)
    return typeof o.boolValue === 'boolean' ? String(o.boolValue) : undefined;
  if (o.intValue !== undefined && o.intValue !== null) {
    return typeof o.intValue === 'number' && Number.isSafeInteger(o.intValue) ? String(o.intValue) : undefined;
  }
  if (o.doubleValue !== undefined && o.doubleValue !== null) {
    return typeof o.doubleValue === 'number' ? String(o.doubleValue) : undefined;
  }
  return undefined;
}

function sameSet(set: SetMatch, list: Json[]): boolean {
  if (set.keys.length !== list.length) return false;
  for (let i = 0; i < list.length; i++) {
    const kv = list[i] as Obj;
    if (scalarTextOf(kv) !== set.texts[i] || kv.key !== set.keys[i]) return false;
  }
  return true;
}

/**
 * A point's attributes. Sets of scalar values (what the SDKs send) are shared like the protobuf decoder's
 * (`SequenceCache`): one frozen object per distinct set, found first by comparing with the guessed set, then by a
 * key built from its keys and values. Other sets are decoded into a new object.
 */
function pointAttributes(v: Json, at: string): Readonly<Record<string, string>> {
  if (!Array.isArray(v)) return attributes(v, at, 'attributes');
  const guess = attributeSets.guess();
  if (guess !== undefined && sameSet(guess.match, v)) return attributeSets.use(guess);
  const keys = new Array<string>(v.length);
  const texts = new Array<string>(v.length);
  let key = '';
  for (let i = 0; i < v.length; i++) {
    const text = scalarTextOf(v[i]);
    if (text === undefined) return attributes(v, at, 'attributes');
    keys[i] = (v[i] as Obj).key as string;
    texts[i] = text;
    key += `${keys[i]}\u0001${text}\u0002`;
  }
  const cached = attributeSets.get(key);
  if (cached !== undefined) return attributeSets.use(cached);
  // The texts are what `attributes` would make of these values; later keys win as there.
  const value: Record<string, string> = {};
  for (let i = 0; i < keys.length; i++) value[keys[i] as string] = texts[i] as string;
  return attributeSets.use(attributeSets.add(key, value, { keys, texts }));
}

function basePoint(o: Obj, path: string): IngestPoint {
  return {
    attributes: pointAttributes(o.attributes, path),
    startUs: integer(o.startTimeUnixNano, false, path, 'startTimeUnixNano') / 1000,
    timeUs: integer(o.timeUnixNano, false, path, 'timeUnixNano') / 1000,
    noValue: (integer(o.flags, false, path, 'flags') & 1) !== 0,
    value: Number.NaN,
    count: 0,
    min: double(o.min, Number.NaN, path, 'min'),
    max: double(o.max, Number.NaN, path, 'max'),
  };
}

function numberPoint(o: Obj, path: string): IngestPoint {
  const p = basePoint(o, path);
  if (o.asDouble !== undefined && o.asDouble !== null) p.value = double(o.asDouble, Number.NaN, path, 'asDouble');
  else if (o.asInt !== undefined && o.asInt !== null) p.value = integer(o.asInt, true, path, 'asInt');
  p.min = Number.NaN;
  p.max = Number.NaN;
  return p;
}

function histogramPoint(o: Obj, path: string): IngestPoint {
  const p = basePoint(o, path);
  p.count = integer(o.count, false, path, 'count');
  p.value = double(o.sum, Number.NaN, path, 'sum');
  p.bucketCounts = integers(o.bucketCounts, false, path, 'bucketCounts');
  p.bounds = doubles(o.explicitBounds, path, 'explicitBounds');
  return p;
}

function buckets(v: Json, path: string): ExponentialBuckets {
  const o = object(v, path);
  return {
    offset: integer(o?.offset, true, path, 'offset'),
    counts: integers(o?.bucketCounts, false, path, 'bucketCounts'),
  };
}

function exponentialPoint(o: Obj, path: string): IngestPoint {
  const p = basePoint(o, path);
  p.count = integer(o.count, false, path, 'count');
  p.value = double(o.sum, Number.NaN, path, 'sum');
  p.exponential = {
    scale: integer(o.scale, true, path, 'scale'),
    zeroCount: integer(o.zeroCount, false, path, 'zeroCount'),
    zeroThreshold: double(o.zeroThreshold, 0, path, 'zeroThreshold'),
    positive: buckets(o.positive, `${path}.positive`),
    negative: buckets(o.negative, `${path}.negative`),
  };
  return p;
}

function summaryPoint(o: Obj, path: string): IngestPoint {
  const p = basePoint(o, path);
  p.min = Number.NaN;
  p.max = Number.NaN;
  p.count = integer(o.count, false, path, 'count');
  p.value = double(o.sum, Number.NaN, path, 'sum');
  p.quantiles = array(o.quantileValues, path, 'quantileValues').map((q, i) => {
    const qPath = `${path}.quantileValues[${i}]`;
    const qv = object(q, qPath);
    return [double(qv?.quantile, 0, qPath, 'quantile'), double(qv?.value, 0, qPath, 'value')];
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
  const name = string(o.name, path, 'name');
  const unit = string(o.unit, path, 'unit');
  for (const [field, kind, readPoint] of KINDS) {
    const data = object(o[field], path, field);
    if (!data) continue;
    const dataPath = `${path}.${field}`;
    const list = array(data.dataPoints, dataPath, 'dataPoints');
    const points = new Array<IngestPoint>(list.length);
    for (let i = 0; i < list.length; i++) {
      const p = `${dataPath}.dataPoints[${i}]`;
      points[i] = readPoint(object(list[i], p) ?? {}, p);
    }
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
      const t = integer(wire, true, dataPath, 'aggregationTemporality');
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
      monotonic: kind === 'sum' ? bool(data.isMonotonic, dataPath, 'isMonotonic') : false,
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
  const resourceMetrics = array(request.resourceMetrics, '$', 'resourceMetrics');
  for (let i = 0; i < resourceMetrics.length; i++) {
    const rmPath = `$.resourceMetrics[${i}]`;
    const rm = object(resourceMetrics[i], rmPath);
    if (!rm) continue;
    const resource = attributes(
      object(rm.resource, rmPath, 'resource')?.attributes,
      `${rmPath}.resource`,
      'attributes',
    );
    const scopeMetrics = array(rm.scopeMetrics, rmPath, 'scopeMetrics');
    for (let j = 0; j < scopeMetrics.length; j++) {
      const smPath = `${rmPath}.scopeMetrics[${j}]`;
      const sm = object(scopeMetrics[j], smPath);
      if (!sm) continue;
      const scope = string(object(sm.scope, smPath, 'scope')?.name, `${smPath}.scope`, 'name');
      const metrics = array(sm.metrics, smPath, 'metrics');
      for (let k = 0; k < metrics.length; k++) {
        const mPath = `${smPath}.metrics[${k}]`;
        const m = object(metrics[k], mPath);
        if (m) metricOf(m, mPath, resource, scope, out);
      }
    }
  }
  return out;
}
