import { logNormalMixtureEValue } from './normal-mixture-e-value';

/**
 * Critical value of the one-sided normal-mixture sequential test: the z at which the mixture
 * e-value reaches 1/α for information r = τ²V. A running z-statistic above it rejects H0 at level
 * α uniformly over all looks, so the boundary also gives an always-valid confidence bound
 * (estimate - boundary·SE).
 *
 * Method: bisection on z ∈ [0, 60] of log M(z, r) = log(1/α), M increasing in z; 200 halvings or
 * an interval width of 1e-13 relative. Dimensionless, so it is scale-free.
 * Reference: see `logNormalMixtureEValue`; Howard et al. (2021) eq. (14) for the two-sided form.
 * Complexity: O(1) (bounded bisection).
 *
 * @example normalMixtureBoundary(0.05, 10) // 2.7771...
 */
export function normalMixtureBoundary(alpha: number, r: number): number {
  const target = Math.log(1 / alpha);
  let lo = -10;
  let hi = 60;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    if (logNormalMixtureEValue(mid, r) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}
