import { describe, expect, it } from 'vitest';
import { autocorrelationRobustMean } from '../../src/stats/autocorrelation-robust-mean';
import { logBetaMixtureEValue } from '../../src/stats/beta-mixture-e-value';
import { neweyWestVariance } from '../../src/stats/newey-west-variance';
import { normalMixtureBoundary } from '../../src/stats/normal-mixture-boundary';
import { logNormalMixtureEValue } from '../../src/stats/normal-mixture-e-value';
import { createSeededRandom } from '../../src/stats/seeded-random';
import { expectClose } from './close';

describe('Newey-West long-run variance', () => {
  it('matches the Bartlett-kernel formula computed with numpy', () => {
    // python3 -c "import numpy as np; x=np.array([1,2,3,2,1,2,3,2.]); n=8; e=x-x.mean(); nw=lambda L: (e@e)/n+sum(2*(1-l/(L+1))*(e[l:]@e[:-l])/n for l in range(1,L+1)); print(nw(1), nw(3))"
    expectClose(neweyWestVariance([1, 2, 3, 2, 1, 2, 3, 2], 1), 0.5, 1e-14);
    expectClose(neweyWestVariance([1, 2, 3, 2, 1, 2, 3, 2], 3), 0.125, 1e-13);
  });
});

describe('autocorrelationRobustMean', () => {
  const ar1 = (seed: number, n: number, phi: number) => {
    const r = createSeededRandom(seed);
    let v = r.normal() / Math.sqrt(1 - phi * phi);
    return Array.from({ length: n }, () => {
      const out = v;
      v = phi * v + r.normal();
      return out;
    });
  };
  it('estimates the standard error of the mean of an AR(1) series (phi 0.7) near sigma/((1-phi)sqrt(n))', () => {
    const se = autocorrelationRobustMean(ar1(1, 4000, 0.7)).se;
    const truth = 1 / (0.3 * Math.sqrt(4000));
    expect(se / truth).toBeGreaterThan(0.85);
    expect(se / truth).toBeLessThan(1.4);
  });
  it('on i.i.d. data is close to (and not below) the naive s/sqrt(n)', () => {
    const x = ar1(2, 4000, 0);
    const r = autocorrelationRobustMean(x);
    const m = x.reduce((s, v) => s + v, 0) / x.length;
    const naive = Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1) / x.length);
    expect(r.se / naive).toBeGreaterThan(0.99);
    expect(r.se / naive).toBeLessThan(1.1);
  });
  it('gives an infinite standard error when the series is too persistent to judge', () => {
    const trend = Array.from({ length: 20 }, (_, i) => i + 0.1 * Math.sin(i));
    expect(autocorrelationRobustMean(trend).se).toBe(Number.POSITIVE_INFINITY);
  });
  it('is scale-equivariant', () => {
    const x = ar1(4, 200, 0.5);
    const a = autocorrelationRobustMean(x);
    for (const k of [-12, -3, 5, 12]) {
      const b = autocorrelationRobustMean(x.map((v) => v * 10 ** k));
      expectClose(b.se / 10 ** k, a.se, 1e-9);
      expectClose(b.df, a.df, 1e-9);
    }
  });
});

describe('normal-mixture e-values and the always-valid boundary', () => {
  it('matches numerical integration of the half-normal mixture', () => {
    // python3 -c "import numpy as np; from scipy import integrate, stats; V=4.; tau=np.sqrt(2.5); S=3*np.sqrt(V); f=lambda t: np.exp(t*S-t*t*V/2)*2*stats.norm.pdf(t/tau)/tau; print(integrate.quad(f,0,np.inf)[0])"
    expectClose(Math.exp(logNormalMixtureEValue(3, 10)), 35.98099122738258, 1e-9);
    // same with S = -1*sqrt(V)
    expectClose(Math.exp(logNormalMixtureEValue(-1, 10)), 0.16167516855682404, 1e-9);
  });
  it('the boundary is where the e-value reaches 1/alpha', () => {
    for (const [alpha, r] of [
      [0.05, 10],
      [0.005, 0.5],
      [0.001, 200],
    ] as const) {
      expectClose(logNormalMixtureEValue(normalMixtureBoundary(alpha, r), r), Math.log(1 / alpha), 1e-10);
    }
  });
  it('keeps the false-alarm rate under alpha when a random walk is checked after every step', () => {
    const rng = createSeededRandom(11);
    const alpha = 0.05;
    let crossed = 0;
    const runs = 2000;
    const horizon = 200;
    const boundaries = Array.from({ length: horizon }, (_, t) =>
      normalMixtureBoundary(alpha, (10 * (t + 1)) / horizon),
    );
    for (let run = 0; run < runs; run++) {
      let s = 0;
      for (let t = 1; t <= horizon; t++) {
        s += rng.normal();
        if (s / Math.sqrt(t) >= boundaries[t - 1]!) {
          crossed++;
          break;
        }
      }
    }
    // A fixed-horizon z test looked at 200 times would cross far more often (about 25-30%).
    expect(crossed / runs).toBeLessThanOrEqual(alpha);
  });
});

describe('beta-mixture e-value for Bernoulli sequences', () => {
  it('matches numerical integration (greater and less)', () => {
    // python3 -c "import numpy as np; from scipy import integrate, stats, special; x,K,p0=20,24,0.5; a,b=2.,2.; g=lambda t: t**x*(1-t)**(K-x)*stats.beta.pdf(t,a,b); print(integrate.quad(g,p0,1,epsabs=0,epsrel=1e-13)[0]/(1-special.betainc(a,b,p0))/(p0**x*(1-p0)**(K-x)))"
    expectClose(Math.exp(logBetaMixtureEValue(20, 24, 0.5, 'greater')), 113.26994358298707, 1e-9);
    // python3 -c "...; x,K,p0=3,30,0.3; a,b=1.2,2.8; g as above; print(integrate.quad(g,0,p0,epsabs=0,epsrel=1e-13)[0]/special.betainc(a,b,p0)/(p0**x*(1-p0)**(K-x)))"
    expectClose(Math.exp(logBetaMixtureEValue(3, 30, 0.3, 'less')), 15.691488173472074, 1e-9);
  });
});

describe('seeded random', () => {
  it('is deterministic per seed and has the right first two moments', () => {
    const a = createSeededRandom(5);
    const b = createSeededRandom(5);
    const xs = Array.from({ length: 20000 }, () => a.normal());
    expect(Array.from({ length: 20000 }, () => b.normal())).toEqual(xs);
    const m = xs.reduce((s, v) => s + v, 0) / xs.length;
    const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.04);
    const p = Array.from({ length: 20000 }, () => a.poisson(0.2));
    expect(Math.abs(p.reduce((s, x) => s + x, 0) / p.length - 0.2)).toBeLessThan(0.01);
  });
});
