import { describe, expect, it } from 'vitest';
import { kayentaJudgeMetric } from '../../src/judge';

// Fixtures rebuilt from Kayenta's ClassifierSuite / MannWhitneySuite and GitHub issues (canary-anchors.md §2.8).
const HIGH_C = [20, 22, 21, 25, 30];
const HIGH_B = [1, 2.2, 1.1, 2.5, 3.0];

describe('kayentaJudgeMetric: NetflixACAJudge rules', () => {
  it('#9 Mean Ratio ES High: CI (17.8, 27.8), estimate 20, ratio 12.04 at 95%', () => {
    const r = kayentaJudgeMetric(HIGH_B, HIGH_C, {
      direction: 'either',
      tolerance: 0.1,
      confLevel: 0.95,
      effectSize: { allowedDecrease: 0.8, allowedIncrease: 1.2 },
    });
    expect(r.classification).toBe('High');
    expect(r.ci.lower).toBeCloseTo(17.8, 12);
    expect(r.ci.upper).toBeCloseTo(27.8, 12);
    expect(r.estimate).toBe(20);
    expect(r.deviation).toBeCloseTo(12.0408, 4);
  });
  it('#11 Mean Ratio ES Pass: the interval crosses 0', () => {
    const r = kayentaJudgeMetric([20, 22, 21, 25, 30], [10, 12.2, 10.1, 12.5, 23], {
      direction: 'either',
      confLevel: 0.95,
      tolerance: 0.1,
      effectSize: { allowedDecrease: 0.5, allowedIncrease: 1 },
    });
    expect(r.classification).toBe('Pass');
    expect(r.ci.lower).toBeCloseTo(-17.8, 12);
    expect(r.ci.upper).toBeCloseTo(1, 12);
  });
  it('#16-#20 critical upgrades follow criticalThresholds and the effect-size gate', () => {
    const base = { direction: 'either' as const, critical: true, confLevel: 0.95, tolerance: 0.1 };
    expect(
      kayentaJudgeMetric(HIGH_B, HIGH_C, { ...base, criticalThresholds: { decrease: 1, increase: 1.2 } }),
    ).toMatchObject({
      classification: 'High',
      critical: true,
    });
    expect(
      kayentaJudgeMetric(HIGH_B, HIGH_C, {
        ...base,
        effectSize: { allowedDecrease: 1, allowedIncrease: 5 },
        criticalThresholds: { decrease: 1, increase: 13 },
      }),
    ).toMatchObject({ classification: 'High', critical: false });
    expect(
      kayentaJudgeMetric(HIGH_B, HIGH_C, {
        ...base,
        effectSize: { allowedDecrease: 1, allowedIncrease: 13 },
        criticalThresholds: { decrease: 1, increase: 15 },
      }),
    ).toMatchObject({ classification: 'Pass', critical: false });
    expect(kayentaJudgeMetric(HIGH_B, HIGH_C, base)).toMatchObject({ classification: 'High', critical: true });
    const low = kayentaJudgeMetric([10, 20.2, 10.1, 20.5, 30], [2, 2, 2, 2, 3], {
      ...base,
      criticalThresholds: { increase: 1.2, decrease: 1 },
    });
    expect(low).toMatchObject({ classification: 'Low', critical: true });
    expect([low.ci.lower, low.ci.upper]).toEqual([-28, -8]);
  });
  it('#21-#23, #28: tied, identical and majority-tied data pass', () => {
    expect(kayentaJudgeMetric([1, 1], [1, 1, 1], { direction: 'decrease' }).classification).toBe('Pass');
    expect(kayentaJudgeMetric([5, 4, 3, 2, 1], [1, 2, 3, 4, 5], { direction: 'decrease' }).classification).toBe('Pass');
    const lead = kayentaJudgeMetric([1, 1, 1, 1, 1], [0, 1, 1, 1, 1], { direction: 'decrease', confLevel: 0.95 });
    expect(lead.classification).toBe('Pass');
    expect([lead.ci.lower, lead.estimate, lead.ci.upper]).toEqual([-1, 0, 0]);
    const major = kayentaJudgeMetric([1, 1, 1, 1, 1], [1, 1, 1, 1, 10], { direction: 'either', confLevel: 0.95 });
    expect(major.classification).toBe('Pass');
    expect([major.ci.lower, major.estimate, major.ci.upper]).toEqual([0, 0, 9]);
  });
  it('#24-#27: the missing-data matrix', () => {
    expect(kayentaJudgeMetric([1, 2, 3, 4, 5], [], { direction: 'either' })).toMatchObject({
      classification: 'Nodata',
      critical: false,
    });
    expect(kayentaJudgeMetric([1, 2, 3, 4, 5], [], { direction: 'either', critical: true })).toMatchObject({
      classification: 'Nodata',
      critical: true,
    });
    expect(
      kayentaJudgeMetric([1, 2, 3, 4, 5], [], { direction: 'either', nanStrategy: 'replace' }).classification,
    ).toBe('Pass');
    expect(
      kayentaJudgeMetric([1, 2, 3], [Number.NaN], { direction: 'either', mustHaveData: true }).classification,
    ).toBe('NodataFailMetric');
    expect(kayentaJudgeMetric([], [], { direction: 'either', critical: true }).classificationReason).not.toBe('');
  });
  it('#29-#32: constant sides and zero means decide deterministically (no noise injection), NaN ratio skips the gate', () => {
    expect(kayentaJudgeMetric([1, 1, 1, 1, 1], [10, 10, 10, 10, 10], { direction: 'either' }).classification).toBe(
      'High',
    );
    const zero = kayentaJudgeMetric([0, 0, 0, 0, 0], [10, 10, 10, 10, 10], { direction: 'either' });
    expect(zero.classification).toBe('High');
    expect(Number.isNaN(zero.deviation)).toBe(true);
    const es = { direction: 'either' as const, effectSize: { allowedDecrease: 0.8, allowedIncrease: 1.2 } };
    const high = kayentaJudgeMetric([0, 0, 0, 0, 0], [54.9, 54.5, 55.1, 55.6, 57.4], es);
    expect(high.classification).toBe('High');
    expect([high.ci.lower, high.estimate, high.ci.upper]).toEqual([54.5, 55.1, 57.4]);
    expect(kayentaJudgeMetric([54.9, 54.5, 55.1, 55.6, 57.4], [0, 0, 0, 0, 0], es).classification).toBe('Low');
  });
  it('#33 Zero Mean Critical: High, critical, CI (0.0167, 0.05), estimate 0.05', () => {
    const c = [0.05, 0.05, 0.0167, 0.0167, 0.0167, 0.05, 0.0333, 0.05, 0.05, 0.1333];
    const r = kayentaJudgeMetric(new Array(10).fill(0), c, {
      direction: 'either',
      nanStrategy: 'replace',
      critical: true,
      confLevel: 0.95,
      criticalThresholds: { decrease: 0.8, increase: 1.2 },
    });
    expect(r).toMatchObject({ classification: 'High', critical: true });
    expect([r.ci.lower, r.estimate, r.ci.upper]).toEqual([0.0167, 0.05, 0.05]);
  });
  it('regressions from GitHub issues: spinnaker#6278 (both variants), kayenta#426, spinnaker#6275', () => {
    const es = { direction: 'either' as const, effectSize: { allowedIncrease: 1.05, allowedDecrease: 1 } };
    const seven = kayentaJudgeMetric(new Array(10).fill(1), [...new Array(7).fill(100), 1, 1, 1], es);
    expect(seven.classification).toBe('Pass');
    expect(seven.estimate).toBe(99);
    expect(kayentaJudgeMetric(new Array(10).fill(1), [...new Array(8).fill(100), 1, 1], es).classification).toBe(
      'High',
    );
    const sparse = kayentaJudgeMetric(new Array(6).fill(0), [0, 1, 2, 1, 0, 0], { direction: 'either' });
    expect(sparse.classification).toBe('Pass');
    expect([sparse.ci.lower, sparse.ci.upper]).toEqual([0, 2]);
    expect(
      kayentaJudgeMetric([0, 0, 0, 0, 0], [1, 4, 2, 3, 1], {
        direction: 'increase',
        critical: true,
        nanStrategy: 'replace',
      }),
    ).toMatchObject({ classification: 'High', critical: true });
  });
  it('has no absolute tolerance: tiny-scale metrics keep ordered intervals and the same classification', () => {
    const ref = kayentaJudgeMetric(HIGH_B, HIGH_C, { direction: 'either' });
    for (const k of [-12, -6, -3, 6, 12]) {
      const s = 10 ** k;
      const r = kayentaJudgeMetric(
        HIGH_B.map((v) => v * s),
        HIGH_C.map((v) => v * s),
        { direction: 'either' },
      );
      expect(r.classification).toBe(ref.classification);
      expect(r.ci.lower).toBeLessThanOrEqual(r.ci.upper);
      expect(r.ci.lower / s).toBeCloseTo(ref.ci.lower, 9);
    }
  });
});
