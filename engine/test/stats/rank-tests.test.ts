import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hodgesLehmannShift } from '../../src/stats/hodges-lehmann-shift';
import { kthPairwiseDifference } from '../../src/stats/kth-pairwise-difference';
import { mannWhitneyU } from '../../src/stats/mann-whitney-u';
import { expectClose } from './close';

// python3 -c "import numpy as np; rng=np.random.default_rng(3); print(np.round(rng.normal(0,1,40),3).tolist()); print(np.round(rng.normal(0.5,1,35),3).tolist())"
const U = [
  2.041, -2.556, 0.418, -0.568, -0.453, -0.216, -2.02, -0.232, -0.865, 3.323, 0.226, -0.353, -0.281, -0.668, -1.055,
  -0.391, 0.482, -0.239, 0.958, -0.2, 0.024, 1.546, 0.545, -0.505, -0.183, 0.541, 1.935, -0.27, -0.244, 1.002, -0.886,
  -0.292, 0.883, 0.58, 0.092, 0.67, -2.828, 1.021, -0.96, -1.669,
];
const V = [
  0.776, 1.201, 0.055, -0.576, 0.526, 0.447, 1.906, 1.247, 0.694, 1.612, 0.294, -0.426, 1.084, 1.083, 0.285, -0.283,
  0.729, -1.994, 1.19, 0.991, -1.139, 0.561, -0.464, 1.257, -1.534, -0.414, 1.21, 1.656, -1.658, 0.002, 0.828, -0.109,
  2.091, -0.691, 0.855,
];

describe('Mann-Whitney U against scipy.stats.mannwhitneyu', () => {
  it('exact, no ties', () => {
    // python3 -c "from scipy.stats import mannwhitneyu as m; x=[1.1,2.5,3.2,4.8,5.3,0.2]; y=[2.2,3.3,4.1,6.0,7.7]; print(m(x,y,method='exact').pvalue, m(x,y,alternative='less',method='exact').pvalue)"
    const x = [1.1, 2.5, 3.2, 4.8, 5.3, 0.2];
    const y = [2.2, 3.3, 4.1, 6.0, 7.7];
    const two = mannWhitneyU(x, y, 'two-sided', 'exact');
    expect(two.u).toBe(8);
    expectClose(two.pValue, 0.24675324675324672, 1e-13);
    expectClose(mannWhitneyU(x, y, 'less', 'exact').pValue, 0.12337662337662336, 1e-13);
    // python3 -c "from scipy.stats import mannwhitneyu as m; print(m([10,20,30,40],[1,2,3,4],alternative='greater',method='exact').pvalue)"
    expectClose(mannWhitneyU([10, 20, 30, 40], [1, 2, 3, 4], 'greater').pValue, 0.014285714285714285, 1e-13);
  });
  it('exact at 40 vs 35 (auto picks exact without ties)', () => {
    // python3 -c "from scipy.stats import mannwhitneyu as m; print(m(U,V,method='exact').pvalue)"  (U, V above)
    const r = mannWhitneyU(U, V);
    expect(r.method).toBe('exact');
    expectClose(r.pValue, 0.04966994192528197, 1e-10);
  });
  it('asymptotic with ties and continuity correction', () => {
    // python3 -c "from scipy.stats import mannwhitneyu as m; a=[1,2,2,3,5,5,6]; b=[2,3,4,4,7,8,8,9]; print(m(a,b,alternative='less',method='asymptotic').pvalue, m(a,b,method='asymptotic').pvalue, m(a,b,alternative='greater',method='asymptotic').pvalue)"
    const a = [1, 2, 2, 3, 5, 5, 6];
    const b = [2, 3, 4, 4, 7, 8, 8, 9];
    const less = mannWhitneyU(a, b, 'less');
    expect(less.method).toBe('asymptotic');
    expect(less.u).toBe(14.5);
    expectClose(less.pValue, 0.06484565325829907, 1e-12);
    expectClose(mannWhitneyU(a, b, 'two-sided').pValue, 0.12969130651659813, 1e-12);
    expectClose(mannWhitneyU(a, b, 'greater').pValue, 0.9486479756983648, 1e-12);
    // python3 -c "from scipy.stats import mannwhitneyu as m; print(m(U,V,alternative='less',method='asymptotic').pvalue)"
    expectClose(mannWhitneyU(U, V, 'less', 'asymptotic').pValue, 0.02503480820512446, 1e-11);
  });
});

describe('Hodges-Lehmann shift and pairwise-difference selection', () => {
  it('matches numpy on the pairwise differences', () => {
    // python3 -c "import numpy as np,math; from scipy import stats; d=np.sort(np.subtract.outer(np.array(U),np.array(V)).ravel()); N=1400; z=stats.norm.ppf(0.975); c=math.floor(N/2-z*math.sqrt(N*76/12)); print(np.median(d), c, d[c-1], d[N-c])"
    // -> -0.525 515 -1.011 0.0019999999999999463
    const r = hodgesLehmannShift(U, V, 0.95);
    expectClose(r.estimate, -0.525, 1e-14);
    expectClose(r.lower, -1.011, 1e-14);
    expectClose(r.upper, 0.0019999999999999463, 1e-14);
  });
  it("reproduces Kayenta's MannWhitneySuite small case: CI [6, 39], estimate 22.5", () => {
    const r = hodgesLehmannShift([10, 20, 30, 40], [1, 2, 3, 4], 0.95);
    expect([r.lower, r.estimate, r.upper]).toEqual([6, 22.5, 39]);
  });
  it('selects exactly the k-th difference (brute force comparison)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        (x, y, seed) => {
          const xs = [...x].sort((a, b) => a - b);
          const ys = [...y].sort((a, b) => a - b);
          const all = xs.flatMap((a) => ys.map((b) => a - b)).sort((a, b) => a - b);
          const k = (seed % all.length) + 1;
          expect(
            Object.is(kthPairwiseDifference(xs, ys, k), all[k - 1]) || kthPairwiseDifference(xs, ys, k) === all[k - 1],
          ).toBe(true);
        },
      ),
    );
  });
  it('is scale-equivariant from 1e-12 to 1e12 (no absolute tolerance)', () => {
    const base = hodgesLehmannShift(U, V, 0.98);
    for (let k = -12; k <= 12; k++) {
      const s = 10 ** k;
      const r = hodgesLehmannShift(
        U.map((v) => v * s),
        V.map((v) => v * s),
        0.98,
      );
      expectClose(r.estimate / s, base.estimate, 1e-12);
      expectClose(r.lower / s, base.lower, 1e-12);
      expectClose(r.upper / s, base.upper, 1e-12);
      expect(r.lower).toBeLessThanOrEqual(r.upper);
    }
  });
});
