/** Two series restricted to the timestamps they share, in ascending time order. */
export interface AlignedSeries {
  timestamps: number[];
  baseline: number[];
  canary: number[];
}

/**
 * Pairs baseline and canary buckets that share a timestamp (inner join), sorted by time; a
 * timestamp repeated within one side keeps its first value.
 *
 * Method: when both sides already share the same strictly ascending timestamps (the common case of
 * simultaneous cohorts) the inputs are returned as they are; otherwise a hash join on the
 * timestamp, then a numeric sort of the shared keys.
 * Reference: the paired design of §10.1 of the canary anchors (simultaneous cohorts share time).
 * Complexity: O(n) on the fast path, O(n log n) otherwise.
 *
 * @example alignByTimestamp([1, 2, 3], [10, 11, 12], [2, 3, 4], [20, 21, 22]).canary // [20, 21]
 */
export function alignByTimestamp(
  baselineTimestamps: readonly number[],
  baseline: readonly number[],
  canaryTimestamps: readonly number[],
  canary: readonly number[],
): AlignedSeries {
  if (sameAscending(baselineTimestamps, canaryTimestamps) && baseline.length === baselineTimestamps.length) {
    return { timestamps: [...baselineTimestamps], baseline: [...baseline], canary: [...canary] };
  }
  const base = new Map<number, number>();
  for (let i = 0; i < baselineTimestamps.length; i++) {
    const t = baselineTimestamps[i]!;
    if (!base.has(t)) base.set(t, baseline[i]!);
  }
  const shared = new Map<number, number>();
  for (let i = 0; i < canaryTimestamps.length; i++) {
    const t = canaryTimestamps[i]!;
    if (base.has(t) && !shared.has(t)) shared.set(t, canary[i]!);
  }
  const timestamps = Array.from(Float64Array.from(shared.keys()).sort());
  return {
    timestamps,
    baseline: timestamps.map((t) => base.get(t)!),
    canary: timestamps.map((t) => shared.get(t)!),
  };
}

function sameAscending(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
    if (i > 0 && !(a[i]! > a[i - 1]!)) return false;
  }
  return true;
}
