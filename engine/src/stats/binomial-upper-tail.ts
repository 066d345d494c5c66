import { regularizedIncompleteBeta } from './regularized-incomplete-beta';

/**
 * Upper tail of the binomial distribution: P(X ≥ k) for X ~ Binomial(n, p).
 *
 * Method: the identity P(X ≥ k) = I_p(k, n - k + 1) with the regularized incomplete beta
 * function, exact up to floating point for any n (no summation of terms).
 * Reference: Abramowitz & Stegun 26.5.24.
 * Complexity: O(sqrt(n)) for the continued fraction.
 *
 * @example binomialUpperTail(8, 10, 0.5) // 0.0546875
 */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return regularizedIncompleteBeta(p, k, n - k + 1);
}
