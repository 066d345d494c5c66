import { chiSquareSf } from './chi-square-sf';

/** Pearson chi-square check of observed cohort sizes against the configured split. */
export interface SampleRatioMismatch {
  chiSquare: number;
  df: number;
  pValue: number;
  /** Expected counts per cohort under the configured weights. */
  expected: number[];
}

/**
 * Sample-ratio-mismatch (SRM) check: Pearson's chi-square goodness of fit of the observed units
 * per cohort to the expected weights (normalised, so any positive scale works).
 *
 * Method: χ² = Σ (o - e)² / e with e = N·w / Σw, df = k - 1, upper-tail p-value.
 * Reference: Fabijan et al. (2019), "Diagnosing Sample Ratio Mismatch in Online Controlled
 * Experiments", KDD; Pearson (1900).
 * Complexity: O(k).
 *
 * @example sampleRatioMismatch([5100, 4900], [1, 1]).pValue // 0.0455
 */
export function sampleRatioMismatch(observed: readonly number[], weights: readonly number[]): SampleRatioMismatch {
  if (observed.length !== weights.length || observed.length < 2) {
    throw new RangeError('sampleRatioMismatch: observed and weights must have the same length (at least 2)');
  }
  let total = 0;
  let weightSum = 0;
  for (let i = 0; i < observed.length; i++) {
    total += observed[i]!;
    weightSum += weights[i]!;
  }
  const expected = weights.map((w) => (total * w) / weightSum);
  let chiSquare = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = expected[i]!;
    if (e > 0) chiSquare += (observed[i]! - e) ** 2 / e;
  }
  const df = observed.length - 1;
  return { chiSquare, df, pValue: total === 0 ? 1 : chiSquareSf(chiSquare, df), expected };
}
