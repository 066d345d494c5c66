import { gammaln } from 'simple-statistics';
import { regularizedIncompleteBeta } from './regularized-incomplete-beta';

function logBeta(a: number, b: number): number {
  return gammaln(a) + gammaln(b) - gammaln(a + b);
}

/**
 * One-sided beta-mixture e-value for a sequence of Bernoulli outcomes: after K trials with x
 * successes, the evidence against H0: p ≤ p0 (`greater`) or p ≥ p0 (`less`).
 *
 * Method: the likelihood ratio Π (θ/p0)^x_i ((1-θ)/(1-p0))^(1-x_i) mixed over a Beta(c·p0, c·(1-p0))
 * prior truncated to the alternative side; in closed form
 * M = B(a+x, b+K-x)·T(a+x, b+K-x) / (B(a, b)·T(a, b)) / (p0^x (1-p0)^(K-x)), with T the prior mass
 * beyond p0 (a regularized incomplete beta). Each factor of the product has expectation ≤ 1 under
 * every p in H0, so M is a test supermartingale and P(sup M ≥ 1/α) ≤ α (Ville). Used for rare
 * events: conditional on the total, each event is a canary event with probability p.
 * Reference: Robbins (1970) mixture martingales; Lai (1976) for Bernoulli mixtures; Howard et al.
 * (2021), Annals of Statistics 49(2).
 * Complexity: O(sqrt(K)).
 *
 * @example Math.exp(logBetaMixtureEValue(20, 24, 0.5, 'greater')) // 113.27 (20 of 24 at p0 = 0.5)
 */
export function logBetaMixtureEValue(
  successes: number,
  trials: number,
  p0: number,
  alternative: 'greater' | 'less',
  concentration = 4,
): number {
  const a = concentration * p0;
  const b = concentration * (1 - p0);
  const x = successes;
  const f = trials - successes;
  const massPrior =
    alternative === 'greater' ? 1 - regularizedIncompleteBeta(p0, a, b) : regularizedIncompleteBeta(p0, a, b);
  const massPost =
    alternative === 'greater'
      ? 1 - regularizedIncompleteBeta(p0, a + x, b + f)
      : regularizedIncompleteBeta(p0, a + x, b + f);
  if (massPost <= 0) return Number.NEGATIVE_INFINITY;
  return (
    logBeta(a + x, b + f) -
    logBeta(a, b) +
    Math.log(massPost) -
    Math.log(massPrior) -
    x * Math.log(p0) -
    f * Math.log1p(-p0)
  );
}
