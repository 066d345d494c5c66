import { describe, expect, it } from 'vitest';
import type { JudgeMetricSpec, MetricSamples } from '../../src/judge';
import { judgeMetric } from '../../src/judge';
import { createSeededRandom, type SeededRandom } from '../../src/stats/seeded-random';

// A small, fast version of `npm run calibrate` for CI: per-metric false-harm rates under A/A at alpha 0.05,
// bounded by alpha plus three Monte-Carlo standard errors (the full harness measures per-verdict rates).
const R = 400;
const ALPHA = 0.05;
const bound = ALPHA + 3 * Math.sqrt((ALPHA * (1 - ALPHA)) / R);
const minutes = (n: number) => Array.from({ length: n }, (_, i) => i * 60_000);

function ar1(rng: SeededRandom, n: number, phi: number): number[] {
  let v = rng.normal() / Math.sqrt(1 - phi * phi);
  return Array.from({ length: n }, () => {
    const out = 100 + v;
    v = phi * v + rng.normal();
    return out;
  });
}

function harmRate(
  make: (rng: SeededRandom, n: number) => MetricSamples,
  spec: JudgeMetricSpec,
  looks: number[],
  sequential: boolean,
  seed: number,
): number {
  const rng = createSeededRandom(seed);
  let harmful = 0;
  for (let r = 0; r < R; r++) {
    const full = make(rng, looks[looks.length - 1]!);
    for (const n of looks) {
      const samples = slice(full, n);
      if (judgeMetric(spec, samples, { alpha: ALPHA, minSamples: 30, sequential }).harm === 'harmful') {
        harmful++;
        break;
      }
    }
  }
  return harmful / R;
}

function slice(s: MetricSamples, n: number): MetricSamples {
  if (s.kind === 'continuous') {
    const ts = minutes(n);
    return {
      kind: 'continuous',
      baseline: s.baseline.slice(0, n),
      canary: s.canary.slice(0, n),
      baselineTimestamps: ts,
      canaryTimestamps: ts,
    };
  }
  if (s.kind === 'rate') {
    const cut = (c: { events: number[]; trials: number[] }) => ({
      events: c.events.slice(0, n),
      trials: c.trials.slice(0, n),
    });
    return { kind: 'rate', baseline: cut(s.baseline), canary: cut(s.canary) };
  }
  return s;
}

const continuous: JudgeMetricSpec = { name: 'm', kind: 'continuous', direction: 'increase', margin: { relative: 0 } };

describe('A/A calibration of the per-metric judge (alpha 0.05, margin 0)', () => {
  for (const phi of [0, 0.7, 0.9]) {
    it(`AR(1) phi=${phi}: one look at 60 and 10 sequential looks stay at or under alpha`, () => {
      const make = (rng: SeededRandom, n: number): MetricSamples => ({
        kind: 'continuous',
        baseline: ar1(rng, n, phi),
        canary: ar1(rng, n, phi),
      });
      expect(harmRate(make, continuous, [60], false, 100 + phi * 10)).toBeLessThanOrEqual(bound);
      expect(
        harmRate(make, continuous, [30, 60, 90, 120, 150, 180, 210, 240, 270, 300], true, 200 + phi * 10),
      ).toBeLessThanOrEqual(bound);
    });
  }
  it('Poisson error counts: exact test at one look and beta-mixture over 10 looks stay at or under alpha', () => {
    const make = (rng: SeededRandom, n: number): MetricSamples => {
      const trials = new Array<number>(n).fill(1000);
      return {
        kind: 'rate',
        baseline: { events: Array.from({ length: n }, () => rng.poisson(0.2)), trials },
        canary: { events: Array.from({ length: n }, () => rng.poisson(0.2)), trials },
      };
    };
    const spec: JudgeMetricSpec = { name: 'errors', kind: 'rate', direction: 'increase', margin: { relative: 0 } };
    expect(harmRate(make, spec, [60], false, 300)).toBeLessThanOrEqual(bound);
    expect(harmRate(make, spec, [30, 60, 90, 120, 150, 180, 210, 240, 270, 300], true, 301)).toBeLessThanOrEqual(bound);
  });
  it('the same harness has power: +0.5 sd at 60 vs 60 is found most of the time', () => {
    const make = (rng: SeededRandom, n: number): MetricSamples => ({
      kind: 'continuous',
      baseline: Array.from({ length: n }, () => 100 + 10 * rng.normal()),
      canary: Array.from({ length: n }, () => 105 + 10 * rng.normal()),
    });
    expect(harmRate(make, continuous, [60], false, 400)).toBeGreaterThan(0.6);
  });
});
