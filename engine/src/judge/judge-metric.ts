import { median } from 'simple-statistics';
import { continuousSource } from './continuous-source';
import type { ContrastSource } from './contrast-source';
import { decideExactRate } from './exact-rate-decision';
import type { TestMode } from './harm-test';
import type {
  CountSeries,
  HistogramData,
  JudgeMetricSpec,
  JudgeOptions,
  MetricJudgement,
  MetricSamples,
} from './judge-types';
import { latencySource } from './latency-source';
import { decideLocation, type LocationDecision } from './location-decision';
import { deltaRateSource, poissonDispersion, proportionSource } from './rate-source';

const DEFAULT_HORIZON = 120;
const DEFAULT_HORIZON_OBSERVATIONS = 100_000;
const DEFAULT_SPREAD_SHARE = 0.2;
/** Per-trial rate below which events are "rare" and the exact conditional Poisson test is used. */
const RARE_RATE = 0.1;

function firstNonFinite(values: readonly number[]): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return i;
  return -1;
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Number(v.toPrecision(4)).toString();
}

function blank(
  spec: JudgeMetricSpec,
  classification: 'nodata' | 'error',
  reason: string,
  n: { baseline: number; canary: number },
): MetricJudgement {
  return {
    name: spec.name,
    classification,
    harm: 'undecided',
    quantity:
      spec.kind === 'rate' ? 'rate' : spec.kind === 'latency' ? `p${fmt((spec.quantile ?? 0.99) * 100)}` : 'mean',
    effect: { absolute: Number.NaN, relative: null },
    ci: { lower: Number.NaN, upper: Number.NaN, level: Number.NaN },
    pValue: null,
    n,
    test: 'none',
    reason,
    summary: { baseline: Number.NaN, canary: Number.NaN },
  };
}

function absoluteDeviations(values: readonly number[]): number[] {
  const m = median(values as number[]);
  return values.map((v) => Math.abs(v - m));
}

function validateCounts(side: string, s: CountSeries): string | null {
  if (s.events.length !== s.trials.length)
    return `${side}: events has ${s.events.length} buckets, trials ${s.trials.length}`;
  for (let i = 0; i < s.events.length; i++) {
    const e = s.events[i]!;
    const t = s.trials[i]!;
    if (!Number.isFinite(e) || !Number.isFinite(t) || e < 0 || t < 0)
      return `${side}: bucket ${i} has events ${e}, trials ${t}`;
    if (e > t) return `${side}: bucket ${i} has more events (${e}) than trials (${t})`;
  }
  return null;
}

function validateHistogram(side: string, h: HistogramData): string | null {
  if (h.counts.length !== h.bounds.length + 1) {
    return `${side}: ${h.counts.length} bucket counts for ${h.bounds.length} bounds (expected bounds + 1)`;
  }
  for (let i = 1; i < h.bounds.length; i++) {
    if (!(h.bounds[i]! > h.bounds[i - 1]!)) return `${side}: bounds are not strictly ascending at index ${i}`;
  }
  const bad = h.counts.findIndex((c) => !Number.isFinite(c) || c < 0);
  if (bad >= 0) return `${side}: bucket count ${bad} is ${h.counts[bad]}`;
  return null;
}

function describeMargin(spec: JudgeMetricSpec, tolerance: number): string {
  const parts: string[] = [];
  if (spec.margin.relative !== undefined) parts.push(`${fmt(spec.margin.relative * 100)}%`);
  if (spec.margin.absolute !== undefined) parts.push(`${fmt(spec.margin.absolute)} absolute`);
  return parts.length === 0 ? 'zero margin' : `margin ${parts.join(' / ')} (${fmt(tolerance)})`;
}

function assemble(
  spec: JudgeMetricSpec,
  source: Pick<ContrastSource, 'baseline' | 'canary' | 'n' | 'test'>,
  d: LocationDecision,
  mode: TestMode,
  quantity: string,
  spread: { decision: LocationDecision; source: ContrastSource; share: number } | null,
): MetricJudgement {
  const spreadHarm = spread?.decision.harmfulSide === 'high' && d.harmfulSide === null;
  // Show what was decided: when only the spread check found harm, the effect and interval are the spread's.
  const shown = spreadHarm && spread ? spread.source : source;
  const absolute = shown.canary - shown.baseline;
  const relative = shown.baseline !== 0 ? absolute / Math.abs(shown.baseline) : null;
  const harmful = d.harmfulSide !== null || spreadHarm;
  const classification = d.harmfulSide ?? (spreadHarm ? 'high' : 'pass');
  const harm = harmful ? 'harmful' : d.safe ? 'safe' : 'undecided';
  const rel = relative === null ? '' : ` (${relative >= 0 ? '+' : ''}${fmt(relative * 100)}%)`;
  const shownDecision = spreadHarm && spread ? spread.decision : d;
  const bound = `${Math.round(shownDecision.ci.level * 100)}% CI [${fmt(shownDecision.ci.lower)}, ${fmt(shownDecision.ci.upper)}]`;
  const margin = describeMargin(spec, shownDecision.tolerance);
  const evidence = mode.sequential ? `e-value ${fmt(d.eValue ?? 0)}` : `p=${fmt(d.pValue)}`;
  let reason: string;
  if (d.harmfulSide !== null) {
    reason = `${quantity} ${d.harmfulSide === 'high' ? 'rose' : 'fell'} by ${fmt(absolute)}${rel}, beyond the ${margin}: ${bound}, ${evidence}`;
  } else if (spreadHarm && spread) {
    const location = source.canary - source.baseline;
    reason = `spread (mean absolute deviation) rose from ${fmt(spread.source.baseline)} to ${fmt(spread.source.canary)}${rel}, beyond the ${margin}: ${bound}, ${evidence}, while the ${quantity} changed by ${fmt(location)}`;
  } else if (d.safe) {
    reason = `${quantity} changed by ${fmt(absolute)}${rel}, shown within the ${margin}: ${bound}`;
  } else {
    const more =
      d.samplesNeeded !== null ? `; about ${fmt(d.samplesNeeded)} samples per cohort would decide at this effect` : '';
    reason = `${quantity} changed by ${fmt(absolute)}${rel}, neither harm beyond nor safety within the ${margin} is shown yet (${bound}); detectable now: ${d.mde === null ? 'n/a' : fmt(d.mde)}${more}`;
  }
  // Location and spread tests split alpha (weighted Bonferroni); the combined p-value / e-value match that split.
  const pValue = spread ? Math.min(1, d.pValue / (1 - spread.share), spread.decision.pValue / spread.share) : d.pValue;
  const eValue =
    spread && d.eValue !== null && spread.decision.eValue !== null
      ? (1 - spread.share) * d.eValue + spread.share * spread.decision.eValue
      : d.eValue;
  const judgement: MetricJudgement = {
    name: spec.name,
    classification,
    harm,
    quantity: spreadHarm ? 'spread' : quantity,
    effect: { absolute, relative },
    ci: shownDecision.ci,
    pValue,
    n: source.n,
    test: spread ? `${source.test}+${spread.source.test}` : source.test,
    reason,
    summary: { baseline: shown.baseline, canary: shown.canary },
  };
  if (mode.sequential) judgement.eValue = eValue;
  if (harm === 'undecided') {
    judgement.mde = d.mde;
    judgement.samplesNeeded = d.samplesNeeded;
  }
  return judgement;
}

/**
 * Classifies one metric of a canary against its baseline with one-sided harm tests against the practical margin:
 * harm proven beyond the margin -> `high`/`low` (`harmful`); harm beyond the margin excluded -> `pass` (`safe`);
 * otherwise `pass` with `undecided`, the minimum detectable effect now and the samples that would decide.
 *
 * Tests per kind: `continuous` -> paired timestamp-aligned differences with a prewhitened-HAC standard error
 * (Welch when there are no timestamps) plus a Brown-Forsythe spread check; `rate` -> exact conditional Poisson
 * test for rare events, two-proportion z for frequent ones, delta method with HAC for overdispersed buckets;
 * `latency` -> histogram quantile (default p99) with Woodruff intervals. `sequential` makes every test
 * always-valid (mixture e-values), so repeated polling keeps the false-alarm rate at `alpha`.
 * Pure and deterministic.
 */
export function judgeMetric(spec: JudgeMetricSpec, samples: MetricSamples, options: JudgeOptions): MetricJudgement {
  if (spec.kind !== samples.kind) {
    return blank(spec, 'error', `metric is configured as ${spec.kind} but the samples are ${samples.kind}`, {
      baseline: 0,
      canary: 0,
    });
  }
  const alpha = options.alpha;
  if (!(alpha > 0 && alpha < 1))
    return blank(spec, 'error', `alpha must be in (0, 1), got ${alpha}`, { baseline: 0, canary: 0 });
  if (samples.kind === 'continuous') {
    const n = { baseline: samples.baseline.length, canary: samples.canary.length };
    for (const [side, values] of [
      ['baseline', samples.baseline],
      ['canary', samples.canary],
    ] as const) {
      const bad = firstNonFinite(values);
      if (bad >= 0)
        return blank(spec, 'error', `${side} value at index ${bad} is ${values[bad]} (not a finite number)`, n);
    }
    for (const [side, ts, values] of [
      ['baseline', samples.baselineTimestamps, samples.baseline],
      ['canary', samples.canaryTimestamps, samples.canary],
    ] as const) {
      if (ts && ts.length !== values.length) {
        return blank(spec, 'error', `${side}: ${ts.length} timestamps for ${values.length} values`, n);
      }
    }
    if (n.baseline < options.minSamples || n.canary < options.minSamples) {
      return blank(
        spec,
        'nodata',
        `too few samples: baseline ${n.baseline}, canary ${n.canary} (minimum ${options.minSamples} per cohort)`,
        n,
      );
    }
    const horizon = options.sequentialHorizon ?? DEFAULT_HORIZON;
    const mode: TestMode = {
      sequential: options.sequential,
      information: Math.min(n.baseline, n.canary) / horizon,
      alpha,
    };
    const share = Math.min(Math.max(options.spreadAlphaShare ?? DEFAULT_SPREAD_SHARE, 0), 0.9);
    const source = continuousSource(
      samples.baseline,
      samples.canary,
      options.minSamples,
      samples.baselineTimestamps,
      samples.canaryTimestamps,
    );
    const decision = decideLocation(source, spec.direction, spec.margin, { ...mode, alpha: alpha * (1 - share) });
    let spread: { decision: LocationDecision; source: ContrastSource; share: number } | null = null;
    if (share > 0) {
      const spreadSource = continuousSource(
        absoluteDeviations(samples.baseline),
        absoluteDeviations(samples.canary),
        options.minSamples,
        samples.baselineTimestamps,
        samples.canaryTimestamps,
        'abs-deviation',
      );
      const spreadMargin = spec.margin.relative !== undefined ? { relative: spec.margin.relative } : {};
      spread = {
        share,
        source: spreadSource,
        decision: decideLocation(spreadSource, 'increase', spreadMargin, { ...mode, alpha: alpha * share }),
      };
    }
    return assemble(spec, source, decision, mode, 'mean', spread);
  }
  if (samples.kind === 'rate') {
    const n = { baseline: samples.baseline.events.length, canary: samples.canary.events.length };
    const invalid = validateCounts('baseline', samples.baseline) ?? validateCounts('canary', samples.canary);
    if (invalid) return blank(spec, 'error', invalid, n);
    const sum = (v: readonly number[]) => v.reduce((s, x) => s + x, 0);
    const totals = {
      baselineEvents: sum(samples.baseline.events),
      baselineTrials: sum(samples.baseline.trials),
      canaryEvents: sum(samples.canary.events),
      canaryTrials: sum(samples.canary.trials),
    };
    // One aggregate bucket per side: the samples are the trials.
    const count = (buckets: number, trials: number) => (buckets > 1 ? buckets : trials);
    const samplesPer = {
      baseline: count(n.baseline, totals.baselineTrials),
      canary: count(n.canary, totals.canaryTrials),
    };
    if (
      samplesPer.baseline < options.minSamples ||
      samplesPer.canary < options.minSamples ||
      totals.baselineTrials === 0 ||
      totals.canaryTrials === 0
    ) {
      return blank(
        spec,
        'nodata',
        `too few samples: baseline ${samplesPer.baseline}, canary ${samplesPer.canary} (minimum ${options.minSamples} per cohort, and trials > 0)`,
        samplesPer,
      );
    }
    const horizon = options.sequentialHorizon ?? DEFAULT_HORIZON;
    const mode: TestMode = {
      sequential: options.sequential,
      information: Math.min(samplesPer.baseline, samplesPer.canary) / horizon,
      alpha,
    };
    const minBuckets = Math.min(n.baseline, n.canary);
    const dispersionLimit = 1 + 3 * Math.sqrt(2 / Math.max(minBuckets - 1, 1));
    const overdispersed =
      minBuckets >= 10 &&
      Math.max(poissonDispersion(samples.baseline), poissonDispersion(samples.canary)) > dispersionLimit;
    if (overdispersed) {
      const source = deltaRateSource(
        samples.baseline,
        samples.canary,
        options.minSamples,
        samples.baselineTimestamps,
        samples.canaryTimestamps,
      );
      return assemble(spec, source, decideLocation(source, spec.direction, spec.margin, mode), mode, 'rate', null);
    }
    const rare =
      totals.baselineEvents / totals.baselineTrials < RARE_RATE &&
      totals.canaryEvents / totals.canaryTrials < RARE_RATE;
    if (!rare) {
      const source = proportionSource(samples.baseline, samples.canary);
      return assemble(
        spec,
        { ...source, n: samplesPer },
        decideLocation(source, spec.direction, spec.margin, mode),
        mode,
        'rate',
        null,
      );
    }
    const decision = decideExactRate(
      totals,
      spec.direction,
      spec.margin,
      mode,
      Math.max(samplesPer.baseline, samplesPer.canary),
    );
    const source = {
      baseline: totals.baselineEvents / totals.baselineTrials,
      canary: totals.canaryEvents / totals.canaryTrials,
      n: samplesPer,
      test: options.sequential ? 'poisson-conditional-beta-mixture' : 'poisson-conditional-exact',
    };
    return assemble(spec, source, decision, mode, 'rate', null);
  }
  const invalid = validateHistogram('baseline', samples.baseline) ?? validateHistogram('canary', samples.canary);
  const total = (h: HistogramData) => h.counts.reduce((s, c) => s + c, 0);
  const n = { baseline: total(samples.baseline), canary: total(samples.canary) };
  if (invalid) return blank(spec, 'error', invalid, n);
  const same =
    samples.baseline.bounds.length === samples.canary.bounds.length &&
    samples.baseline.bounds.every((b, i) => b === samples.canary.bounds[i]);
  if (!same) return blank(spec, 'error', 'baseline and canary histograms have different bucket bounds', n);
  if (n.baseline < options.minSamples || n.canary < options.minSamples) {
    return blank(
      spec,
      'nodata',
      `too few observations: baseline ${n.baseline}, canary ${n.canary} (minimum ${options.minSamples} per cohort)`,
      n,
    );
  }
  const q = spec.quantile ?? 0.99;
  const source = latencySource(samples.baseline, samples.canary, q);
  const mode: TestMode = {
    sequential: options.sequential,
    information:
      Math.min(n.baseline, n.canary) / (options.sequentialHorizonObservations ?? DEFAULT_HORIZON_OBSERVATIONS),
    alpha,
  };
  return assemble(
    spec,
    source,
    decideLocation(source, spec.direction, spec.margin, mode),
    mode,
    `p${fmt(q * 100)}`,
    null,
  );
}
