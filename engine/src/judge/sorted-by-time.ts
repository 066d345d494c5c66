/**
 * `values` in the order of their `timestamps` (ties by value, so any input order gives the same result).
 * O(n log n). Example: `sortedByTime([3, 1, 2], [30, 10, 20])` -> `[10, 20, 30]`.
 */
export function sortedByTime(timestamps: readonly number[], values: readonly number[]): number[] {
  const idx = values.map((_, i) => i);
  idx.sort((a, b) => timestamps[a]! - timestamps[b]! || values[a]! - values[b]!);
  return idx.map((i) => values[i]!);
}
