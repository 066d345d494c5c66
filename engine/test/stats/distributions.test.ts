import { describe, expect, it } from 'vitest';
import { binomialUpperTail } from '../../src/stats/binomial-upper-tail';
import { chiSquareSf } from '../../src/stats/chi-square-sf';
import { normalCdf } from '../../src/stats/normal-cdf';
import { normalQuantile } from '../../src/stats/normal-quantile';
import { regularizedGammaQ } from '../../src/stats/regularized-gamma-q';
import { regularizedIncompleteBeta } from '../../src/stats/regularized-incomplete-beta';
import { studentTCdf } from '../../src/stats/student-t-cdf';
import { studentTQuantile } from '../../src/stats/student-t-quantile';
import { expectClose } from './close';

describe('distribution functions against scipy 1.17', () => {
  it('regularizedGammaQ', () => {
    // python3 -c "from scipy import special; print(special.gammaincc(0.5,2), special.gammaincc(3.5,1.2), special.gammaincc(10,25))"
    expectClose(regularizedGammaQ(0.5, 2), 0.04550026389635857, 1e-13);
    expectClose(regularizedGammaQ(3.5, 1.2), 0.9344370795779711, 1e-13);
    expectClose(regularizedGammaQ(10, 25), 0.0002214766382487835, 1e-12);
    expect(regularizedGammaQ(2, 0)).toBe(1);
  });
  it('normalCdf, including far tails', () => {
    // python3 -c "from scipy import stats; print(stats.norm.cdf(-1.96), stats.norm.cdf(-8), stats.norm.cdf(-30), stats.norm.cdf(0.3), stats.norm.cdf(2.5))"
    expectClose(normalCdf(-1.96), 0.024997895148220435, 1e-13);
    expectClose(normalCdf(-8), 6.22096057427174e-16, 1e-12);
    expectClose(normalCdf(-30), 4.906713927147908e-198, 1e-11);
    expectClose(normalCdf(0.3), 0.6179114221889526, 1e-14);
    expectClose(normalCdf(2.5), 0.9937903346742238, 1e-14);
  });
  it('normalQuantile', () => {
    // python3 -c "from scipy import stats; print(stats.norm.ppf(0.975), stats.norm.ppf(1e-10), stats.norm.ppf(0.3), stats.norm.ppf(0.995))"
    expectClose(normalQuantile(0.975), 1.959963984540054, 1e-14);
    expectClose(normalQuantile(1e-10), -6.361340902404056, 1e-14);
    expectClose(normalQuantile(0.3), -0.5244005127080409, 1e-13);
    expectClose(normalQuantile(0.995), 2.5758293035489004, 1e-14);
    expect(normalQuantile(0.5)).toBe(0);
  });
  it('regularizedIncompleteBeta', () => {
    // python3 -c "from scipy import special; print(special.betainc(2,5,0.3), special.betainc(0.5,0.5,0.9), special.betainc(50,40,0.6))"
    expectClose(regularizedIncompleteBeta(0.3, 2, 5), 0.5798250000000003, 1e-13);
    expectClose(regularizedIncompleteBeta(0.9, 0.5, 0.5), 0.7951672353008665, 1e-13);
    expectClose(regularizedIncompleteBeta(0.6, 50, 40), 0.8011534179744884, 1e-12);
  });
  it('studentTCdf and studentTQuantile', () => {
    // python3 -c "from scipy import stats; print(stats.t.cdf(2,10), stats.t.cdf(-5,3.5), stats.t.cdf(1.3,1), stats.t.cdf(-3,59.7))"
    expectClose(studentTCdf(2, 10), 0.9633059826146299, 1e-14);
    expectClose(studentTCdf(-5, 3.5), 0.005275089495933888, 1e-12);
    expectClose(studentTCdf(1.3, 1), 0.7912855998398473, 1e-14);
    expectClose(studentTCdf(-3, 59.7), 0.0019672336318991824, 1e-12);
    // python3 -c "from scipy import stats; print(stats.t.ppf(0.975,10), stats.t.ppf(0.001,2.5), stats.t.ppf(0.995,59), stats.t.ppf(0.95,1))"
    expectClose(studentTQuantile(0.975, 10), 2.228138851986274, 1e-12);
    expectClose(studentTQuantile(0.001, 2.5), -13.822193110865964, 1e-12);
    expectClose(studentTQuantile(0.995, 59), 2.6617587521629673, 1e-12);
    expectClose(studentTQuantile(0.95, 1), 6.313751514675037, 1e-12);
  });
  it('chiSquareSf', () => {
    // python3 -c "from scipy import stats; print(stats.chi2.sf(3.84,1), stats.chi2.sf(20.5,10), stats.chi2.sf(0.5,3))"
    expectClose(chiSquareSf(3.84, 1), 0.05004352124870519, 1e-13);
    expectClose(chiSquareSf(20.5, 10), 0.024862866307224125, 1e-12);
    expectClose(chiSquareSf(0.5, 3), 0.9188914116546758, 1e-13);
  });
  it('binomialUpperTail: P(X >= k)', () => {
    // python3 -c "from scipy import stats; print(stats.binom.sf(7,10,0.5), stats.binom.sf(23,36,0.5), stats.binom.sf(2,400,0.001))"  (sf(k-1) = P(X >= k))
    expectClose(binomialUpperTail(8, 10, 0.5), 0.0546875, 1e-13);
    expectClose(binomialUpperTail(24, 36, 0.5), 0.032622667611576624, 1e-12);
    expectClose(binomialUpperTail(3, 400, 0.001), 0.00788343125882217, 1e-11);
    expect(binomialUpperTail(0, 5, 0.3)).toBe(1);
    expect(binomialUpperTail(6, 5, 0.3)).toBe(0);
  });
});
