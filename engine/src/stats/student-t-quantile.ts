import { gammaln } from 'simple-statistics';
import { normalQuantile } from './normal-quantile';
import { studentTCdf } from './student-t-cdf';

/**
 * Quantile of Student's t distribution: t with P(T ≤ t) = p for `df` degrees of freedom.
 *
 * Method: start from the normal quantile corrected by the first Cornish-Fisher term, then
 * Newton steps on the log of the tail probability (safe far in the tails), bracketed so that a
 * step never leaves the side of zero it started on; stop at 1e-14 relative.
 * Reference: Abramowitz & Stegun 26.7.5 (expansion), 26.7.1 (density).
 * Complexity: O(1) (at most 100 steps, in practice under 10).
 *
 * @example studentTQuantile(0.975, 10) // 2.2281388519649385
 */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (df === Number.POSITIVE_INFINITY) return normalQuantile(p);
  if (p > 0.5) return -studentTQuantile(1 - p, df);
  if (p === 0.5) return 0;
  const z = normalQuantile(p);
  // Work on the lower tail: find t < 0 with F(t) = p, using g(t) = log F(t) - log p.
  let t = Math.min(z + (z * z * z + z) / (4 * df), -1e-8);
  let lo = Number.NEGATIVE_INFINITY;
  let hi = 0;
  const logP = Math.log(p);
  const logC = gammaln((df + 1) / 2) - gammaln(df / 2) - 0.5 * Math.log(df * Math.PI);
  for (let i = 0; i < 100; i++) {
    const f = studentTCdf(t, df);
    const g = Math.log(f) - logP;
    if (g > 0) hi = t;
    else lo = t;
    const logDensity = logC - ((df + 1) / 2) * Math.log1p((t * t) / df);
    const slope = Math.exp(logDensity - Math.log(f));
    let next = t - g / slope;
    if (!(next < hi) || !(next > lo) || !Number.isFinite(next)) {
      next = Number.isFinite(lo) ? (lo + hi) / 2 : Math.min(2 * t, t - 1);
    }
    if (Math.abs(next - t) <= 1e-14 * Math.abs(t)) return next;
    t = next;
  }
  return t;
}
