import { probit } from 'simple-statistics';
import { normalCdf } from './normal-cdf';

/**
 * Inverse of the standard normal CDF: z with Φ(z) = p.
 *
 * Method: simple-statistics' `probit` (an inverse-error-function approximation, good to about
 * 5e-3) as the start, then Halley steps on Φ(z) - p using the tail-accurate `normalCdf`, until
 * the step is below 1e-15 relative. Upper tails use symmetry so that 1 - p stays exact.
 * Reference: Halley's method; Abramowitz & Stegun 26.2.
 * Complexity: O(1) (at most 50 steps, in practice 2-3).
 *
 * @example normalQuantile(0.975) // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p > 0.5) return -normalQuantile(1 - p);
  if (p === 0.5) return 0;
  let z = Math.max(probit(p), -38);
  for (let i = 0; i < 50; i++) {
    const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    if (density === 0) break;
    const err = normalCdf(z) - p;
    const u = err / density;
    const step = u / (1 + (z * u) / 2);
    z -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(z))) break;
  }
  return z;
}
