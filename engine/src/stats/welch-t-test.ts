import { studentTCdf } from './student-t-cdf';

/** Welch's unequal-variance comparison of two means, with an optional relative factor on the baseline. */
export interface WelchTTest {
  /** mean(canary) - ratio0·mean(baseline). */
  difference: number;
  standardError: number;
  /** Welch-Satterthwaite degrees of freedom. */
  df: number;
  t: number;
  /** One-sided p-value for the chosen alternative. */
  pValue: number;
}

/**
 * Welch's t test of H0: μ1 - ratio0·μ0 ≤ 0 (`greater`) or ≥ 0 (`less`), from sufficient statistics.
 *
 * Method: t = (m1 - k·m0) / sqrt(v1/n1 + k²v0/n0) with Welch-Satterthwaite df.
 * Reference: Welch (1947), Biometrika 34; Satterthwaite (1946).
 * Complexity: O(1).
 *
 * @example welchTTest(10.5, 1, 60, 10, 1, 60, 1, 'greater').pValue // 0.003563
 */
export function welchTTest(
  mean1: number,
  variance1: number,
  n1: number,
  mean0: number,
  variance0: number,
  n0: number,
  ratio0: number,
  alternative: 'greater' | 'less',
): WelchTTest {
  const a = variance1 / n1;
  const b = (ratio0 * ratio0 * variance0) / n0;
  const standardError = Math.sqrt(a + b);
  const difference = mean1 - ratio0 * mean0;
  const df = (a + b) ** 2 / ((a * a) / (n1 - 1) + (b * b) / (n0 - 1));
  if (standardError === 0) {
    const pValue = alternative === 'greater' ? (difference > 0 ? 0 : 1) : difference < 0 ? 0 : 1;
    return { difference, standardError, df: n1 + n0 - 2, t: Number.NaN, pValue };
  }
  const t = difference / standardError;
  return {
    difference,
    standardError,
    df,
    t,
    pValue: alternative === 'greater' ? studentTCdf(-t, df) : studentTCdf(t, df),
  };
}
