import { combineExponential } from './exponential-buckets';
import type { ExponentialData, IngestPoint, PointKind } from './store-types';

/** The last cumulative point of a series: what the next point's delta is taken against. */
export interface CumulativeState {
  startUs: number;
  value: number;
  count: number;
  /** Histogram layout (bucket bounds) and raw bucket counts. */
  bounds?: readonly number[];
  buckets?: number[];
  exponential?: ExponentialData;
}

/** The increase of a cumulative point over its predecessor. */
export interface Delta {
  value: number;
  count: number;
  buckets?: number[];
  exponential?: ExponentialData;
  /** True when the point starts a new stream (first point, new start time, or a decrease). */
  reset: boolean;
}

const ZERO_EXPONENTIAL = (e: ExponentialData): ExponentialData => ({
  scale: e.scale,
  zeroCount: 0,
  zeroThreshold: e.zeroThreshold,
  positive: { offset: 0, counts: [] },
  negative: { offset: 0, counts: [] },
});

function fromReset(point: IngestPoint): Delta {
  // A reset at a known start carries the whole cumulative value over (start, time]. The SDKs stamp
  // times in milliseconds, so a series first recorded in the collection's millisecond has start == time:
  // that is still a known start. An unknown start (0) or one after the time contributes 0, since the
  // value may have accumulated over any span before (data model, "Resets and Gaps").
  if (point.startUs > 0 && point.startUs <= point.timeUs) {
    return {
      value: point.value,
      count: point.count,
      buckets: point.bucketCounts,
      exponential: point.exponential,
      reset: true,
    };
  }
  return {
    value: 0,
    count: 0,
    buckets: point.bucketCounts?.map(() => 0),
    exponential: point.exponential ? ZERO_EXPONENTIAL(point.exponential) : undefined,
    reset: true,
  };
}

/** Same histogram bounds: the same array (decoders share them) or equal elements. O(bounds). */
function sameBounds(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function hasNegative(values: number[] | undefined): boolean {
  return values?.some((v) => v < 0) === true;
}

/**
 * Whether a cumulative sum or explicit-bounds histogram point continues the stream of `prev`: same start
 * time, no decrease of the value (sums) or of the count and of any bucket (histograms), same layout. When
 * it does, its delta is the plain difference of every field; when not, it is a reset. O(buckets).
 */
function continuesStream(kind: PointKind, prev: CumulativeState | undefined, point: IngestPoint): boolean {
  if (prev === undefined || prev.startUs !== point.startUs) return false;
  if (kind === 'sum') return !(point.value < prev.value);
  if (kind !== 'histogram' || point.count < prev.count) return false;
  const bounds = point.bounds && point.bounds.length > 0 ? point.bounds : undefined;
  const prevBounds = prev.bounds && prev.bounds.length > 0 ? prev.bounds : undefined;
  const counts = point.bucketCounts;
  const prevCounts = prev.buckets;
  if (!sameBounds(bounds, prevBounds) || counts?.length !== prevCounts?.length) return false;
  if (counts === undefined || prevCounts === undefined) return true;
  for (let i = 0; i < counts.length; i++) if ((counts[i] as number) < (prevCounts[i] as number)) return false;
  return true;
}

/**
 * Converts one cumulative point to a delta against the previous point of its series, following the
 * Collector's cumulativetodelta rules: a changed start time, a decreasing value, count or bucket, or a
 * changed histogram layout is a reset, and then the point's own value is the delta. O(buckets).
 * Example: prev value 10 (start S), point 15 (start S) -> delta 5; point 3 (start S) -> reset, delta 3.
 */
export function cumulativeToDelta(kind: PointKind, prev: CumulativeState | undefined, point: IngestPoint): Delta {
  if (prev === undefined || prev.startUs !== point.startUs) return fromReset(point);
  if (kind === 'sum' || kind === 'histogram') {
    if (!continuesStream(kind, prev, point)) return fromReset(point);
    const prevCounts = prev.buckets;
    return {
      value: point.value - prev.value,
      count: kind === 'sum' ? 0 : point.count - prev.count,
      buckets: prevCounts ? point.bucketCounts?.map((c, i) => c - (prevCounts[i] as number)) : undefined,
      reset: false,
    };
  }
  if (point.count < prev.count) return fromReset(point);
  const value = point.value - prev.value;
  const count = point.count - prev.count;
  if (kind === 'exponential_histogram' && point.exponential && prev.exponential) {
    const exponential = combineExponential(point.exponential, prev.exponential, -1);
    const negative =
      exponential.zeroCount < 0 || hasNegative(exponential.positive.counts) || hasNegative(exponential.negative.counts);
    return negative ? fromReset(point) : { value, count, exponential, reset: false };
  }
  return { value, count, reset: false };
}

/** Makes `state` describe `point`: the state the series' next point is converted against. O(1). */
export function keepState(state: CumulativeState, point: IngestPoint): void {
  state.startUs = point.startUs;
  state.value = point.value;
  state.count = point.count;
  state.bounds = point.bounds;
  state.buckets = point.bucketCounts;
  state.exponential = point.exponential;
}
