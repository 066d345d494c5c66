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
 * Method: a hash join on the timestamp, then a sort of the shared keys.
 * Reference: the paired design of §10.1 of the canary anchors (simultaneous cohorts share time).
 * Complexity: O(n log n).
 *
 * @example alignByTimestamp([1, 2, 3], [10, 11, 12], [2, 3, 4], [20, 21, 22]).canary // [20, 21]
 */
export function alignByTimestamp(
  baselineTimestamps: readonly number[],
  baseline: readonly number[],
  canaryTimestamps: readonly number[],
  canary: readonly number[],
): AlignedSeries {
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
  const timestamps = [...shared.keys()].sort((a, b) => a - b);
  return {
    timestamps,
    baseline: timestamps.map((t) => base.get(t)!),
    canary: timestamps.map((t) => shared.get(t)!),
  };
}
