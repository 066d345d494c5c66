import { regularizedGammaQ } from './regularized-gamma-q';

/**
 * Exact one-sided confidence bound for a Poisson mean from an observed count (Garwood interval).
 *
 * Method: the upper bound λ_u solves P(X ≤ x | λ_u) = α, i.e. Q(x + 1, λ_u) = α with the upper
 * regularized gamma function; the lower bound solves P(X ≥ x | λ_l) = α, i.e. 1 - Q(x, λ_l) = α
 * (0 when x = 0). Found by bisection to 1e-14 relative (scale-free in λ).
 * Reference: Garwood (1936), Biometrika 28; the "rule of three": upper 95% bound ≈ 3 for x = 0.
 * Complexity: O(log(1/ε)) evaluations of the incomplete gamma function.
 *
 * @example poissonMeanBound(0, 0.05, 'upper') // 2.995732273553991 (= -ln 0.05)
 */
export function poissonMeanBound(count: number, alpha: number, side: 'upper' | 'lower'): number {
  if (side === 'lower' && count === 0) return 0;
  // P(X ≤ x | λ) = Q(x + 1, λ) decreases in λ; P(X ≥ x | λ) = 1 - Q(x, λ) increases in λ.
  const tail = (lambda: number) =>
    side === 'upper' ? regularizedGammaQ(count + 1, lambda) - alpha : 1 - regularizedGammaQ(count, lambda) - alpha;
  let lo = 0;
  let hi = Math.max(1, 2 * count + 10);
  while (side === 'upper' ? tail(hi) > 0 : tail(hi) < 0) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
    const mid = (lo + hi) / 2;
    const above = side === 'upper' ? tail(mid) > 0 : tail(mid) < 0;
    if (above) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
