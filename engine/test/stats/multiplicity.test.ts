import { describe, expect, it } from 'vitest';
import { benjaminiHochbergAdjust } from '../../src/stats/benjamini-hochberg-adjust';
import { holmAdjust } from '../../src/stats/holm-adjust';
import { expectClose } from './close';

describe('multiplicity adjustments', () => {
  it('Holm step-down', () => {
    // python3 -c "import numpy as np; p=np.array([0.01,0.04,0.03,0.2,0.005]); o=np.argsort(p); m=len(p); a=np.maximum.accumulate(np.minimum(1,(m-np.arange(m))*p[o])); r=np.empty(m); r[o]=a; print(r)"
    const r = holmAdjust([0.01, 0.04, 0.03, 0.2, 0.005]);
    [0.04, 0.09, 0.09, 0.2, 0.025].forEach((e, i) => {
      expectClose(r[i]!, e, 1e-14);
    });
  });
  it('Benjamini-Hochberg step-up', () => {
    // python3 -c "from scipy import stats; print(stats.false_discovery_control([0.01,0.04,0.03,0.2,0.005]))"
    const r = benjaminiHochbergAdjust([0.01, 0.04, 0.03, 0.2, 0.005]);
    [0.025, 0.05, 0.05, 0.2, 0.025].forEach((e, i) => {
      expectClose(r[i]!, e, 1e-14);
    });
  });
  it('keeps NaN out of the family', () => {
    const r = holmAdjust([0.01, Number.NaN, 0.02]);
    expect(Number.isNaN(r[1]!)).toBe(true);
    expectClose(r[0]!, 0.02, 1e-14);
    expectClose(r[2]!, 0.02, 1e-14);
  });
});
