import { binomialUpperTail } from './binomial-upper-tail';

/** Result of the exact conditional test of a Poisson rate ratio. */
export interface RateRatioTest {
  /** Observed rate ratio (canary rate / baseline rate); Infinity when the baseline has no events. */
  ratio: number;
  /** One-sided p-value of H0: ratio ≤ ratio0 against ratio > ratio0 (alternative `greater`), or the mirror. */
  pValue: number;
}

/**
 * Exact conditional test for the ratio of two Poisson rates (rare events such as errors per
 * request), against a rate-ratio margin.
 *
 * Method: conditional on the total K = x1 + x0 events, x1 ~ Binomial(K, p) with
 * p = ρ·t1 / (ρ·t1 + t0), where t are the exposures (trials) and ρ the rate ratio; the test of
 * H0: ρ ≤ ρ0 is the binomial tail at p0 (uniformly most powerful unbiased; Przyborowski &
 * Wilenski 1940). `alternative: 'less'` tests H0: ρ ≥ ρ0.
 * Reference: Przyborowski & Wilenski (1940), Biometrika 31; Gu, Ng, Tang & Schucany (2008),
 * Biometrical Journal 50(2) for the margin form.
 * Complexity: O(sqrt(K)).
 *
 * @example conditionalPoissonRateTest(24, 1000, 12, 1000, 1, 'greater').pValue // 0.03262
 */
export function conditionalPoissonRateTest(
  canaryEvents: number,
  canaryExposure: number,
  baselineEvents: number,
  baselineExposure: number,
  ratio0: number,
  alternative: 'greater' | 'less',
): RateRatioTest {
  const total = canaryEvents + baselineEvents;
  const ratio =
    baselineEvents === 0
      ? canaryEvents === 0
        ? 1
        : Number.POSITIVE_INFINITY
      : canaryEvents / canaryExposure / (baselineEvents / baselineExposure);
  const p0 = (ratio0 * canaryExposure) / (ratio0 * canaryExposure + baselineExposure);
  const pValue =
    alternative === 'greater'
      ? binomialUpperTail(canaryEvents, total, p0)
      : binomialUpperTail(baselineEvents, total, 1 - p0);
  return { ratio, pValue: Math.min(1, pValue) };
}
