import type { CanaryConfig } from '../config/canary-config-schema';
import type { MetricSamples } from '../judge/judge-types';
import { sampleRatioMismatch } from '../stats/sample-ratio-mismatch';
import { sampleCounts } from './prepare-metric-samples';
import type { HealthCheck, MetricResult } from './verdict-types';

function list(names: string[]): string {
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
}

/**
 * Checks run before the metric judgements are trusted:
 * - `data`: every metric has data (a `mustHaveData` metric without it forces no-go);
 * - `min-samples`: every metric has `minSamples` per cohort (else its judgement is missing);
 * - `sample-ratio`: when an expected split is given, the traffic of the largest
 *   count metric (rate trials or histogram observations) matches it
 *   (Pearson chi-square at `srmAlpha`); a mismatch makes the comparison untrustworthy -> inconclusive.
 */
export function runHealthChecks(
  config: CanaryConfig,
  metrics: readonly MetricResult[],
  samples: readonly (MetricSamples | null)[],
  expectedSplit: { baseline: number; canary: number } | undefined,
): HealthCheck[] {
  const missing = metrics.filter(
    (m, i) => samples[i] === null && (m.classification === 'nodata' || m.classification === 'error'),
  );
  const missingMust = missing.filter((m) => m.mustHaveData);
  const data: HealthCheck =
    missing.length === 0
      ? { name: 'data', status: 'pass', forces: null, message: `all ${metrics.length} metrics have data` }
      : {
          name: 'data',
          status: 'fail',
          forces: missingMust.length > 0 ? 'no-go' : 'inconclusive',
          message: `${missing.length} metric${missing.length === 1 ? '' : 's'} without usable data: ${list(
            missing.map((m) => `${m.name} (${m.classification}: ${m.reason})`),
          )}${missingMust.length > 0 ? `; mustHaveData: ${list(missingMust.map((m) => m.name))}` : ''}`,
        };

  const short = metrics.filter((m, i) => samples[i] !== null && Math.min(m.n.baseline, m.n.canary) < config.minSamples);
  const minSamples: HealthCheck =
    short.length === 0
      ? {
          name: 'min-samples',
          status: 'pass',
          forces: null,
          message: `every metric with data has at least ${config.minSamples} samples per cohort`,
        }
      : {
          name: 'min-samples',
          status: 'fail',
          forces: short.some((m) => m.mustHaveData) ? 'no-go' : 'inconclusive',
          message: `below ${config.minSamples} samples per cohort: ${list(
            short.map((m) => `${m.name} (${m.n.baseline}/${m.n.canary})`),
          )}`,
        };

  let ratio: HealthCheck;
  if (!expectedSplit) {
    ratio = { name: 'sample-ratio', status: 'skipped', forces: null, message: 'no expectedSplit configured' };
  } else {
    let best: { name: string; baseline: number; canary: number } | null = null;
    metrics.forEach((m, i) => {
      const s = samples[i];
      if (!s || s.kind === 'continuous') return;
      const counts = sampleCounts(s);
      if (!best || counts.baseline + counts.canary > best.baseline + best.canary) best = { name: m.name, ...counts };
    });
    const traffic = best as { name: string; baseline: number; canary: number } | null;
    if (!traffic || traffic.baseline + traffic.canary === 0) {
      ratio = {
        name: 'sample-ratio',
        status: 'skipped',
        forces: null,
        message: 'no rate or latency metric with counts to check the split on',
      };
    } else {
      const srm = sampleRatioMismatch(
        [traffic.baseline, traffic.canary],
        [expectedSplit.baseline, expectedSplit.canary],
      );
      const share = (100 * traffic.canary) / (traffic.baseline + traffic.canary);
      const expectedShare = (100 * expectedSplit.canary) / (expectedSplit.baseline + expectedSplit.canary);
      const detail = {
        metric: traffic.name,
        baseline: traffic.baseline,
        canary: traffic.canary,
        expectedCanaryShare: Number(expectedShare.toPrecision(6)),
        canaryShare: Number(share.toPrecision(6)),
        chiSquare: Number(srm.chiSquare.toPrecision(6)),
        pValue: Number(srm.pValue.toPrecision(6)),
      };
      const text = `canary share ${share.toFixed(2)}% of ${traffic.name} vs expected ${expectedShare.toFixed(2)}% (chi-square p = ${srm.pValue.toPrecision(3)})`;
      ratio =
        srm.pValue < config.srmAlpha
          ? {
              name: 'sample-ratio',
              status: 'fail',
              forces: 'inconclusive',
              message: `sample ratio mismatch: ${text} < ${config.srmAlpha}; the cohorts are not comparable`,
              detail,
            }
          : { name: 'sample-ratio', status: 'pass', forces: null, message: text, detail };
    }
  }
  return [data, minSamples, ratio];
}
