import { describe, expect, it } from 'vitest';
import { analyzeWindow } from '../../src/analysis/index';
import { canaryConfigSchema } from '../../src/config/index';
import type { Cohort } from '../../src/model/cohort';
import type { Measurement, MeasurementRequest, MetricProvider } from '../../src/providers/metric-provider';
import { scriptedJudge } from './scripted-judge';

/** An in-memory provider (test double) answering from a table keyed by `query/variant`, recording requests. */
function tableProvider(
  table: Record<string, Measurement | (() => never)>,
): MetricProvider & { requests: MeasurementRequest[] } {
  const requests: MeasurementRequest[] = [];
  return {
    name: 'table',
    requests,
    async measure(request) {
      requests.push(request);
      const entry = table[`${request.query}/${request.cohort.variant}`];
      if (typeof entry === 'function') return entry();
      return entry ?? { kind: 'nodata', message: `no ${request.query}` };
    },
  };
}

const cohorts: { baseline: Cohort; canary: Cohort } = {
  baseline: { service: 'checkout', flag: 'new-cart', variant: 'off' },
  canary: { service: 'checkout', flag: 'new-cart', variant: 'on' },
};
const window = { from: 1_700_000_000_000, to: 1_700_003_600_000, step: 60_000 };
const values = (n: number, v: number): Measurement => ({
  kind: 'values',
  timestamps: Array.from({ length: n }, (_, i) => window.from + 600_000 + i * 60_000),
  values: Array.from({ length: n }, (_, i) => v + (i % 5)),
});

describe('analyzeWindow', () => {
  it('asks the provider for each metric and cohort with the right shape, query, filter and warm-up', async () => {
    const config = canaryConfigSchema.parse({
      name: 'x',
      minSamples: 5,
      warmup: '10m',
      metrics: [
        {
          name: 'latency',
          kind: 'continuous',
          query: 'http.server.request.duration',
          statistic: 'mean',
          filter: { 'http.route': '/pay' },
        },
        { name: 'errors', kind: 'rate', query: 'http.server.errors', denominator: 'http.server.requests' },
        { name: 'p99', kind: 'latency', quantile: 0.99 },
      ],
    });
    const provider = tableProvider({
      'http.server.request.duration/off': values(50, 100),
      'http.server.request.duration/on': values(50, 100),
      'http.server.errors/off': { kind: 'counts', timestamps: [window.from + 600_000], events: [5], trials: [1000] },
      'http.server.errors/on': { kind: 'counts', timestamps: [window.from + 600_000], events: [6], trials: [1000] },
      'p99/off': { kind: 'histogram', bounds: [0.1, 0.5], counts: [10, 20, 1], sum: 5, count: 31 },
      'p99/on': { kind: 'histogram', bounds: [0.1, 0.5, 1], counts: [10, 20, 1, 0], sum: 5, count: 31 },
    });
    const { judge } = scriptedJudge({});
    const result = await analyzeWindow(config, provider, cohorts, window, { judge });
    const first = provider.requests[0];
    expect(first).toEqual({
      name: 'latency',
      shape: 'values',
      query: 'http.server.request.duration',
      statistic: 'mean',
      cohort: { ...cohorts.baseline, attributes: { 'http.route': '/pay' } },
      window: { ...window, from: window.from + 600_000 },
    });
    expect(provider.requests.find((r) => r.name === 'errors')).toMatchObject({
      shape: 'counts',
      query: 'http.server.errors',
      denominatorQuery: 'http.server.requests',
    });
    expect(provider.requests.find((r) => r.name === 'p99')?.shape).toBe('histogram');
    expect(result.metrics.map((m) => m.classification)).toEqual(['pass', 'pass', 'error']);
    expect(result.metrics[2]?.reason).toMatch(/different bucket bounds/);
    expect(result.verdict).toBe('inconclusive');
    expect(result.source).toEqual({ provider: 'table', cohorts, window });
  });

  it('turns provider errors, nodata and throws into inconclusive or no-go, never go', async () => {
    const config = canaryConfigSchema.parse({
      name: 'x',
      minSamples: 5,
      metrics: [
        { name: 'a', kind: 'continuous' },
        { name: 'b', kind: 'continuous' },
      ],
    });
    const { judge } = scriptedJudge({});
    const erroring = tableProvider({
      'a/off': values(20, 1),
      'a/on': values(20, 1),
      'b/off': { kind: 'error', message: 'HTTP 503' },
      'b/on': values(20, 1),
    });
    const failed = await analyzeWindow(config, erroring, cohorts, window, { judge });
    expect(failed.verdict).toBe('inconclusive');
    expect(failed.metrics[1]).toMatchObject({ classification: 'error', reason: 'table: baseline: HTTP 503' });

    const throwing = tableProvider({
      'a/off': values(20, 1),
      'a/on': values(20, 1),
      'b/off': () => {
        throw new Error('socket hang up');
      },
    });
    const thrown = await analyzeWindow(config, throwing, cohorts, window, { judge });
    expect(thrown.metrics[1]).toMatchObject({
      classification: 'error',
      reason: 'table: baseline: provider threw: socket hang up',
    });

    const must = canaryConfigSchema.parse({
      ...config,
      metrics: [config.metrics[0], { ...config.metrics[1], mustHaveData: true }],
    });
    const empty = tableProvider({ 'a/off': values(20, 1), 'a/on': values(20, 1) });
    const noData = await analyzeWindow(must, empty, cohorts, window, { judge });
    expect(noData.verdict).toBe('no-go');
    expect(noData.reason).toBe('b must have data but is nodata: table: baseline: no b');
  });

  it('digests the source: another window gives another digest', async () => {
    const config = canaryConfigSchema.parse({ name: 'x', minSamples: 5, metrics: [{ name: 'a', kind: 'continuous' }] });
    const provider = tableProvider({ 'a/off': values(20, 1), 'a/on': values(20, 1) });
    const { judge } = scriptedJudge({});
    const seen: string[] = [];
    const one = await analyzeWindow(config, provider, cohorts, window, {
      judge,
      onProgress: (done, total, metric) => seen.push(`${done}/${total} ${metric}`),
    });
    expect(seen).toEqual(['1/1 a']);
    const same = await analyzeWindow(config, provider, cohorts, window, { judge });
    const other = await analyzeWindow(config, provider, cohorts, { ...window, to: window.to + 60_000 }, { judge });
    expect(same.inputDigest).toBe(one.inputDigest);
    expect(other.inputDigest).not.toBe(one.inputDigest);
  });
});
