import type { ExponentialBuckets, ExponentialData } from './store-types';

/**
 * Lowers one bucket list to a coarser scale ("perfect subsetting"): index `i` at scale `s` lands in
 * index `floor(i / 2^(s - target))` at scale `target`. O(buckets).
 */
export function downscaleBuckets(buckets: ExponentialBuckets, shift: number): ExponentialBuckets {
  if (shift === 0 || buckets.counts.length === 0) return buckets;
  const factor = 2 ** shift;
  const first = Math.floor(buckets.offset / factor);
  const last = Math.floor((buckets.offset + buckets.counts.length - 1) / factor);
  const counts = new Array<number>(last - first + 1).fill(0);
  for (let i = 0; i < buckets.counts.length; i++) {
    const index = Math.floor((buckets.offset + i) / factor) - first;
    counts[index] = (counts[index] ?? 0) + (buckets.counts[i] ?? 0);
  }
  return { offset: first, counts };
}

/** The same histogram at a coarser `scale` (no-op when `scale >= data.scale`). */
export function downscaleExponential(data: ExponentialData, scale: number): ExponentialData {
  if (scale >= data.scale) return data;
  const shift = data.scale - scale;
  return {
    ...data,
    scale,
    positive: downscaleBuckets(data.positive, shift),
    negative: downscaleBuckets(data.negative, shift),
  };
}

/** Adds (sign 1) or subtracts (sign -1) `b` into a copy of `a`; both at the same scale. */
export function combineBuckets(a: ExponentialBuckets, b: ExponentialBuckets, sign: 1 | -1): ExponentialBuckets {
  if (b.counts.length === 0) return a;
  if (a.counts.length === 0 && sign === 1) return b;
  const first = Math.min(a.offset, b.offset);
  const end = Math.max(a.offset + a.counts.length, b.offset + b.counts.length);
  const counts = new Array<number>(end - first).fill(0);
  for (let i = 0; i < a.counts.length; i++) counts[a.offset - first + i] = a.counts[i] ?? 0;
  for (let i = 0; i < b.counts.length; i++) {
    const at = b.offset - first + i;
    counts[at] = (counts[at] ?? 0) + sign * (b.counts[i] ?? 0);
  }
  return { offset: first, counts };
}

/** `a + b` (sign 1) or `a - b` (sign -1), at the coarser of the two scales. */
export function combineExponential(a: ExponentialData, b: ExponentialData, sign: 1 | -1): ExponentialData {
  const scale = Math.min(a.scale, b.scale);
  const x = downscaleExponential(a, scale);
  const y = downscaleExponential(b, scale);
  return {
    scale,
    zeroCount: x.zeroCount + sign * y.zeroCount,
    zeroThreshold: Math.max(x.zeroThreshold, y.zeroThreshold),
    positive: combineBuckets(x.positive, y.positive, sign),
    negative: combineBuckets(x.negative, y.negative, sign),
  };
}

/**
 * Converts to explicit upper bounds and counts (`counts.length = bounds.length + 1`, last is +Inf), the
 * layout the judge reads. Bucket `index` covers `(base^index, base^(index+1)]`; negative buckets and the
 * zero bucket come first, bounded above by `-base^index` and `zeroThreshold`.
 */
export function exponentialToExplicit(data: ExponentialData): { bounds: number[]; counts: number[] } {
  const base = 2 ** (2 ** -data.scale);
  const bounds: number[] = [];
  const counts: number[] = [];
  for (let i = data.negative.counts.length - 1; i >= 0; i--) {
    const index = data.negative.offset + i;
    bounds.push(-(base ** index));
    counts.push(data.negative.counts[i] ?? 0);
  }
  bounds.push(data.zeroThreshold);
  counts.push(data.zeroCount);
  for (let i = 0; i < data.positive.counts.length; i++) {
    const index = data.positive.offset + i;
    bounds.push(base ** (index + 1));
    counts.push(data.positive.counts[i] ?? 0);
  }
  counts.push(0);
  return { bounds, counts };
}

/** Flat float encoding for storage: `[scale, zeroCount, zeroThreshold, posOffset, posLen, ...pos, negOffset, negLen, ...neg]`. */
export function encodeExponential(data: ExponentialData): number[] {
  return [
    data.scale,
    data.zeroCount,
    data.zeroThreshold,
    data.positive.offset,
    data.positive.counts.length,
    ...data.positive.counts,
    data.negative.offset,
    data.negative.counts.length,
    ...data.negative.counts,
  ];
}

export function decodeExponential(flat: ArrayLike<number>): ExponentialData {
  const posLen = flat[4] ?? 0;
  const positive = { offset: flat[3] ?? 0, counts: Array.from({ length: posLen }, (_, i) => flat[5 + i] ?? 0) };
  const at = 5 + posLen;
  const negLen = flat[at + 1] ?? 0;
  const negative = { offset: flat[at] ?? 0, counts: Array.from({ length: negLen }, (_, i) => flat[at + 2 + i] ?? 0) };
  return { scale: flat[0] ?? 0, zeroCount: flat[1] ?? 0, zeroThreshold: flat[2] ?? 0, positive, negative };
}
