/**
 * Newey-West (Bartlett-kernel HAC) long-run variance of a series: an estimate of
 * lim n·Var(mean) that stays consistent under serial correlation.
 *
 * Method: S = γ̂(0) + 2 Σ_{l=1..L} (1 - l/(L+1)) γ̂(l), with γ̂(l) = (1/n) Σ (x_t - x̄)(x_{t-l} - x̄)
 * and, by default, the bandwidth L = floor(4 (n/100)^(2/9)) of Newey & West (1994).
 * The series is centred on its own mean unless `centred` is true (already mean-zero residuals).
 * Reference: Newey & West (1987), Econometrica 55(3); Newey & West (1994) for the bandwidth.
 * Complexity: O(n·L).
 *
 * @example neweyWestVariance([1, 2, 3, 2, 1, 2, 3, 2], 1) // 0.5
 */
export function neweyWestVariance(series: readonly number[], lags?: number, centred = false): number {
  const n = series.length;
  if (n === 0) return Number.NaN;
  let mean = 0;
  if (!centred) {
    for (const v of series) mean += v;
    mean /= n;
  }
  const bandwidth = Math.min(n - 1, lags ?? Math.floor(4 * (n / 100) ** (2 / 9)));
  const centredSeries = centred ? series : series.map((v) => v - mean);
  let s = 0;
  for (const v of centredSeries) s += v * v;
  let total = s / n;
  for (let l = 1; l <= bandwidth; l++) {
    let g = 0;
    for (let t = l; t < n; t++) g += centredSeries[t]! * centredSeries[t - l]!;
    total += 2 * (1 - l / (bandwidth + 1)) * (g / n);
  }
  return Math.max(total, 0);
}
