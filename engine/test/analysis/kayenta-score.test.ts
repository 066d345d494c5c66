import { describe, expect, it } from 'vitest';
import { kayentaScore, type MetricResult } from '../../src/analysis/index';
import { type CanaryConfigInput, canaryConfigSchema } from '../../src/config/index';

type Row = [name: string, classification: MetricResult['classification'], extra?: Partial<MetricResult>];

function metricsOf(rows: Row[]): MetricResult[] {
  return rows.map(([name, classification, extra]) => ({
    name,
    kind: 'continuous',
    classification,
    critical: false,
    gating: true,
    mustHaveData: false,
    direction: 'increase',
    margin: {},
    group: name,
    harm: 'undecided',
    quantity: null,
    effect: null,
    ci: null,
    pValue: null,
    adjustedPValue: null,
    alpha: null,
    eValue: null,
    n: { baseline: 0, canary: 0 },
    test: 'none',
    reason: `${name} ${classification}`,
    mde: null,
    samplesNeeded: null,
    summary: null,
    distribution: { kind: 'none' },
    ...extra,
  }));
}

function configOf(input: Partial<CanaryConfigInput>, names: string[], groupOf: Record<string, string> = {}) {
  return canaryConfigSchema.parse({
    name: 'x',
    ...input,
    metrics: names.map((name) => ({ name, kind: 'continuous', ...(groupOf[name] ? { group: groupOf[name] } : {}) })),
  });
}

describe('kayentaScore (WeightedSumScorer semantics)', () => {
  it('scores groups as pass / counted and weights them', () => {
    const groupOf = { a: 'errors', b: 'errors', c: 'perf', d: 'perf' };
    const config = configOf({ groups: { errors: 75, perf: 25 } }, ['a', 'b', 'c', 'd'], groupOf);
    const metrics = metricsOf([
      ['a', 'pass', { group: 'errors' }],
      ['b', 'high', { group: 'errors' }],
      ['c', 'pass', { group: 'perf' }],
      ['d', 'pass', { group: 'perf' }],
    ]);
    const score = kayentaScore(config, metrics);
    // 75 * 50% + 25 * 100% = 62.5
    expect(score.value).toBe(62.5);
    expect(score.classification).toBe('fail');
    expect(score.groups).toEqual([
      { name: 'errors', score: 50, weight: 75 },
      { name: 'perf', score: 100, weight: 25 },
    ]);
  });

  it('classifies against pass and marginal thresholds (inclusive)', () => {
    const config = configOf({ thresholds: { pass: 75, marginal: 50 } }, ['a', 'b', 'c', 'd']);
    expect(
      kayentaScore(
        config,
        metricsOf([
          ['a', 'pass'],
          ['b', 'pass'],
          ['c', 'pass'],
          ['d', 'low'],
        ]),
      ).classification,
    ).toBe('pass');
    expect(
      kayentaScore(
        config,
        metricsOf([
          ['a', 'pass'],
          ['b', 'pass'],
          ['c', 'high'],
          ['d', 'low'],
        ]),
      ),
    ).toMatchObject({
      value: 50,
      classification: 'marginal',
    });
  });

  it('leaves nodata out of its group, and a group with nothing counted enters as 100', () => {
    const config = configOf({}, ['a', 'b', 'c']);
    const score = kayentaScore(
      config,
      metricsOf([
        ['a', 'pass'],
        ['b', 'high'],
        ['c', 'nodata'],
      ]),
    );
    expect(score.groups.map((g) => g.score)).toEqual([100, 0, null]);
    expect(score.value).toBe(66.67);
  });

  it('counts nodata as a failure with mustHaveData', () => {
    const config = configOf({}, ['a', 'b', 'c']);
    const score = kayentaScore(
      config,
      metricsOf([
        ['a', 'pass'],
        ['b', 'pass'],
        ['c', 'nodata', { mustHaveData: true }],
      ]),
    );
    expect(score.groups.map((g) => g.score)).toEqual([100, 100, 0]);
    expect(score.value).toBe(66.67);
  });

  it('is 0 when half or more of the metrics have no data', () => {
    const config = configOf({}, ['a', 'b']);
    const score = kayentaScore(
      config,
      metricsOf([
        ['a', 'pass'],
        ['b', 'nodata'],
      ]),
    );
    expect(score.value).toBe(0);
    expect(score.reason).toBe('1 of 2 metrics have no data (50% or more)');
  });

  it('is 0 when a critical metric is not pass, even if every other passes', () => {
    const config = configOf({}, ['a', 'b', 'c']);
    const score = kayentaScore(
      config,
      metricsOf([
        ['a', 'pass'],
        ['b', 'pass'],
        ['c', 'error', { critical: true }],
      ]),
    );
    expect(score.value).toBe(0);
    expect(score.reason).toBe('critical metric c is error: c error');
  });

  it('shares what weighted groups leave among unweighted ones', () => {
    const groupOf = { a: 'g1', b: 'g2', c: 'g3' };
    const config = configOf({ groups: { g1: 50 } }, ['a', 'b', 'c'], groupOf);
    const metrics = metricsOf([
      ['a', 'high', { group: 'g1' }],
      ['b', 'pass', { group: 'g2' }],
      ['c', 'pass', { group: 'g3' }],
    ]);
    const score = kayentaScore(config, metrics);
    expect(score.groups.map((g) => g.weight)).toEqual([50, 25, 25]);
    expect(score.value).toBe(50);
  });
});
