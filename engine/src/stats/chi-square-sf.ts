import { regularizedGammaQ } from './regularized-gamma-q';

/**
 * Upper tail of the chi-square distribution: P(X ≥ x) for X ~ χ²(df).
 *
 * Method: Q(df/2, x/2), the upper regularized incomplete gamma function (simple-statistics only
 * ships a table of critical values, not the distribution function).
 * Reference: Abramowitz & Stegun 26.4.19.
 * Complexity: O(1) amortised.
 *
 * @example chiSquareSf(3.84, 1) // 0.05004352124870519
 */
export function chiSquareSf(x: number, df: number): number {
  if (!(df > 0) || Number.isNaN(x)) return Number.NaN;
  return regularizedGammaQ(df / 2, Math.max(x, 0) / 2);
}
