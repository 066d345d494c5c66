import { logBetaMixtureEValue } from '../stats/beta-mixture-e-value';
import { binomialUpperTail } from '../stats/binomial-upper-tail';
import { conditionalPoissonRateTest } from '../stats/conditional-poisson-rate-test';
import { normalQuantile } from '../stats/normal-quantile';
import { poissonMeanBound } from '../stats/poisson-mean-bound';
import { combineSides, type TestMode } from './harm-test';
import type { Direction, Margin } from './judge-types';
import type { LocationDecision } from './location-decision';

/** Totals of a rare-event comparison: events and exposure (trials) per cohort. */
export interface RateTotals {
  canaryEvents: number;
  canaryTrials: number;
  baselineEvents: number;
  baselineTrials: number;
}

function evidence(
  t: RateTotals,
  ratio0: number,
  alternative: 'greater' | 'less',
  mode: TestMode,
  alpha: number,
): { pValue: number; eValue: number | null; rejects: boolean } {
  if (!mode.sequential) {
    const { pValue } = conditionalPoissonRateTest(
      t.canaryEvents,
      t.canaryTrials,
      t.baselineEvents,
      t.baselineTrials,
      ratio0,
      alternative,
    );
    return { pValue, eValue: null, rejects: pValue <= alpha };
  }
  const p0 = (ratio0 * t.canaryTrials) / (ratio0 * t.canaryTrials + t.baselineTrials);
  const logE = logBetaMixtureEValue(t.canaryEvents, t.canaryEvents + t.baselineEvents, p0, alternative);
  const eValue = Math.exp(logE);
  return { pValue: Math.min(1, 1 / eValue), eValue, rejects: logE >= Math.log(1 / alpha) };
}

/** Clopper-Pearson-style bound on the canary share p of all events, by bisection on the exact binomial tail. */
function shareBound(x: number, k: number, alpha: number, upper: boolean): number {
  if (!upper && x === 0) return 0;
  if (upper && x === k) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (upper) {
      // P(X ≤ x | mid) = 1 - P(X ≥ x + 1): decreasing in mid; find where it equals alpha.
      if (1 - binomialUpperTail(x + 1, k, mid) > alpha) lo = mid;
      else hi = mid;
    } else if (binomialUpperTail(x, k, mid) < alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Harm / safety of a rare-event rate (errors per request) by the exact conditional binomial test on the rate
 * ratio (always-valid beta-mixture e-values in sequential mode). Margins become a rate-ratio bound
 * 1 ± max(relative, absolute / baseline rate). With an absolute margin and a fixed horizon, safety can also be
 * shown on the rate difference from exact Poisson (Garwood) bounds, which works with no events at all.
 * The effect interval is the exact conditional interval of the ratio, shown as a rate difference at the
 * observed baseline rate.
 */
export function decideExactRate(
  t: RateTotals,
  direction: Direction,
  margin: Margin,
  mode: TestMode,
  samplesNow: number,
): LocationDecision {
  const rateB = t.baselineEvents / t.baselineTrials;
  const rateC = t.canaryEvents / t.canaryTrials;
  const rel = Math.max(margin.relative ?? 0, margin.absolute !== undefined && rateB > 0 ? margin.absolute / rateB : 0);
  const combined = combineSides(direction, mode, (s, alphaSide) => {
    const ratio0 = s === 1 ? 1 + rel : Math.max(1 - rel, 1e-12);
    const harm = evidence(t, ratio0, s === 1 ? 'greater' : 'less', mode, alphaSide);
    // With an absolute margin, safety may also be shown on the rate difference from exact Poisson bounds
    // (useful when there are few or no events); the two safety routes split alpha (Bonferroni). These bounds
    // are fixed-horizon, so the route is not used in sequential mode.
    const absolute = margin.absolute;
    const safetyAlpha = absolute === undefined ? alphaSide : alphaSide / 2;
    const safety = evidence(t, ratio0, s === 1 ? 'less' : 'greater', mode, safetyAlpha);
    let safeByDifference = false;
    if (absolute !== undefined && !mode.sequential) {
      const a = safetyAlpha / 2;
      const worst =
        s === 1
          ? poissonMeanBound(t.canaryEvents, a, 'upper') / t.canaryTrials -
            poissonMeanBound(t.baselineEvents, a, 'lower') / t.baselineTrials
          : poissonMeanBound(t.baselineEvents, a, 'upper') / t.baselineTrials -
            poissonMeanBound(t.canaryEvents, a, 'lower') / t.canaryTrials;
      safeByDifference = worst < absolute;
    }
    return {
      harmful: harm.rejects,
      safe: safety.rejects || safeByDifference,
      pValue: harm.pValue,
      eValue: harm.eValue,
    };
  });
  const { harmfulSide, safe, pValue, eValue, alphaSide } = combined;
  const k = t.canaryEvents + t.baselineEvents;
  const toRatio = (p: number) => (p / (1 - p)) * (t.baselineTrials / t.canaryTrials);
  const lowerRatio = k === 0 ? 0 : toRatio(shareBound(t.canaryEvents, k, alphaSide, false));
  const upperRatio = k === 0 ? Number.POSITIVE_INFINITY : toRatio(shareBound(t.canaryEvents, k, alphaSide, true));
  const ci = {
    lower: rateB > 0 ? rateB * (lowerRatio - 1) : rateC - rateB,
    upper: rateB > 0 ? rateB * (upperRatio - 1) : Number.POSITIVE_INFINITY,
    level: 1 - 2 * alphaSide,
  };
  let mde: number | null = null;
  let samplesNeeded: number | null = null;
  if (harmfulSide === null && !safe) {
    const seLog = Math.sqrt(1 / Math.max(t.canaryEvents, 0.5) + 1 / Math.max(t.baselineEvents, 0.5));
    const z = normalQuantile(1 - alphaSide);
    mde = rateB > 0 ? rateB * ((1 + rel) * Math.exp((z + 0.8416212335729143) * seLog) - 1) : null;
    const observed = rateB > 0 && rateC > 0 ? Math.log(rateC / rateB) : null;
    const gap = observed === null ? 0 : Math.abs(observed - Math.log(1 + rel));
    if (gap > 0) {
      samplesNeeded = Math.min(1e15, Math.ceil(samplesNow * Math.max(((z * seLog) / gap) ** 2, 1)));
    }
  }
  return {
    harmfulSide,
    safe,
    pValue,
    eValue,
    ci,
    tolerance: rel * rateB,
    mde,
    samplesNeeded,
  };
}
