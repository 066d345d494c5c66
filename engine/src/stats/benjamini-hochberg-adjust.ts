/**
 * Benjamini-Hochberg step-up adjustment of p-values (false discovery rate control).
 *
 * Method: sort ascending, adjusted p_(i) = min_{j ≥ i} min(1, m·p_(j)/j), returned in the input
 * order; reject where adjusted ≤ q. NaN inputs stay NaN and are not counted in m.
 * Reference: Benjamini & Hochberg (1995), JRSS B 57; scipy.stats.false_discovery_control(method='bh').
 * Complexity: O(m log m).
 *
 * @example benjaminiHochbergAdjust([0.01, 0.04, 0.03]) // [0.03, 0.04, 0.04]
 */
export function benjaminiHochbergAdjust(pValues: readonly number[]): number[] {
  const idx = pValues.map((_, i) => i).filter((i) => !Number.isNaN(pValues[i]!));
  idx.sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  const m = idx.length;
  const out = pValues.map(() => Number.NaN);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const i = idx[rank]!;
    running = Math.min(running, (m * pValues[i]!) / (rank + 1));
    out[i] = Math.min(1, running);
  }
  return out;
}
