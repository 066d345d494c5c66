const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** Maps a double to a signed 64-bit key whose integer order is the numeric order. */
function toKey(v: number): bigint {
  f64[0] = v === 0 ? 0 : v;
  const bits = i64[0]!;
  return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
}

function fromKey(k: bigint): number {
  i64[0] = k < 0n ? -k | -0x8000000000000000n : k;
  return f64[0]!;
}

/** Number of pairs (i, j) with fl(x_i - y_j) ≤ mu, for ascending x and y. */
function countAtMost(x: readonly number[], y: readonly number[], mu: number): number {
  let count = 0;
  let j = 0;
  const m = y.length;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    while (j < m && xi - y[j]! > mu) j++;
    count += m - j;
  }
  return count;
}

/**
 * The k-th smallest (1-based) of the n·m pairwise differences x_i - y_j, without forming them.
 *
 * Method: both inputs sorted ascending; the count of differences ≤ μ takes one merge-like pass,
 * and μ is found by bisection over the ordered 64-bit representation of doubles, so at most 64
 * passes land exactly on an attained floating-point difference at any scale (no tolerance).
 * Reference: the selection problem of Johnson & Mizoguchi (1978) / Monahan (1984, ACM TOMS
 * algorithm 616) for Hodges-Lehmann estimators, solved here by exact bisection.
 * Complexity: O((n + m)·64) after sorting.
 *
 * @example kthPairwiseDifference([1, 5], [0, 2], 2) // 1 (differences -1, 1, 3, 5)
 */
export function kthPairwiseDifference(xSorted: readonly number[], ySorted: readonly number[], k: number): number {
  const n = xSorted.length;
  const m = ySorted.length;
  if (n === 0 || m === 0) return Number.NaN;
  const kk = Math.min(Math.max(Math.round(k), 1), n * m);
  let lo = toKey(xSorted[0]! - ySorted[m - 1]!);
  let hi = toKey(xSorted[n - 1]! - ySorted[0]!);
  // Invariant: count(fromKey(hi)) ≥ kk; find the smallest such key.
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1n);
    if (countAtMost(xSorted, ySorted, fromKey(mid)) >= kk) hi = mid;
    else lo = mid + 1n;
  }
  return fromKey(lo);
}
