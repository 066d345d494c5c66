import { normalCdf } from '../stats/normal-cdf';
import { normalMixtureBoundary } from '../stats/normal-mixture-boundary';
import { logNormalMixtureEValue } from '../stats/normal-mixture-e-value';
import { normalQuantile } from '../stats/normal-quantile';
import { studentTCdf } from '../stats/student-t-cdf';
import { studentTQuantile } from '../stats/student-t-quantile';

/** An estimate with its standard error and a Student-t reference (df = Infinity: normal). */
export interface Estimate {
  estimate: number;
  se: number;
  df: number;
}

/** How the one-sided tests are run: fixed horizon, or always-valid with information fraction `information`. */
export interface TestMode {
  sequential: boolean;
  /** n / horizon (sequential only). */
  information: number;
  alpha: number;
}

/** One-sided evidence that a contrast is above zero: p-value, e-value and whether it rejects. */
export interface OneSided {
  pValue: number;
  eValue: number | null;
  rejects: boolean;
}

/** Mixture tuning: information r = ρ·(n / horizon) with ρ near the boundary-minimising value at the horizon. */
export function mixtureInformation(alpha: number, information: number): number {
  return Math.max(1, 2 * Math.log(1 / alpha)) * Math.max(information, 1e-9);
}

/** z with the same tail probability as t on df degrees of freedom (exact conversion, keeps small-df caution). */
function equivalentZ(t: number, df: number): number {
  if (df === Number.POSITIVE_INFINITY) return t;
  return t >= 0 ? -normalQuantile(studentTCdf(-t, df)) : normalQuantile(studentTCdf(t, df));
}

/** Tests H0: contrast ≤ 0 against contrast > 0 at level `mode.alpha`. */
export function testPositive(e: Estimate, mode: TestMode, alpha = mode.alpha): OneSided {
  if (!(e.se > 0) || !Number.isFinite(e.se)) {
    if (e.se === 0) {
      const rejects = e.estimate > 0;
      return {
        pValue: rejects ? 0 : 1,
        eValue: mode.sequential ? (rejects ? Number.POSITIVE_INFINITY : 0) : null,
        rejects,
      };
    }
    return { pValue: 1, eValue: mode.sequential ? 1 : null, rejects: false };
  }
  const t = e.estimate / e.se;
  if (!mode.sequential) {
    const pValue = e.df === Number.POSITIVE_INFINITY ? normalCdf(-t) : studentTCdf(-t, e.df);
    return { pValue, eValue: null, rejects: pValue <= alpha };
  }
  const z = equivalentZ(t, e.df);
  const logE = logNormalMixtureEValue(z, mixtureInformation(alpha, mode.information));
  const eValue = Math.exp(logE);
  return { pValue: Math.min(1, 1 / eValue), eValue, rejects: logE >= Math.log(1 / alpha) };
}

/** Half-width multiplier of a one-sided bound at level alpha (t quantile, or the always-valid boundary). */
export function boundMultiplier(df: number, mode: TestMode, alpha = mode.alpha): number {
  if (mode.sequential) {
    const z = normalMixtureBoundary(alpha, mixtureInformation(alpha, mode.information));
    if (df === Number.POSITIVE_INFINITY) return z;
    return studentTQuantile(normalCdf(z), df);
  }
  return df === Number.POSITIVE_INFINITY ? normalQuantile(1 - alpha) : studentTQuantile(1 - alpha, df);
}

/** Evidence about one side of a harm test (s = +1: an increase is harm, -1: a decrease). */
export interface SideEvidence {
  harmful: boolean;
  safe: boolean;
  pValue: number;
  eValue: number | null;
}

/** Combined evidence over the harmful sides of a direction (`either` splits alpha in two, Bonferroni). */
export interface CombinedEvidence {
  harmfulSide: 'high' | 'low' | null;
  safe: boolean;
  pValue: number;
  eValue: number | null;
  alphaSide: number;
}

/** Runs `perSide` for each harmful side of `direction` at its share of alpha and combines the results. */
export function combineSides(
  direction: 'increase' | 'decrease' | 'either',
  mode: TestMode,
  perSide: (s: 1 | -1, alphaSide: number) => SideEvidence,
): CombinedEvidence {
  const sides: (1 | -1)[] = direction === 'increase' ? [1] : direction === 'decrease' ? [-1] : [1, -1];
  const alphaSide = mode.alpha / sides.length;
  const out: CombinedEvidence = {
    harmfulSide: null,
    safe: true,
    pValue: 1,
    eValue: mode.sequential ? 0 : null,
    alphaSide,
  };
  for (const s of sides) {
    const side = perSide(s, alphaSide);
    if (side.harmful && out.harmfulSide === null) out.harmfulSide = s === 1 ? 'high' : 'low';
    if (!side.safe) out.safe = false;
    out.pValue = Math.min(out.pValue, Math.min(1, side.pValue * sides.length));
    if (out.eValue !== null) out.eValue = Math.max(out.eValue, (side.eValue ?? 0) / sides.length);
  }
  if (out.harmfulSide !== null) out.safe = false;
  return out;
}
