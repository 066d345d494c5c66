import { kthPairwiseDifference } from '../stats/kth-pairwise-difference';
import { normalQuantile } from '../stats/normal-quantile';

export type KayentaClassification = 'Pass' | 'High' | 'Low' | 'Nodata' | 'NodataFailMetric' | 'Error';

/** Options of Kayenta's NetflixACAJudge for one metric (defaults are the judge's hard-coded values). */
export interface KayentaMetricOptions {
  direction: 'increase' | 'decrease' | 'either';
  /** `remove` drops NaN values, `replace` maps them to 0. Default `remove`. */
  nanStrategy?: 'remove' | 'replace';
  critical?: boolean;
  mustHaveData?: boolean;
  /** Hodges-Lehmann tolerance band, as a fraction of |estimate|. Default 0.25. */
  tolerance?: number;
  /** Two-sided confidence level of the Mann-Whitney interval. Default 0.98. */
  confLevel?: number;
  /** Effect-size gate: `meanRatio` (default) or `cles`, with allowed increase/decrease (default 1, 1). */
  effectSize?: { measure?: 'meanRatio' | 'cles'; allowedIncrease?: number; allowedDecrease?: number };
  /** Critical upgrade thresholds on the same effect measure (default 1, 1). */
  criticalThresholds?: { increase?: number; decrease?: number };
}

export interface KayentaSideStats {
  count: number;
  mean: number;
  min: number;
  max: number;
  stdev: number;
}

/** One metric's result in Kayenta's shape (`CanaryAnalysisResult` fields). */
export interface KayentaMetricResult {
  classification: KayentaClassification;
  classificationReason: string;
  critical: boolean;
  /** Mean ratio canary / baseline (Kayenta's `deviation`, reported as `resultMetadata.ratio`); NaN when undefined. */
  deviation: number;
  /** The gating effect size (mean ratio or CLES). */
  effectSize: number;
  /** Hodges-Lehmann estimate and the Mann-Whitney interval of canary - baseline. */
  estimate: number;
  ci: { lower: number; upper: number; level: number };
  experimentStats: KayentaSideStats;
  controlStats: KayentaSideStats;
}

function stats(values: readonly number[]): KayentaSideStats {
  const count = values.length;
  if (count === 0) return { count, mean: 0, min: 0, max: 0, stdev: 0 };
  let mean = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    mean += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  mean /= count;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { count, mean, min, max, stdev: count > 1 ? Math.sqrt(ss / (count - 1)) : 0 };
}

function tieTerm(sorted: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[i]) j++;
    const t = j - i + 1;
    total += t * t * t - t;
    i = j + 1;
  }
  return total;
}

/** Vargha-Delaney A (common-language effect size) of x over y with average ranks. */
function cles(x: readonly number[], y: readonly number[]): number {
  const pooled = [...x.map((v) => ({ v, x: true })), ...y.map((v) => ({ v, x: false }))].sort((a, b) => a.v - b.v);
  let rankSum = 0;
  for (let i = 0; i < pooled.length; ) {
    let j = i;
    while (j + 1 < pooled.length && pooled[j + 1]!.v === pooled[i]!.v) j++;
    const avg = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) if (pooled[k]!.x) rankSum += avg;
    i = j + 1;
  }
  const m = x.length;
  const n = y.length;
  return (2 * rankSum - m * (m + 1)) / (2 * n * m);
}

/**
 * Kayenta-equivalent metric judge (NetflixACAJudge with its MannWhitneyClassifier), for side-by-side comparison
 * and for serving Kayenta's RemoteJudge contract.
 *
 * Same decision rules as Kayenta (canary-anchors §2.3): NaN handling; identical or single-valued data pass; the
 * two-sided Mann-Whitney interval at `confLevel` (normal approximation with continuity and tie correction) around
 * the Hodges-Lehmann estimate; High when the lower bound exceeds `tolerance`·|estimate| (Low mirrored) and the
 * effect size passes its gate (a NaN effect skips the gate); critical upgrade by `criticalThresholds`.
 * Deliberate differences, all numerical: the interval ends are found as exact order statistics of the pairwise
 * differences instead of Brent root-finding with an absolute tolerance of 1e-4 (so tiny-scale metrics get real
 * intervals, never inverted ones), the tie correction uses the within-sample ties at a generic shift, and the
 * "two different constants" case is decided on the exact difference instead of after adding unseeded noise.
 */
export function kayentaJudgeMetric(
  control: readonly number[],
  experiment: readonly number[],
  options: KayentaMetricOptions,
): KayentaMetricResult {
  const nanStrategy = options.nanStrategy ?? 'remove';
  const clean = (values: readonly number[]) =>
    nanStrategy === 'remove' ? values.filter((v) => !Number.isNaN(v)) : values.map((v) => (Number.isNaN(v) ? 0 : v));
  const x = clean(experiment);
  const y = clean(control);
  const critical = options.critical ?? false;
  const result = (
    classification: KayentaClassification,
    classificationReason: string,
    extra: Partial<KayentaMetricResult> = {},
  ): KayentaMetricResult => ({
    classification,
    classificationReason,
    critical: false,
    deviation: Number.NaN,
    effectSize: Number.NaN,
    estimate: Number.NaN,
    ci: { lower: Number.NaN, upper: Number.NaN, level: options.confLevel ?? 0.98 },
    experimentStats: stats(x),
    controlStats: stats(y),
    ...extra,
  });
  if (x.some((v) => !Number.isFinite(v)) || y.some((v) => !Number.isFinite(v))) {
    return result('Error', 'Metric Classification Failed: infinite value in the data');
  }
  const cs = stats(x);
  const bs = stats(y);
  const deviation = cs.mean === 0 || bs.mean === 0 ? Number.NaN : cs.mean / bs.mean;
  if (x.length === 0 || y.length === 0) {
    if (nanStrategy === 'replace')
      return result('Pass', 'The metric returned no data (NaN replacement)', { deviation });
    const side = x.length === 0 && y.length === 0 ? 'Canary and Baseline' : x.length === 0 ? 'Canary' : 'Baseline';
    if ((options.mustHaveData ?? false) && !critical) {
      return result('NodataFailMetric', `Missing data in the ${side}: the metric must have data`);
    }
    return result('Nodata', `Missing data in the ${side}`, { critical });
  }
  const xs = [...x].sort((a, b) => a - b);
  const ys = [...y].sort((a, b) => a - b);
  const level = options.confLevel ?? 0.98;
  if (xs.length === ys.length && xs.every((v, i) => v === ys[i])) {
    return result('Pass', 'The Canary and Baseline data are identical', { deviation: 1, effectSize: 1, estimate: 0 });
  }
  if (xs[0] === xs[xs.length - 1] && ys[0] === ys[ys.length - 1] && xs[0] === ys[0]) {
    return result('Pass', 'All values are equal', { deviation, estimate: 0 });
  }
  const nm = xs.length * ys.length;
  let estimate: number;
  let lower: number;
  let upper: number;
  if (xs[0] === xs[xs.length - 1] && ys[0] === ys[ys.length - 1]) {
    estimate = xs[0]! - ys[0]!;
    lower = estimate;
    upper = estimate;
  } else {
    const n = xs.length;
    const m = ys.length;
    const total = n + m;
    const sigma = Math.sqrt(((n * m) / 12) * (total + 1 - (tieTerm(xs) + tieTerm(ys)) / (total * (total - 1))));
    const z = normalQuantile(1 - (1 - level) / 2);
    const upperCount = nm / 2 + 0.5 + z * sigma;
    const lowerCount = nm / 2 - 0.5 - z * sigma;
    const clamp = (k: number) => Math.min(Math.max(k, 1), nm);
    lower = kthPairwiseDifference(xs, ys, clamp(nm - Math.floor(upperCount)));
    upper = kthPairwiseDifference(xs, ys, clamp(nm - Math.floor(lowerCount)));
    estimate =
      nm % 2 === 1
        ? kthPairwiseDifference(xs, ys, (nm + 1) / 2)
        : (kthPairwiseDifference(xs, ys, nm / 2) + kthPairwiseDifference(xs, ys, nm / 2 + 1)) / 2;
  }
  const tolerance = options.tolerance ?? 0.25;
  const bound = tolerance * Math.abs(estimate);
  const measure = options.effectSize?.measure ?? 'meanRatio';
  const effectSize = measure === 'cles' ? cles(x, y) : deviation;
  const allowedIncrease = options.effectSize?.allowedIncrease ?? 1;
  const allowedDecrease = options.effectSize?.allowedDecrease ?? 1;
  const criticalIncrease = options.criticalThresholds?.increase ?? 1;
  const criticalDecrease = options.criticalThresholds?.decrease ?? 1;
  const nanEffect = Number.isNaN(effectSize);
  const base = { deviation, effectSize, estimate, ci: { lower, upper, level } };
  const dir = options.direction;
  if ((dir === 'increase' || dir === 'either') && lower > bound && (nanEffect || effectSize >= allowedIncrease)) {
    const isCritical = critical && (nanEffect || effectSize >= criticalIncrease);
    return result('High', `The metric was classified as High${isCritical ? ' (Critical)' : ''}`, {
      ...base,
      critical: isCritical,
    });
  }
  if ((dir === 'decrease' || dir === 'either') && upper < -bound && (nanEffect || effectSize <= allowedDecrease)) {
    const isCritical = critical && (nanEffect || effectSize <= criticalDecrease);
    return result('Low', `The metric was classified as Low${isCritical ? ' (Critical)' : ''}`, {
      ...base,
      critical: isCritical,
    });
  }
  return result('Pass', 'The metric was classified as Pass', base);
}
