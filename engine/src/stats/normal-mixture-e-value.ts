import { normalCdf } from './normal-cdf';

/**
 * One-sided normal-mixture e-value (mixture sequential probability ratio) for a standardized
 * running statistic z = S_n / sqrt(V_n), where S_n is the centred running sum and V_n its variance.
 *
 * Method: mixing the likelihood ratio exp(θS - θ²V/2) over a half-normal prior on θ ≥ 0 with
 * variance τ² gives, with r = τ²V (the dimensionless "information"),
 * M = 2/sqrt(1 + r) · exp(r z² / (2(1 + r))) · Φ(z·sqrt(r/(1 + r))).
 * M is a nonnegative (super)martingale under H0: drift ≤ 0, so by Ville's inequality
 * P(sup_n M_n ≥ 1/α) ≤ α: the test may be repeated at every look without inflating false alarms.
 * Computed in logs and returned as log M to stay finite.
 * Reference: Robbins (1970); Johari, Koomen, Pekelis & Walsh (2022), Operations Research 70(3)
 * (mSPRT); Howard, Ramdas, McAuliffe & Sekhon (2021), Annals of Statistics 49(2).
 * Complexity: O(1).
 *
 * @example Math.exp(logNormalMixtureEValue(3, 10)) // 35.98...
 */
export function logNormalMixtureEValue(z: number, r: number): number {
  const c = r / (1 + r);
  const w = z * Math.sqrt(c);
  // log Φ(w) without underflow for very negative w: Φ(w) ≈ φ(w)/|w| there.
  const logPhi = w > -30 ? Math.log(normalCdf(w)) : -0.5 * w * w - Math.log(-w) - 0.5 * Math.log(2 * Math.PI);
  return Math.LN2 - 0.5 * Math.log1p(r) + (c * z * z) / 2 + logPhi;
}
