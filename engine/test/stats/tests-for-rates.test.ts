import { describe, expect, it } from 'vitest';
import { conditionalPoissonRateTest } from '../../src/stats/conditional-poisson-rate-test';
import { deltaMethodRatio } from '../../src/stats/delta-method-ratio';
import { poissonMeanBound } from '../../src/stats/poisson-mean-bound';
import { sampleRatioMismatch } from '../../src/stats/sample-ratio-mismatch';
import { twoProportionTest } from '../../src/stats/two-proportion-test';
import { welchTTest } from '../../src/stats/welch-t-test';
import { expectClose } from './close';

describe('rate and mean tests against scipy 1.17', () => {
  it('exact conditional Poisson rate test, with and without a rate-ratio margin', () => {
    // python3 -c "from scipy import stats; print(stats.binomtest(24,36,0.5,alternative='greater').pvalue, stats.binomtest(24,36,1.2/2.2,alternative='greater').pvalue, stats.binomtest(12,36,0.5,alternative='less').pvalue)"
    expectClose(conditionalPoissonRateTest(24, 1000, 12, 1000, 1, 'greater').pValue, 0.032622667611576624, 1e-12);
    expectClose(conditionalPoissonRateTest(24, 1000, 12, 1000, 1.2, 'greater').pValue, 0.09701173262447119, 1e-11);
    // canary 12 vs baseline 24, H0: ratio >= 1: P(X_canary <= 12) = P(X_baseline >= 24)
    expectClose(conditionalPoissonRateTest(12, 1000, 24, 1000, 1, 'less').pValue, 0.032622667611576624, 1e-12);
    expect(conditionalPoissonRateTest(24, 1000, 12, 1000, 1, 'greater').ratio).toBe(2);
    // exposure enters the null share: 24 events in 2000 trials vs 12 in 1000 is no increase
    expect(conditionalPoissonRateTest(24, 2000, 12, 1000, 1, 'greater').pValue).toBeGreaterThan(0.4);
  });
  it('exact Poisson mean bounds (Garwood)', () => {
    // python3 -c "from scipy import stats; a=0.05; print(stats.chi2.ppf(1-a,2)/2, stats.chi2.ppf(1-a,2*(5+1))/2, stats.chi2.ppf(a,2*5)/2, stats.chi2.ppf(0.025,2*12)/2)"
    expectClose(poissonMeanBound(0, 0.05, 'upper'), 2.9957322735539895, 1e-12);
    expectClose(poissonMeanBound(5, 0.05, 'upper'), 10.513034908741535, 1e-12);
    expectClose(poissonMeanBound(5, 0.05, 'lower'), 1.9701495680595302, 1e-12);
    expectClose(poissonMeanBound(12, 0.025, 'lower'), 6.200575108722218, 1e-12);
    expect(poissonMeanBound(0, 0.05, 'lower')).toBe(0);
  });
  it('two-proportion z test (pooled at ratio 1)', () => {
    // python3 -c "import numpy as np; from scipy import stats; print(stats.norm.sf((0.06-0.04)/np.sqrt(0.05*0.95*(2/1000))))"
    expectClose(twoProportionTest(60, 1000, 40, 1000, 1, 'greater').pValue, 0.020086935144256055, 1e-12);
    const withMargin = twoProportionTest(60, 1000, 40, 1000, 1.5, 'greater');
    expectClose(withMargin.difference, 0, 1e-12);
    expect(withMargin.pValue).toBeCloseTo(0.5, 12);
  });
  it('Welch t test from summary statistics', () => {
    // python3 -c "from scipy import stats; print(stats.ttest_ind_from_stats(10.5,1,60,10,1,60,equal_var=False,alternative='greater'))"
    const r = welchTTest(10.5, 1, 60, 10, 1, 60, 1, 'greater');
    expectClose(r.t, 2.7386127875258306, 1e-13);
    expectClose(r.pValue, 0.0035634455262605522, 1e-11);
  });
  it('delta method for a ratio of sums', () => {
    // python3 -c "import numpy as np; y=np.array([3,5,2,8]); x=np.array([100,120,90,150]); R=y.sum()/x.sum(); d=(y-R*x)/x.mean(); print(R, d.var(ddof=1)/4)"
    const r = deltaMethodRatio([3, 5, 2, 8], [100, 120, 90, 150]);
    expectClose(r.ratio, 18 / 460, 1e-14);
    expectClose(r.variance, 4.902784080960259e-5, 1e-10);
  });
  it('sample ratio mismatch chi-square', () => {
    // python3 -c "from scipy import stats; print(stats.chisquare([5100,4900]), stats.chisquare([520,980,500],[500,1000,500]))"
    const a = sampleRatioMismatch([5100, 4900], [1, 1]);
    expectClose(a.chiSquare, 4, 1e-14);
    expectClose(a.pValue, 0.04550026389635857, 1e-12);
    const b = sampleRatioMismatch([520, 980, 500], [25, 50, 25]);
    expectClose(b.chiSquare, 1.2, 1e-13);
    expectClose(b.pValue, 0.5488116360940265, 1e-12);
    expect(() => sampleRatioMismatch([1], [1])).toThrow(/same length/);
  });
});
