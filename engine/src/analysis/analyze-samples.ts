import type { CanaryConfig, CanaryMetric } from '../config/canary-config-schema';
import { parseDuration } from '../config/parse-duration';
import { judgeMetric } from '../judge/judge-metric';
import type { JudgeMetricSpec, JudgeOptions, MetricJudgement, MetricSamples } from '../judge/judge-types';
import { canonicalDigest } from './canonical-digest';
import { decideVerdict } from './decide-verdict';
import { runHealthChecks } from './health-checks';
import { kayentaScore } from './kayenta-score';
import { metricDistribution } from './metric-distribution';
import { multiplicityLevels } from './multiplicity-levels';
import { type PreparedInput, prepareMetricSamples, sampleCounts } from './prepare-metric-samples';
import type { AnalyzeOptions, JudgeMetricFn, MetricResult, SamplesByMetric, VerdictResult } from './verdict-types';

function specOf(metric: CanaryMetric): JudgeMetricSpec {
  return {
    name: metric.name,
    kind: metric.kind,
    direction: metric.direction,
    margin: metric.margin,
    ...(metric.kind === 'latency' ? { quantile: metric.quantile ?? 0.99 } : {}),
  };
}

/** A judge that throws is a bug, but still only makes this metric `error`, never a go. */
function safeJudge(judge: JudgeMetricFn, spec: JudgeMetricSpec, samples: MetricSamples, options: JudgeOptions) {
  try {
    return judge(spec, samples, options);
  } catch (error) {
    return `the judge failed: ${(error as Error).message}`;
  }
}

interface Slot {
  metric: CanaryMetric;
  prepared: PreparedInput;
  n: { baseline: number; canary: number };
  judgement: MetricJudgement | null;
  /** Why the metric was not judged (nodata/error/too few samples). */
  skipped: { classification: 'nodata' | 'error'; reason: string; samplesNeeded: number | null } | null;
  adjusted: number | null;
  level: number | null;
}

function resultOf(slot: Slot): MetricResult {
  const { metric, judgement, skipped } = slot;
  const base = {
    name: metric.name,
    kind: metric.kind,
    critical: metric.critical,
    gating: metric.gating,
    mustHaveData: metric.mustHaveData,
    direction: metric.direction,
    margin: metric.margin,
    group: metric.group ?? metric.name,
  };
  const distribution = slot.prepared.ok ? metricDistribution(slot.prepared.samples) : ({ kind: 'none' } as const);
  if (!judgement) {
    return {
      ...base,
      classification: skipped?.classification ?? 'nodata',
      harm: 'undecided',
      quantity: null,
      effect: null,
      ci: null,
      pValue: null,
      adjustedPValue: null,
      alpha: null,
      eValue: null,
      n: slot.n,
      test: 'none',
      reason: skipped?.reason ?? 'not judged',
      mde: null,
      samplesNeeded: skipped?.samplesNeeded ?? null,
      summary: null,
      distribution,
    };
  }
  const judged = judgement.classification !== 'nodata' && judgement.classification !== 'error';
  return {
    ...base,
    classification: judgement.classification,
    harm: judgement.harm,
    quantity: judged ? judgement.quantity : null,
    effect: judged ? judgement.effect : null,
    ci: judged ? judgement.ci : null,
    pValue: judgement.pValue,
    adjustedPValue: slot.adjusted,
    alpha: slot.level,
    eValue: judgement.eValue ?? null,
    n: judgement.n,
    test: judgement.test,
    reason: judgement.reason,
    mde: judgement.mde ?? null,
    samplesNeeded: judgement.samplesNeeded ?? null,
    summary: judged ? judgement.summary : null,
    distribution,
  };
}

/**
 * Judges every metric of `config` on the given samples and combines the
 * judgements into a verdict. Pure and deterministic: the same input gives a
 * byte-identical `JSON.stringify` of the result, including `inputDigest`.
 *
 * Order: inputs are validated (non-finite numbers, mismatched lengths ->
 * `error`), the warm-up is skipped, metrics below `minSamples` are `nodata`;
 * each other metric is judged at `alpha`; gating metrics' harm findings are
 * then corrected with Holm and informational ones with Benjamini-Hochberg
 * (a metric whose finding changes is judged again at the procedure's level, so
 * its interval matches its decision). "Safe" needs no correction: a go
 * requires every gating metric to be safe (an intersection-union test).
 * Health checks (data, minimum samples, sample ratio) and the Kayenta score
 * follow; `decideVerdict` gives go / no-go / inconclusive with the reason.
 */
export function analyzeSamples(
  config: CanaryConfig,
  samplesByMetric: SamplesByMetric,
  options: AnalyzeOptions = {},
): VerdictResult {
  const judge: JudgeMetricFn = options.judge ?? judgeMetric;
  const sequential = options.sequential ?? config.sequential;
  const expectedSplit = options.expectedSplit ?? config.expectedSplit;
  const warmupMs = parseDuration(config.warmup);
  const { file: _file, ...sourceForDigest } = options.source ?? {};
  const digest = canonicalDigest({
    config,
    samples: Object.fromEntries(config.metrics.map((m) => [m.name, samplesByMetric[m.name] ?? null])),
    sequential,
    expectedSplit: expectedSplit ?? null,
    windowStart: options.windowStart ?? null,
    source: sourceForDigest,
  });
  const judgeOptions: JudgeOptions = { alpha: config.alpha, minSamples: config.minSamples, sequential };

  const slots: Slot[] = config.metrics.map((metric) => {
    const prepared = prepareMetricSamples(samplesByMetric[metric.name], metric.kind, warmupMs, options.windowStart);
    const slot: Slot = {
      metric,
      prepared,
      n: { baseline: 0, canary: 0 },
      judgement: null,
      skipped: null,
      adjusted: null,
      level: null,
    };
    if (!prepared.ok) {
      slot.skipped = { classification: prepared.kind, reason: prepared.message, samplesNeeded: null };
      return slot;
    }
    slot.n = sampleCounts(prepared.samples);
    const fewest = Math.min(slot.n.baseline, slot.n.canary);
    if (fewest < config.minSamples) {
      slot.skipped = {
        classification: 'nodata',
        reason: `too few samples: ${slot.n.baseline} baseline / ${slot.n.canary} canary, minSamples is ${config.minSamples}`,
        samplesNeeded: config.minSamples,
      };
      return slot;
    }
    const judged = safeJudge(judge, specOf(metric), prepared.samples, judgeOptions);
    if (typeof judged === 'string') slot.skipped = { classification: 'error', reason: judged, samplesNeeded: null };
    else {
      slot.judgement = judged;
      slot.level = config.alpha;
    }
    return slot;
  });

  for (const gating of [true, false]) {
    const family = slots.filter(
      (s) =>
        s.metric.gating === gating &&
        s.judgement &&
        s.judgement.classification !== 'nodata' &&
        s.judgement.classification !== 'error',
    );
    const decisions = multiplicityLevels(
      family.map((s) => s.judgement?.pValue ?? null),
      config.alpha,
      gating ? 'holm' : 'bh',
    );
    family.forEach((slot, i) => {
      const decision = decisions[i];
      const first = slot.judgement;
      if (!decision || !first || first.pValue === null || !Number.isFinite(first.pValue)) return;
      slot.adjusted = decision.adjusted;
      if (first.harm === 'harmful' && !decision.rejected && slot.prepared.ok) {
        const again = safeJudge(judge, specOf(slot.metric), slot.prepared.samples, {
          ...judgeOptions,
          alpha: decision.level,
        });
        if (typeof again === 'string') {
          slot.judgement = null;
          slot.skipped = { classification: 'error', reason: again, samplesNeeded: null };
        } else {
          slot.judgement = again;
          slot.level = decision.level;
        }
      }
    });
  }

  const metrics = slots.map(resultOf);
  const health = runHealthChecks(
    config,
    metrics,
    slots.map((s) => (s.prepared.ok ? s.prepared.samples : null)),
    expectedSplit,
  );
  const scoreDetail = kayentaScore(config, metrics);
  const { verdict, reason, missing } = decideVerdict(config, metrics, health);
  return {
    verdict,
    reason,
    score: scoreDetail.value,
    metrics,
    health,
    inputDigest: digest,
    name: config.name,
    scoreDetail,
    missing,
    settings: { alpha: config.alpha, minSamples: config.minSamples, sequential, warmupMs },
    ...(options.source ? { source: options.source } : {}),
  };
}
