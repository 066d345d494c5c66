import { normalCdf } from './normal-cdf';
import { regularizedIncompleteBeta } from './regularized-incomplete-beta';

/**
 * CDF of Student's t distribution with `df` degrees of freedom (df may be fractional, as in
 * Welch's test; df = Infinity gives the normal CDF).
 *
 * Method: P(T ≤ t) = 1 - I_x(df/2, 1/2) / 2 for t > 0 with x = df / (df + t²), and symmetry;
 * the tail is computed directly, so `studentTCdf(-t, df)` is the accurate upper tail.
 * Reference: Abramowitz & Stegun 26.7.1 and 26.5.27.
 * Complexity: O(1) amortised.
 *
 * @example studentTCdf(2.0, 10) // 0.9633059826146299
 */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (df === Number.POSITIVE_INFINITY) return normalCdf(t);
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t < 0 ? tail : 1 - tail;
}
