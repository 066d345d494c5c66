import type { CanaryConfig } from '../config/canary-config-schema';
import type { HealthCheck, MetricResult, MissingEvidence, Verdict } from './verdict-types';

function formatNumber(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The verdict from metric results and health checks, health checks first:
 * 1. a `mustHaveData` metric without data -> no-go;
 * 2. a failed sample-ratio check -> inconclusive: the cohorts are not comparable, so no metric result is
 *    trusted either way (the reason names any metric that would otherwise have meant no-go);
 * 3. a gating metric proven harmful beyond its margin (after Holm) -> no-go (critical ones named first);
 * 4. every gating metric proven safe within its margin -> go;
 * 5. otherwise inconclusive, listing what is missing (MDE, samples needed).
 * Missing data never passes: a gating metric without data is never safe.
 */
export function decideVerdict(
  config: CanaryConfig,
  metrics: readonly MetricResult[],
  health: readonly HealthCheck[],
): { verdict: Verdict; reason: string; missing: MissingEvidence[] } {
  const noData = (m: MetricResult) => m.classification === 'nodata' || m.classification === 'error';
  const gating = metrics.filter((m) => m.gating);
  const missing: MissingEvidence[] = gating
    .filter((m) => m.harm !== 'safe' && m.harm !== 'harmful')
    .map((m) => {
      let reason = m.reason;
      if (!noData(m) && m.mde !== null) {
        reason = `minimum detectable effect now ${formatNumber(m.mde)} at n = ${m.n.baseline}/${m.n.canary}`;
        if (m.samplesNeeded !== null) reason += `; about ${Math.ceil(m.samplesNeeded)} samples per cohort would decide`;
      } else if (noData(m) && m.samplesNeeded !== null) {
        reason = `${m.reason}; needs ${m.samplesNeeded} per cohort`;
      }
      return { metric: m.name, reason, mde: m.mde, samplesNeeded: m.samplesNeeded };
    });

  const mustMissing = metrics.filter((m) => m.mustHaveData && noData(m));
  if (mustMissing.length > 0) {
    const first = mustMissing[0] as MetricResult;
    return {
      verdict: 'no-go',
      reason: `${first.name} must have data but is ${first.classification}: ${first.reason}${
        mustMissing.length > 1 ? ` (and ${plural(mustMissing.length - 1, 'more metric')})` : ''
      }`,
      missing,
    };
  }
  const harmful = gating.filter((m) => m.harm === 'harmful').sort((a, b) => Number(b.critical) - Number(a.critical));
  const srm = health.find((h) => h.name === 'sample-ratio' && h.status === 'fail');
  if (srm) {
    const untrusted =
      harmful.length > 0
        ? `; not trusted either: ${harmful.map((m) => m.name).join(', ')} would otherwise mean no-go`
        : '';
    return { verdict: 'inconclusive', reason: `${srm.message}${untrusted}`, missing };
  }
  if (harmful.length > 0) {
    const first = harmful[0] as MetricResult;
    return {
      verdict: 'no-go',
      reason: `${first.critical ? 'critical ' : ''}${first.name} is harmful beyond its margin: ${first.reason}${
        harmful.length > 1
          ? ` (and ${harmful
              .slice(1)
              .map((m) => m.name)
              .join(', ')})`
          : ''
      }`,
      missing,
    };
  }
  if (gating.length === 0) {
    return { verdict: 'inconclusive', reason: 'no gating metrics: nothing decides the verdict', missing };
  }
  if (missing.length === 0) {
    const flagged = metrics.filter((m) => !m.gating && m.harm === 'harmful').map((m) => m.name);
    return {
      verdict: 'go',
      reason: `${
        gating.length === 1
          ? `the gating metric ${(gating[0] as MetricResult).name} is shown within its margin`
          : `all ${gating.length} gating metrics shown within their margins`
      } (family-wise alpha ${config.alpha})${
        flagged.length > 0 ? `; informational metrics beyond their margins: ${flagged.join(', ')}` : ''
      }`,
      missing,
    };
  }
  const withoutData = gating.filter(noData);
  const undecided = missing.length - withoutData.length;
  const parts: string[] = [];
  if (withoutData.length > 0)
    parts.push(
      `${plural(withoutData.length, 'gating metric')} without enough data (${withoutData.map((m) => m.name).join(', ')})`,
    );
  if (undecided > 0) {
    parts.push(
      `${plural(undecided, 'gating metric')} not yet shown within margin (${missing
        .filter((x) => !withoutData.some((m) => m.name === x.metric))
        .map((x) => x.metric)
        .join(', ')})`,
    );
  }
  return { verdict: 'inconclusive', reason: parts.join('; '), missing };
}
