import type { ContrastSource } from './contrast-source';
import { boundMultiplier, combineSides, type Estimate, type OneSided, type TestMode, testPositive } from './harm-test';
import type { Direction, Margin } from './judge-types';

/** Outcome of the one-sided harm and safety tests of one compared quantity against its margin. */
export interface LocationDecision {
  harmfulSide: 'high' | 'low' | null;
  safe: boolean;
  pValue: number;
  eValue: number | null;
  ci: { lower: number; upper: number; level: number };
  /** Tolerated harm in absolute units of the compared quantity, now. */
  tolerance: number;
  mde: number | null;
  samplesNeeded: number | null;
}

const Z_POWER_80 = 0.8416212335729143;

/** Harm contrasts of one side: s·(C - B) beyond each configured margin (all must be exceeded: tolerance = max). */
function harmContrasts(source: ContrastSource, s: 1 | -1, margin: Margin): Estimate[] {
  const out: Estimate[] = [];
  const signB = source.baseline < 0 ? -1 : 1;
  if (margin.relative !== undefined) out.push(source.contrast(s, s + margin.relative * signB, 0));
  if (margin.absolute !== undefined) out.push(source.contrast(s, s, margin.absolute));
  if (out.length === 0) out.push(source.contrast(s, s, 0));
  return out;
}

/**
 * Decides harm / safety of `source` (canary vs baseline) for a direction and margin:
 * harm on a side when every margin contrast is proven positive (intersection-union, level α per side);
 * safety when, on every harmful side, some margin contrast is proven negative (Bonferroni over margins);
 * `either` splits α over the two sides.
 */
export function decideLocation(
  source: ContrastSource,
  direction: Direction,
  margin: Margin,
  mode: TestMode,
): LocationDecision {
  const planning: { binding: Estimate | null; multiplier: number } = { binding: null, multiplier: 0 };
  const combined = combineSides(direction, mode, (s, alphaSide) => {
    const contrasts = harmContrasts(source, s, margin);
    const harm: OneSided[] = contrasts.map((c) => testPositive(c, mode, alphaSide));
    const safeAlpha = alphaSide / contrasts.length;
    // The binding contrast for planning: the least-exceeded margin on the side with the largest harm estimate.
    const worst = contrasts.reduce((a, b) => (b.estimate < a.estimate ? b : a));
    if (planning.binding === null || worst.estimate > planning.binding.estimate) {
      planning.binding = worst;
      planning.multiplier = boundMultiplier(worst.df, mode, alphaSide);
    }
    return {
      harmful: harm.every((h) => h.rejects),
      safe: contrasts.some((c) => testPositive({ estimate: -c.estimate, se: c.se, df: c.df }, mode, safeAlpha).rejects),
      pValue: Math.max(...harm.map((h) => h.pValue)),
      eValue: mode.sequential ? Math.min(...harm.map((h) => h.eValue ?? 0)) : null,
    };
  });
  const { harmfulSide, safe, pValue, eValue, alphaSide } = combined;
  const { binding, multiplier: bindingMultiplier } = planning;
  const plain = source.contrast(1, 1, 0);
  const mult = boundMultiplier(plain.df, mode, alphaSide);
  const half = mult * plain.se;
  const ci = { lower: plain.estimate - half, upper: plain.estimate + half, level: 1 - 2 * alphaSide };
  const tolerance = Math.max(
    margin.relative !== undefined ? margin.relative * Math.abs(source.baseline) : 0,
    margin.absolute ?? 0,
  );
  let mde: number | null = null;
  let samplesNeeded: number | null = null;
  if (harmfulSide === null && !safe) {
    mde = Number.isFinite(plain.se) ? tolerance + (mult + Z_POWER_80) * plain.se : null;
    if (binding && Number.isFinite(binding.se) && binding.estimate !== 0) {
      const n = Math.max(source.n.baseline, source.n.canary);
      const factor = ((bindingMultiplier * binding.se) / Math.abs(binding.estimate)) ** 2;
      samplesNeeded = Math.min(1e12, Math.ceil(n * Math.max(factor, 1)));
    }
  }
  return { harmfulSide, safe, pValue, eValue, ci, tolerance, mde, samplesNeeded };
}
