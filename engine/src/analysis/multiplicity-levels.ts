import { benjaminiHochbergAdjust } from '../stats/benjamini-hochberg-adjust';
import { holmAdjust } from '../stats/holm-adjust';

export interface MultiplicityDecision {
  /** Adjusted p-value (NaN when the input p-value is missing). */
  adjusted: number;
  rejected: boolean;
  /**
   * The per-test level at which this test's decision is reproduced by an
   * unadjusted test: for a rejected test its own step's level, for the others
   * the level at which the procedure stopped.
   */
  level: number;
}

/**
 * Holm (family-wise) or Benjamini-Hochberg (false discovery rate) decisions for
 * a family of p-values at `alpha`, with the per-test level that reproduces each
 * decision, so a judge re-run at that level shows a confidence interval
 * consistent with the decision. Missing p-values (null/NaN) are not in the family.
 * Holm: step k (0-based, ascending p) has level alpha/(m-k). BH: level k*·alpha/m
 * for k* rejections (alpha/m when none). O(m log m).
 */
export function multiplicityLevels(
  pValues: readonly (number | null)[],
  alpha: number,
  method: 'holm' | 'bh',
): MultiplicityDecision[] {
  const ps = pValues.map((p) => (p === null || !Number.isFinite(p) ? Number.NaN : p));
  const adjusted = method === 'holm' ? holmAdjust(ps) : benjaminiHochbergAdjust(ps);
  const order = ps
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !Number.isNaN(p))
    .sort((a, b) => a.p - b.p || a.i - b.i);
  const m = order.length;
  const rejected = adjusted.map((a) => !Number.isNaN(a) && a <= alpha);
  const rank = new Map(order.map(({ i }, k) => [i, k]));
  const rejections = rejected.filter(Boolean).length;
  const stopLevel =
    method === 'holm' ? alpha / Math.max(1, m - rejections) : (Math.max(1, rejections) * alpha) / Math.max(1, m);
  return ps.map((_, i) => {
    const k = rank.get(i);
    const isRejected = rejected[i] ?? false;
    let level = alpha;
    if (k !== undefined) {
      if (method === 'holm') level = isRejected ? alpha / (m - k) : stopLevel;
      else level = isRejected ? (rejections * alpha) / m : stopLevel;
    }
    return { adjusted: adjusted[i] ?? Number.NaN, rejected: isRejected, level };
  });
}
