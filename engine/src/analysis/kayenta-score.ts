import type { CanaryConfig } from '../config/canary-config-schema';
import type { MetricResult, ScoreDetail, ScoreGroup } from './verdict-types';

/** Rounds to 2 decimals as Kayenta does. */
function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * The Kayenta-compatible 0-100 score (WeightedSumScorer + ThresholdScoreClassifier).
 *
 * Per group: 100 · pass / (pass + high + low + nodata-fail), where `nodata`
 * and `error` are not counted unless the metric has `mustHaveData` (then it
 * counts as a failure); a group with nothing counted enters the sum as 100.
 * A critical metric that is not `pass` makes the score 0, and so do
 * `nodata` on half or more of the metrics. Groups without a weight share what
 * the weighted ones leave of 100 (the config validates weights). Each metric
 * is in one group: `group`, or its own name. Rounded to 2 decimals, then
 * classified: >= pass -> pass, >= marginal -> marginal, else fail.
 */
export function kayentaScore(config: CanaryConfig, metrics: readonly MetricResult[]): ScoreDetail {
  const thresholds = config.thresholds;
  const classify = (value: number): ScoreDetail['classification'] =>
    value >= thresholds.pass ? 'pass' : value >= thresholds.marginal ? 'marginal' : 'fail';

  const weights = new Map<string, number>(Object.entries(config.groups ?? {}));
  for (const metric of config.metrics) {
    if (metric.weight !== undefined) weights.set(metric.group ?? metric.name, metric.weight);
  }
  const order: string[] = [];
  const tally = new Map<string, { pass: number; counted: number }>();
  for (const metric of metrics) {
    let entry = tally.get(metric.group);
    if (!entry) {
      entry = { pass: 0, counted: 0 };
      tally.set(metric.group, entry);
      order.push(metric.group);
    }
    const missing = metric.classification === 'nodata' || metric.classification === 'error';
    if (missing && !metric.mustHaveData) continue;
    entry.counted += 1;
    if (metric.classification === 'pass') entry.pass += 1;
  }
  const weightedSum = order.reduce((acc, g) => acc + (weights.get(g) ?? 0), 0);
  const unweighted = order.filter((g) => !weights.has(g));
  const share = unweighted.length > 0 ? Math.max(0, 100 - weightedSum) / unweighted.length : 0;
  const groups: ScoreGroup[] = order.map((name) => {
    const entry = tally.get(name) ?? { pass: 0, counted: 0 };
    return {
      name,
      score: entry.counted === 0 ? null : round2((100 * entry.pass) / entry.counted),
      weight: weights.get(name) ?? share,
    };
  });

  const tidyWeights = () => groups.map((g) => ({ ...g, weight: Number(g.weight.toPrecision(6)) }));
  const failedCritical = metrics.find((m) => m.critical && m.classification !== 'pass');
  if (failedCritical) {
    return {
      value: 0,
      classification: classify(0),
      thresholds,
      groups: tidyWeights(),
      reason: `critical metric ${failedCritical.name} is ${failedCritical.classification}: ${failedCritical.reason}`,
    };
  }
  const nodata = metrics.filter((m) => m.classification === 'nodata').length;
  if (metrics.length > 0 && nodata / metrics.length >= 0.5) {
    return {
      value: 0,
      classification: classify(0),
      thresholds,
      groups: tidyWeights(),
      reason: `${nodata} of ${metrics.length} metrics have no data (50% or more)`,
    };
  }
  const value = round2(groups.reduce((acc, g) => acc + ((g.score ?? 100) * g.weight) / 100, 0));
  const classification = classify(value);
  return {
    value,
    classification,
    thresholds,
    groups: tidyWeights(),
    reason: `weighted score ${value} over ${groups.length} group${groups.length === 1 ? '' : 's'}: ${classification} (pass >= ${thresholds.pass}, marginal >= ${thresholds.marginal})`,
  };
}
