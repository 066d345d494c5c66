import { regularizedGammaQ } from './regularized-gamma-q';

/**
 * Standard normal cumulative distribution Φ(z), accurate in both tails.
 *
 * Method: Φ(z) = Q(1/2, z²/2) / 2 for z < 0 (the complementary error function written as an
 * incomplete gamma function), and 1 - Φ(-z) for z ≥ 0, so upper tails are best taken as
 * `normalCdf(-z)`. simple-statistics' `cumulativeStdNormalProbability` is a two-decimal table
 * (it returns 0.999 at z = 3.5), too coarse for p-values of 1e-3 and below, hence this file.
 * Reference: Abramowitz & Stegun 7.1.2, 6.5.17.
 * Complexity: O(1) amortised (a bounded series or continued fraction).
 *
 * @example normalCdf(-1.96) // 0.024997895148220435
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z < 0) return 0.5 * regularizedGammaQ(0.5, (z * z) / 2);
  if (z === 0) return 0.5;
  return 1 - 0.5 * regularizedGammaQ(0.5, (z * z) / 2);
}
