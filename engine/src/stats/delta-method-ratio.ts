/** A ratio of sums with its delta-method linearisation. */
export interface DeltaMethodRatio {
  /** Σ numerator / Σ denominator. */
  ratio: number;
  /**
   * Per-unit influence values (y_i - R·x_i) / mean(x): their mean is 0 and their variance / n is the
   * delta-method variance of R. Pass them to an autocorrelation-robust variance when the units are
   * time buckets.
   */
  influence: number[];
  /** Delta-method variance of the ratio assuming independent units. */
  variance: number;
}

/**
 * Ratio metric (e.g. errors / requests summed over buckets) with its delta-method variance.
 *
 * Method: R = Σy / Σx; Var(R) ≈ (1/(n·x̄²))·Var(y - R·x) (first-order Taylor expansion; the
 * same as σ²_y/x̄² + R²σ²_x/x̄² - 2Rσ_xy/x̄², all over n).
 * Reference: Deng, Knoblich & Lu (2018), "Applying the Delta Method in Metric Analytics", KDD.
 * Complexity: O(n).
 *
 * @example deltaMethodRatio([1, 2, 3], [10, 20, 30]).ratio // 0.1
 */
export function deltaMethodRatio(numerators: readonly number[], denominators: readonly number[]): DeltaMethodRatio {
  const n = numerators.length;
  let sy = 0;
  let sx = 0;
  for (let i = 0; i < n; i++) {
    sy += numerators[i]!;
    sx += denominators[i]!;
  }
  const ratio = sy / sx;
  const meanX = sx / n;
  const influence = new Array<number>(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const v = (numerators[i]! - ratio * denominators[i]!) / meanX;
    influence[i] = v;
    ss += v * v;
  }
  const variance = n > 1 ? ss / (n - 1) / n : Number.POSITIVE_INFINITY;
  return { ratio, influence, variance };
}
