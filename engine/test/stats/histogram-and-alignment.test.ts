import { describe, expect, it } from 'vitest';
import { alignByTimestamp } from '../../src/stats/align-by-timestamp';
import { histogramQuantile } from '../../src/stats/histogram-quantile';
import { pairedBucketComparison } from '../../src/stats/paired-bucket-comparison';
import { createSeededRandom } from '../../src/stats/seeded-random';
import { expectClose } from './close';

describe('histogramQuantile', () => {
  const bounds = [1, 2, 4];
  const counts = [10, 60, 25, 5];
  it('interpolates inside the bucket like histogram_quantile', () => {
    // python3 -c "import numpy as np; c=np.cumsum([10,60,25,5]); print(np.interp(0.5*100,[0,10,70,95],[0,1,2,4]), np.interp(0.9*100,[0,10,70,95],[0,1,2,4]))"
    expectClose(histogramQuantile(bounds, counts, 0.5).estimate, 1.6666666666666667, 1e-14);
    expectClose(histogramQuantile(bounds, counts, 0.9).estimate, 3.6, 1e-14);
  });
  it('gives the Woodruff interval: ranks N(q -/+ z sqrt(q(1-q)/N)) through the same interpolation', () => {
    // python3 -c "import numpy as np; from scipy import stats; z=stats.norm.ppf(0.975); h=z*np.sqrt(0.5*0.5/100); f=lambda r: np.interp(r,[0,10,70,95],[0,1,2,4]); print(f((0.5-h)*100), f((0.5+h)*100))"
    const r = histogramQuantile(bounds, counts, 0.5, 0.95);
    expectClose(r.lower, 1.5033363346216622, 1e-12);
    expectClose(r.upper, 1.829996998711671, 1e-12);
    expect(r.count).toBe(100);
  });
  it('clamps the +Inf bucket to the last finite bound and returns NaN without data', () => {
    expect(histogramQuantile(bounds, [0, 0, 0, 10], 0.99).estimate).toBe(4);
    expect(Number.isNaN(histogramQuantile(bounds, [0, 0, 0, 0], 0.5).estimate)).toBe(true);
  });
});

describe('alignByTimestamp', () => {
  it('pairs shared timestamps in time order, whatever the input order', () => {
    const r = alignByTimestamp([3, 1, 2], [30, 10, 20], [2, 4, 3], [200, 400, 300]);
    expect(r).toEqual({ timestamps: [2, 3], baseline: [20, 30], canary: [200, 300] });
  });
  it('keeps identical ascending timestamps as they are', () => {
    expect(alignByTimestamp([1, 2], [5, 6], [1, 2], [7, 8])).toEqual({
      timestamps: [1, 2],
      baseline: [5, 6],
      canary: [7, 8],
    });
  });
});

describe('pairedBucketComparison', () => {
  it('compares only shared buckets, with factors for relative margins', () => {
    const r = pairedBucketComparison([1, 2, 3, 4, 5], [5, 6, 7, 9, 100], [0, 1, 2, 3, 4], [0, 6, 7, 8, 9]);
    expect(r.pairs).toBe(4);
    expectClose(r.estimate, 0.75, 1e-14);
    const margin = pairedBucketComparison([1, 2, 3, 4], [5, 6, 7, 9], [1, 2, 3, 4], [6, 7, 8, 9], 'greater', 1.1);
    // python3 -c "import numpy as np; print(np.mean(np.array([6,7,8,9])-1.1*np.array([5,6,7,9])))"
    expectClose(margin.estimate, 0.07499999999999951, 1e-9);
  });
  it('cancels load shared by both cohorts: a 1% shift under a large common random walk is detected', () => {
    const rng = createSeededRandom(21);
    const ts = Array.from({ length: 120 }, (_, i) => i * 60_000);
    let load = 0;
    const common = ts.map(() => {
      load += 5 * rng.normal();
      return 100 + load;
    });
    const baseline = common.map((v) => v + rng.normal() * 0.5);
    const canary = common.map((v) => v + 1 + rng.normal() * 0.5);
    const paired = pairedBucketComparison(ts, baseline, ts, canary);
    expect(paired.pValue).toBeLessThan(1e-6);
    // The same data unpaired: the load swamps the shift.
    const sd = (v: number[]) => {
      const m = v.reduce((s, x) => s + x, 0) / v.length;
      return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
    };
    expect(paired.se * 10).toBeLessThan(Math.hypot(sd(baseline), sd(canary)) / Math.sqrt(120));
  });
});
