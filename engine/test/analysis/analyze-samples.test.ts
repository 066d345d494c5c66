import { describe, expect, it } from 'vitest';
import type { SamplesByMetric } from '../../src/analysis/index';
import { analyzeSamples } from '../../src/analysis/index';
import { type CanaryConfigInput, canaryConfigSchema } from '../../src/config/index';
import { scriptedJudge } from './scripted-judge';

function config(input: Partial<CanaryConfigInput> & Pick<CanaryConfigInput, 'metrics'>) {
  return canaryConfigSchema.parse({ name: 'checkout', minSamples: 5, ...input });
}

const series = (n: number, base: number) => Array.from({ length: n }, (_, i) => base + (i % 7) * 0.5);
const continuous = (n = 40) => ({ kind: 'continuous' as const, baseline: series(n, 100), canary: series(n, 101) });

const LATENCY = { name: 'latency', kind: 'continuous' as const, direction: 'increase' as const, critical: true };
const THREE = [
  LATENCY,
  { name: 'cpu', kind: 'continuous' as const, direction: 'increase' as const },
  { name: 'memory', kind: 'continuous' as const, direction: 'increase' as const },
];
const threeSamples: SamplesByMetric = { latency: continuous(), cpu: continuous(), memory: continuous() };

describe('analyzeSamples verdicts', () => {
  it('goes when every gating metric is shown safe', () => {
    const { judge } = scriptedJudge({});
    const result = analyzeSamples(config({ metrics: THREE }), threeSamples, { judge });
    expect(result.verdict).toBe('go');
    expect(result.reason).toBe('all 3 gating metrics shown within their margins (family-wise alpha 0.05)');
    expect(result.score).toBe(100);
    expect(result.metrics.map((m) => m.classification)).toEqual(['pass', 'pass', 'pass']);
    expect(result.health.map((h) => `${h.name}:${h.status}`)).toEqual([
      'data:pass',
      'min-samples:pass',
      'sample-ratio:skipped',
    ]);
  });

  it('is no-go when a gating metric is harmful after Holm, naming critical ones first', () => {
    const { judge } = scriptedJudge({ cpu: { p: 0.001 }, latency: { p: 0.002 } });
    const result = analyzeSamples(config({ metrics: THREE }), threeSamples, { judge });
    expect(result.verdict).toBe('no-go');
    expect(result.reason).toMatch(/^critical latency is harmful beyond its margin: latency got worse \(and cpu\)$/);
    expect(result.score).toBe(0);
    expect(result.scoreDetail.reason).toContain('critical metric latency is high');
  });

  it('applies Holm to gating metrics: a p-value significant alone but not after correction is undecided', () => {
    const { judge, calls } = scriptedJudge({ cpu: { p: 0.02 }, memory: { p: 0.04 } });
    const result = analyzeSamples(config({ metrics: THREE }), threeSamples, { judge });
    // p = 0.5 (latency), 0.02, 0.04: Holm-adjusted 0.5, 0.06, 0.08 -> nothing rejected at 0.05
    const cpu = result.metrics.find((m) => m.name === 'cpu');
    expect(cpu?.adjustedPValue).toBeCloseTo(0.06, 12);
    expect(cpu?.harm).toBe('undecided');
    expect(cpu?.alpha).toBeCloseTo(0.05 / 3, 12);
    expect(cpu?.ci?.level).toBeCloseTo(1 - 0.05 / 3, 12);
    expect(calls.filter((c) => c.name === 'cpu').map((c) => c.alpha)).toEqual([0.05, 0.05 / 3]);
    expect(result.verdict).toBe('inconclusive');
    expect(result.missing.map((m) => m.metric)).toEqual(['cpu', 'memory']);
  });

  it('keeps a Holm rejection: the smallest p below alpha/m stays harmful', () => {
    const { judge } = scriptedJudge({ cpu: { p: 0.01 }, memory: { p: 0.04 } });
    const result = analyzeSamples(config({ metrics: THREE }), threeSamples, { judge });
    // Holm: 0.01*3 = 0.03 <= 0.05 rejected; 0.04*2 = 0.08 not
    expect(result.metrics.find((m) => m.name === 'cpu')?.harm).toBe('harmful');
    expect(result.metrics.find((m) => m.name === 'memory')?.harm).toBe('undecided');
    expect(result.metrics.find((m) => m.name === 'memory')?.alpha).toBeCloseTo(0.025, 12);
    expect(result.verdict).toBe('no-go');
  });

  it('uses Benjamini-Hochberg for informational metrics, which never decide the verdict', () => {
    const metrics = [
      { name: 'latency', kind: 'continuous' as const },
      { name: 'a', kind: 'continuous' as const, gating: false },
      { name: 'b', kind: 'continuous' as const, gating: false },
    ];
    const { judge } = scriptedJudge({ a: { p: 0.02 }, b: { p: 0.04 } });
    const result = analyzeSamples(
      config({ metrics }),
      { latency: continuous(), a: continuous(), b: continuous() },
      {
        judge,
      },
    );
    // BH over (0.02, 0.04): adjusted 0.04, 0.04 -> both rejected at 0.05 (Holm would reject neither... 0.04, 0.04 too)
    expect(result.metrics.map((m) => m.harm)).toEqual(['safe', 'harmful', 'harmful']);
    expect(result.reason).toBe(
      'the gating metric latency is shown within its margin (family-wise alpha 0.05); informational metrics beyond their margins: a, b',
    );
    expect(result.metrics[1]?.adjustedPValue).toBeCloseTo(0.04, 12);
    expect(result.verdict).toBe('go');
    expect(result.score).toBeCloseTo(33.33, 2);
  });

  it('never goes on missing data: nodata -> inconclusive, mustHaveData -> no-go, provider error -> inconclusive', () => {
    const { judge } = scriptedJudge({});
    const metrics = [LATENCY, { name: 'errors', kind: 'rate' as const }];
    const absent = analyzeSamples(config({ metrics }), { latency: continuous() }, { judge });
    expect(absent.verdict).toBe('inconclusive');
    expect(absent.metrics[1]).toMatchObject({ classification: 'nodata', reason: 'no samples for this metric' });
    expect(absent.health[0]).toMatchObject({ name: 'data', status: 'fail', forces: 'inconclusive' });

    const failing = analyzeSamples(
      config({ metrics }),
      { latency: continuous(), errors: { kind: 'error', message: 'store: connection refused' } },
      { judge },
    );
    expect(failing.verdict).toBe('inconclusive');
    expect(failing.metrics[1]?.classification).toBe('error');
    expect(failing.reason).toContain('errors');

    const must = analyzeSamples(
      config({ metrics: [LATENCY, { name: 'errors', kind: 'rate' as const, mustHaveData: true }] }),
      { latency: continuous(), errors: { kind: 'nodata', message: 'no series matched' } },
      { judge },
    );
    expect(must.verdict).toBe('no-go');
    expect(must.reason).toBe('errors must have data but is nodata: no series matched');
    expect(must.health[0]?.forces).toBe('no-go');
  });

  it('makes metrics below minSamples nodata and says how many samples are needed', () => {
    const { judge, calls } = scriptedJudge({});
    const result = analyzeSamples(
      config({ minSamples: 30, metrics: [LATENCY] }),
      { latency: continuous(12) },
      { judge },
    );
    expect(calls).toHaveLength(0);
    expect(result.verdict).toBe('inconclusive');
    expect(result.metrics[0]).toMatchObject({ classification: 'nodata', samplesNeeded: 30 });
    expect(result.health[1]).toMatchObject({ name: 'min-samples', status: 'fail' });
    expect(result.missing[0]?.reason).toContain('needs 30 per cohort');
  });

  it('reports MDE and samples needed for undecided gating metrics', () => {
    const { judge } = scriptedJudge({ latency: { p: 0.3, mde: 2.5, samplesNeeded: 180 } });
    const result = analyzeSamples(config({ metrics: [LATENCY] }), { latency: continuous() }, { judge });
    expect(result.verdict).toBe('inconclusive');
    expect(result.missing).toEqual([
      {
        metric: 'latency',
        reason: 'minimum detectable effect now 2.5 at n = 40/40; about 180 samples per cohort would decide',
        mde: 2.5,
        samplesNeeded: 180,
      },
    ]);
  });

  it('turns non-finite numbers, shape mismatches and a throwing judge into error, never go', () => {
    const { judge } = scriptedJudge({ cpu: { p: 0.5, throws: 'boom' } });
    const result = analyzeSamples(
      config({ metrics: THREE }),
      {
        latency: { kind: 'continuous', baseline: [1, 2, Number.NaN, 4, 5, 6], canary: [1, 2, 3, 4, 5, 6] },
        cpu: continuous(),
        memory: { kind: 'rate', baseline: { events: [1], trials: [10] }, canary: { events: [1], trials: [10] } },
      },
      { judge },
    );
    expect(result.metrics.map((m) => [m.classification, m.reason])).toEqual([
      ['error', 'baseline[2] is not a finite number (NaN)'],
      ['error', 'the judge failed: boom'],
      ['error', 'the config says kind continuous but the data is rate'],
    ]);
    expect(result.verdict).toBe('inconclusive');
    expect(result.score).toBe(0);
  });

  it('rejects inconsistent rate and histogram data', () => {
    const { judge } = scriptedJudge({});
    const metrics = [
      { name: 'errors', kind: 'rate' as const },
      { name: 'p99', kind: 'latency' as const },
    ];
    const result = analyzeSamples(
      config({ metrics }),
      {
        errors: {
          kind: 'rate',
          baseline: { events: [5, 20], trials: [10, 10] },
          canary: { events: [1], trials: [10] },
        },
        p99: {
          kind: 'latency',
          baseline: { bounds: [1, 2], counts: [1, 2] },
          canary: { bounds: [1, 2], counts: [1, 2, 3] },
        },
      },
      { judge },
    );
    expect(result.metrics.map((m) => m.reason)).toEqual([
      'baseline[1]: more events (20) than trials (10)',
      'baseline: 2 bucket counts for 2 bounds (expected 3)',
    ]);
  });

  it('skips the warm-up using timestamps', () => {
    const { judge, calls } = scriptedJudge({});
    const t0 = 1_700_000_000_000;
    const stamps = Array.from({ length: 40 }, (_, i) => t0 + i * 60_000);
    analyzeSamples(
      config({ warmup: '10m', metrics: [LATENCY] }),
      { latency: { ...continuous(40), baselineTimestamps: stamps, canaryTimestamps: stamps } },
      { judge },
    );
    const seen = calls[0]?.samples;
    expect(seen?.kind === 'continuous' && seen.baseline.length).toBe(30);
    expect(seen?.kind === 'continuous' && seen.baselineTimestamps?.[0]).toBe(t0 + 10 * 60_000);
  });

  it('checks the sample ratio against the expected split', () => {
    const { judge } = scriptedJudge({});
    const metrics = [{ name: 'errors', kind: 'rate' as const }];
    const data = (canaryTrials: number): SamplesByMetric => ({
      errors: {
        kind: 'rate',
        baseline: { events: [10], trials: [9000] },
        canary: { events: [1], trials: [canaryTrials] },
      },
    });
    const ok = analyzeSamples(config({ metrics, expectedSplit: { baseline: 90, canary: 10 } }), data(1010), { judge });
    expect(ok.health[2]).toMatchObject({ name: 'sample-ratio', status: 'pass' });
    expect(ok.verdict).toBe('go');
    const bad = analyzeSamples(config({ metrics, expectedSplit: { baseline: 90, canary: 10 } }), data(700), { judge });
    expect(bad.health[2]).toMatchObject({ name: 'sample-ratio', status: 'fail', forces: 'inconclusive' });
    expect(bad.health[2]?.detail).toMatchObject({ metric: 'errors', baseline: 9000, canary: 700 });
    expect(bad.verdict).toBe('inconclusive');
    expect(bad.reason).toMatch(/^sample ratio mismatch: canary share 7\.22% of errors vs expected 10\.00%/);
    // Health checks run first: with the split off, a harmful metric does not make it no-go, and the reason says why.
    const harmfulJudge = scriptedJudge({ errors: { p: 0.0001, safe: false } }).judge;
    const both = analyzeSamples(config({ metrics, expectedSplit: { baseline: 90, canary: 10 } }), data(700), {
      judge: harmfulJudge,
    });
    expect(both.metrics[0]?.harm).toBe('harmful');
    expect(both.verdict).toBe('inconclusive');
    expect(both.reason).toMatch(/^sample ratio mismatch: .*; not trusted either: errors would otherwise mean no-go$/);
    // an explicit option overrides the config
    const overridden = analyzeSamples(config({ metrics }), data(700), {
      judge,
      expectedSplit: { baseline: 9000, canary: 700 },
    });
    expect(overridden.health[2]?.status).toBe('pass');
  });

  it('is inconclusive without gating metrics', () => {
    const { judge } = scriptedJudge({});
    const result = analyzeSamples(
      config({ metrics: [{ name: 'a', kind: 'continuous', gating: false }] }),
      { a: continuous() },
      { judge },
    );
    expect(result.verdict).toBe('inconclusive');
  });

  it('passes sequential mode to the judge', () => {
    const { judge, calls } = scriptedJudge({});
    const result = analyzeSamples(config({ sequential: true, metrics: [LATENCY] }), threeSamples, { judge });
    expect(calls[0]?.sequential).toBe(true);
    expect(result.settings.sequential).toBe(true);
  });
});

describe('analyzeSamples determinism', () => {
  it('gives byte-identical JSON and digest for the same input, whatever the key order', () => {
    const { judge } = scriptedJudge({ cpu: { p: 0.01 } });
    const a = analyzeSamples(config({ metrics: THREE }), threeSamples, { judge });
    const reordered: SamplesByMetric = {
      memory: threeSamples.memory,
      cpu: threeSamples.cpu,
      latency: threeSamples.latency,
    };
    const b = analyzeSamples(config({ metrics: THREE }), reordered, { judge });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.inputDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the digest when any sample or setting changes', () => {
    const { judge } = scriptedJudge({});
    const base = analyzeSamples(config({ metrics: [LATENCY] }), { latency: continuous() }, { judge }).inputDigest;
    const changed = continuous();
    changed.canary[3] = (changed.canary[3] ?? 0) + 1e-9;
    expect(analyzeSamples(config({ metrics: [LATENCY] }), { latency: changed }, { judge }).inputDigest).not.toBe(base);
    expect(
      analyzeSamples(config({ alpha: 0.01, metrics: [LATENCY] }), { latency: continuous() }, { judge }).inputDigest,
    ).not.toBe(base);
    // the source file name is not part of the digest
    expect(
      analyzeSamples(config({ metrics: [LATENCY] }), { latency: continuous() }, { judge, source: { file: 'x.json' } })
        .inputDigest,
    ).toBe(base);
  });

  it('keeps the documented JSON shape', () => {
    const { judge } = scriptedJudge({});
    const result = JSON.parse(JSON.stringify(analyzeSamples(config({ metrics: THREE }), threeSamples, { judge })));
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining(['verdict', 'reason', 'score', 'metrics', 'health', 'inputDigest']),
    );
    expect(Object.keys(result.metrics[0])).toEqual(
      expect.arrayContaining(['name', 'classification', 'critical', 'effect', 'ci', 'pValue', 'n', 'test', 'reason']),
    );
    expect(result.metrics[0].n).toEqual({ baseline: 40, canary: 40 });
  });
});
