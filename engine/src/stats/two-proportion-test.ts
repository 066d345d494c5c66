import { normalCdf } from './normal-cdf';

/** Result of a two-proportion comparison. */
export interface TwoProportionTest {
  /** Canary proportion minus `ratio0` times the baseline proportion. */
  difference: number;
  standardError: number;
  z: number;
  /** One-sided p-value for the chosen alternative. */
  pValue: number;
}

/**
 * Two-proportion z test of H0: p1 - ratio0·p0 ≤ 0 (alternative `greater`) or ≥ 0 (`less`), which
 * covers a relative non-inferiority margin (ratio0 = 1 + margin) and the plain difference
 * (ratio0 = 1).
 *
 * Method: Wald statistic with the unpooled variance p1(1-p1)/n1 + ratio0²·p0(1-p0)/n0
 * (pooling is only valid at ratio0 = 1, and then it is used, matching the classical test).
 * Reference: Agresti, Categorical Data Analysis (3rd ed.), 3.1.3; Farrington & Manning (1990).
 * Complexity: O(1).
 *
 * @example twoProportionTest(60, 1000, 40, 1000, 1, 'greater').pValue // 0.02009
 */
export function twoProportionTest(
  x1: number,
  n1: number,
  x0: number,
  n0: number,
  ratio0: number,
  alternative: 'greater' | 'less',
): TwoProportionTest {
  const p1 = x1 / n1;
  const p0 = x0 / n0;
  const difference = p1 - ratio0 * p0;
  let variance: number;
  if (ratio0 === 1) {
    const pooled = (x1 + x0) / (n1 + n0);
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n0);
  } else {
    variance = (p1 * (1 - p1)) / n1 + (ratio0 * ratio0 * p0 * (1 - p0)) / n0;
  }
  const standardError = Math.sqrt(variance);
  if (standardError === 0) {
    const pValue = alternative === 'greater' ? (difference > 0 ? 0 : 1) : difference < 0 ? 0 : 1;
    return {
      difference,
      standardError,
      z: difference === 0 ? 0 : Math.sign(difference) * Number.POSITIVE_INFINITY,
      pValue,
    };
  }
  const z = difference / standardError;
  return { difference, standardError, z, pValue: alternative === 'greater' ? normalCdf(-z) : normalCdf(z) };
}
