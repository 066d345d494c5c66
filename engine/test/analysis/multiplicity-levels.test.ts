import { describe, expect, it } from 'vitest';
import { multiplicityLevels } from '../../src/analysis/multiplicity-levels';

// Reference: statsmodels is not installed; Holm and BH by hand (and scipy for BH):
// python3 -c "from scipy.stats import false_discovery_control as f; print(f([0.01,0.04,0.03,0.2]))"
// -> [0.04       0.05333333 0.05333333 0.2       ]
describe('multiplicityLevels', () => {
  it('Holm: adjusted p-values, rejections and the level that reproduces each decision', () => {
    const out = multiplicityLevels([0.01, 0.04, 0.03, 0.2], 0.05, 'holm');
    expect(out.map((d) => d.adjusted)).toEqual([0.04, 0.09, 0.09, 0.2].map((x) => expect.closeTo(x, 12)));
    expect(out.map((d) => d.rejected)).toEqual([true, false, false, false]);
    // step 0 level alpha/4; the procedure stopped at step 1 with level alpha/3
    expect(out.map((d) => d.level)).toEqual([0.0125, 0.05 / 3, 0.05 / 3, 0.05 / 3].map((x) => expect.closeTo(x, 12)));
  });

  it('BH: matches scipy false_discovery_control and levels k*·alpha/m', () => {
    const out = multiplicityLevels([0.01, 0.04, 0.03, 0.2], 0.06, 'bh');
    expect(out.map((d) => d.adjusted)).toEqual(
      [0.04, 0.0533333333, 0.0533333333, 0.2].map((x) => expect.closeTo(x, 9)),
    );
    expect(out.map((d) => d.rejected)).toEqual([true, true, true, false]);
    expect(out.map((d) => d.level)).toEqual([0.045, 0.045, 0.045, 0.045].map((x) => expect.closeTo(x, 12)));
  });

  it('leaves missing p-values out of the family', () => {
    const out = multiplicityLevels([null, 0.02, Number.NaN], 0.05, 'holm');
    expect(out[0]).toEqual({ adjusted: Number.NaN, rejected: false, level: 0.05 });
    expect(out[1]).toMatchObject({ adjusted: 0.02, rejected: true, level: 0.05 });
  });

  it('a decision at the returned level agrees with the adjusted decision (random families)', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let trial = 0; trial < 200; trial++) {
      const ps = Array.from({ length: 1 + Math.floor(next() * 10) }, () => next() ** 3);
      for (const method of ['holm', 'bh'] as const) {
        multiplicityLevels(ps, 0.05, method).forEach((d, i) => {
          expect(d.rejected).toBe((ps[i] ?? 1) <= d.level);
        });
      }
    }
  });
});
