/**
 * Holm's step-down adjustment of p-values (family-wise error control, any dependence).
 *
 * Method: sort ascending, adjusted p_(i) = max_{j ≤ i} min(1, (m - j + 1)·p_(j)), returned in
 * the input order; reject where adjusted ≤ α. NaN inputs stay NaN and are not counted in m.
 * Reference: Holm (1979), Scandinavian Journal of Statistics 6; scipy.stats.false_discovery_control
 * has no Holm, statsmodels `multipletests(method='holm')` does the same.
 * Complexity: O(m log m).
 *
 * @example holmAdjust([0.01, 0.04, 0.03]) // [0.03, 0.06, 0.06]
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const idx = pValues.map((_, i) => i).filter((i) => !Number.isNaN(pValues[i]!));
  idx.sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  const m = idx.length;
  const out = pValues.map(() => Number.NaN);
  let running = 0;
  idx.forEach((i, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[i]!));
    out[i] = running;
  });
  return out;
}
