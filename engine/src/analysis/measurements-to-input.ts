import type { Measurement } from '../providers/metric-provider';
import type { MetricInput } from './verdict-types';

const LABEL = { values: 'continuous', counts: 'rate', histogram: 'latency' } as const;

/**
 * One metric's input from the two cohorts' measurements: a provider's
 * `error` wins over `nodata`, which wins over data; shapes that do not fit the
 * metric's kind, or histograms with different bucket bounds, are `error`.
 */
export function measurementsToInput(
  kind: MetricInput['kind'],
  provider: string,
  baseline: Measurement,
  canary: Measurement,
): MetricInput {
  const sides = [
    ['baseline', baseline],
    ['canary', canary],
  ] as const;
  for (const [side, m] of sides) {
    if (m.kind === 'error') return { kind: 'error', message: `${provider}: ${side}: ${m.message}` };
  }
  for (const [side, m] of sides) {
    if (m.kind === 'nodata') return { kind: 'nodata', message: `${provider}: ${side}: ${m.message}` };
  }
  for (const [side, m] of sides) {
    if (m.kind !== 'nodata' && m.kind !== 'error' && LABEL[m.kind] !== kind) {
      return { kind: 'error', message: `${provider}: ${side}: got ${m.kind} for a ${kind} metric` };
    }
  }
  if (baseline.kind === 'values' && canary.kind === 'values') {
    return {
      kind: 'continuous',
      baseline: baseline.values,
      canary: canary.values,
      baselineTimestamps: baseline.timestamps,
      canaryTimestamps: canary.timestamps,
    };
  }
  if (baseline.kind === 'counts' && canary.kind === 'counts') {
    return {
      kind: 'rate',
      baseline: { events: baseline.events, trials: baseline.trials },
      canary: { events: canary.events, trials: canary.trials },
      baselineTimestamps: baseline.timestamps,
      canaryTimestamps: canary.timestamps,
    };
  }
  if (baseline.kind === 'histogram' && canary.kind === 'histogram') {
    const same =
      baseline.bounds.length === canary.bounds.length && baseline.bounds.every((b, i) => b === canary.bounds[i]);
    if (!same) {
      return {
        kind: 'error',
        message: `${provider}: baseline and canary histograms have different bucket bounds ([${baseline.bounds.join(', ')}] vs [${canary.bounds.join(', ')}])`,
      };
    }
    return {
      kind: 'latency',
      baseline: { bounds: baseline.bounds, counts: baseline.counts },
      canary: { bounds: canary.bounds, counts: canary.counts },
    };
  }
  return { kind: 'error', message: `${provider}: baseline and canary measurements have different shapes` };
}
