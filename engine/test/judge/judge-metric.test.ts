import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JudgeMetricSpec, JudgeOptions, MetricSamples } from '../../src/judge';
import { judgeMetric } from '../../src/judge';
import { createSeededRandom } from '../../src/stats/seeded-random';

const options: JudgeOptions = { alpha: 0.05, minSamples: 30, sequential: false };
const minutes = (n: number) => Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 60_000);

function series(seed: number, n: number, mean: number, sd: number): number[] {
  const r = createSeededRandom(seed);
  return Array.from({ length: n }, () => mean + sd * r.normal());
}

function continuous(baseline: number[], canary: number[], timestamps = true): MetricSamples {
  const ts = minutes(baseline.length);
  return timestamps
    ? { kind: 'continuous', baseline, canary, baselineTimestamps: ts, canaryTimestamps: ts }
    : { kind: 'continuous', baseline, canary };
}

/** A seeded permutation of 0..n-1. */
function shuffle(seed: number, n: number): number[] {
  const r = createSeededRandom(seed);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r.uniform() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx;
}

const latencySpec: JudgeMetricSpec = {
  name: 'latency',
  kind: 'continuous',
  direction: 'increase',
  margin: { relative: 0.05 },
};

describe('judgeMetric: continuous', () => {
  it('proves harm beyond the margin as high/harmful with the effect, interval and a reason', () => {
    const j = judgeMetric(latencySpec, continuous(series(1, 60, 100, 5), series(2, 60, 120, 5)), options);
    expect(j.classification).toBe('high');
    expect(j.harm).toBe('harmful');
    expect(j.effect.relative!).toBeGreaterThan(0.1);
    expect(j.ci.lower).toBeGreaterThan(5);
    expect(j.pValue!).toBeLessThan(0.01);
    expect(j.n).toEqual({ baseline: 60, canary: 60 });
    expect(j.test).toContain('paired-hac-t');
    expect(j.reason).toMatch(/rose by .*beyond the margin 5%/);
  });
  it('shows safety within the margin as pass/safe', () => {
    const b = series(3, 120, 100, 2);
    const c = b.map((v, i) => v + 0.3 * Math.sin(i));
    const j = judgeMetric(latencySpec, continuous(b, c), options);
    expect(j.classification).toBe('pass');
    expect(j.harm).toBe('safe');
    expect(j.ci.upper).toBeLessThan(5);
  });
  it('says undecided with the detectable effect and samples needed when data are thin', () => {
    const j = judgeMetric(latencySpec, continuous(series(4, 30, 100, 20), series(5, 30, 103, 20)), options);
    expect(j.classification).toBe('pass');
    expect(j.harm).toBe('undecided');
    expect(j.mde!).toBeGreaterThan(5);
    expect(j.samplesNeeded!).toBeGreaterThan(30);
    expect(j.reason).toMatch(/neither harm beyond nor safety within/);
  });
  it('a decrease is harm only for direction decrease; either catches both sides', () => {
    const data = continuous(series(6, 60, 100, 5), series(7, 60, 80, 5));
    expect(judgeMetric(latencySpec, data, options).classification).toBe('pass');
    expect(judgeMetric({ ...latencySpec, direction: 'decrease' }, data, options).classification).toBe('low');
    expect(judgeMetric({ ...latencySpec, direction: 'either' }, data, options).classification).toBe('low');
  });
  it('catches a variance-only increase with the spread check', () => {
    const j = judgeMetric(latencySpec, continuous(series(8, 120, 100, 2), series(9, 120, 100, 8)), options);
    expect(j.classification).toBe('high');
    expect(j.reason).toMatch(/spread/);
    // Shown on the quantity decided on: the spread rose ~4x, and its interval clears the 5% margin.
    expect(j.quantity).toBe('spread');
    expect(j.summary.canary / j.summary.baseline).toBeGreaterThan(2.5);
    expect(j.effect.absolute).toBeCloseTo(j.summary.canary - j.summary.baseline, 12);
    expect(j.ci.lower).toBeGreaterThan(0.05 * j.summary.baseline);
    expect(j.reason).toContain(`CI [`);
    // A mean shift alone is shown on the mean.
    const shifted = judgeMetric(latencySpec, continuous(series(8, 120, 100, 2), series(9, 120, 110, 2)), options);
    expect([shifted.classification, shifted.quantity]).toEqual(['high', 'mean']);
    expect(shifted.effect.absolute).toBeCloseTo(10, 0);
  });
  it('too few samples is nodata, a non-finite value is an error naming the index', () => {
    expect(judgeMetric(latencySpec, continuous(series(1, 10, 1, 1), series(2, 10, 1, 1)), options).classification).toBe(
      'nodata',
    );
    const bad = series(1, 40, 1, 1);
    bad[7] = Number.NaN;
    const j = judgeMetric(latencySpec, continuous(series(2, 40, 1, 1), bad), options);
    expect(j.classification).toBe('error');
    expect(j.reason).toContain('canary value at index 7');
  });
  it('absolute margins and both margins (harm must exceed both)', () => {
    const data = continuous(series(10, 60, 100, 1), series(11, 60, 103, 1));
    expect(judgeMetric({ ...latencySpec, margin: { absolute: 1 } }, data, options).harm).toBe('harmful');
    expect(judgeMetric({ ...latencySpec, margin: { absolute: 6 } }, data, options).harm).toBe('safe');
    expect(judgeMetric({ ...latencySpec, margin: { absolute: 1, relative: 0.1 } }, data, options).harm).toBe('safe');
  });
  it('is deterministic: the same input gives a byte-identical judgement', () => {
    const data = continuous(series(12, 60, 10, 1), series(13, 60, 10.2, 1));
    expect(JSON.stringify(judgeMetric(latencySpec, data, options))).toBe(
      JSON.stringify(judgeMetric(latencySpec, data, options)),
    );
  });
});

describe('judgeMetric: invariances (property tests)', () => {
  it('reordering samples (with their timestamps) or scaling all values by 10^k keeps the classification', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        fc.integer({ min: -12, max: 12 }),
        fc.constantFrom<JudgeMetricSpec['direction']>('increase', 'decrease', 'either'),
        fc.boolean(),
        fc.boolean(),
        (seed, shift, spread, k, direction, sequential, timestamps) => {
          const b = series(seed, 50, 10, 1);
          const c = series(seed + 1, 50, 10 * (1 + shift), spread);
          const spec: JudgeMetricSpec = { name: 'm', kind: 'continuous', direction, margin: { relative: 0.02 } };
          const opts = { ...options, sequential };
          const ref = judgeMetric(spec, continuous(b, c, timestamps), opts);
          const ts = minutes(50);
          const pb = shuffle(seed + 2, 50);
          const pc = shuffle(seed + 3, 50);
          const reordered: MetricSamples = timestamps
            ? {
                kind: 'continuous',
                baseline: pb.map((i) => b[i]!),
                canary: pc.map((i) => c[i]!),
                baselineTimestamps: pb.map((i) => ts[i]!),
                canaryTimestamps: pc.map((i) => ts[i]!),
              }
            : { kind: 'continuous', baseline: pb.map((i) => b[i]!), canary: pc.map((i) => c[i]!) };
          const r1 = judgeMetric(spec, reordered, opts);
          expect([r1.classification, r1.harm]).toEqual([ref.classification, ref.harm]);
          const s = 10 ** k;
          const scaled = judgeMetric(
            spec,
            continuous(
              b.map((v) => v * s),
              c.map((v) => v * s),
              timestamps,
            ),
            opts,
          );
          expect([scaled.classification, scaled.harm]).toEqual([ref.classification, ref.harm]);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('judgeMetric: rate', () => {
  const flat = (n: number, v: number) => Array.from({ length: n }, () => v);
  it('exact conditional test on rare events: 24 vs 12 errors per 60k requests is harm', () => {
    const canary = { events: [...flat(24, 1), ...flat(36, 0)], trials: flat(60, 1000) };
    const baseline = { events: [...flat(12, 1), ...flat(48, 0)], trials: flat(60, 1000) };
    const j = judgeMetric(
      { name: 'errors', kind: 'rate', direction: 'increase', margin: {} },
      { kind: 'rate', baseline, canary },
      options,
    );
    expect(j.test).toBe('poisson-conditional-exact');
    expect(j.classification).toBe('high');
    // python3 -c "from scipy import stats; print(stats.binomtest(24,36,0.5,alternative='greater').pvalue)" -> 0.032622667611576624
    expect(j.pValue!).toBeCloseTo(0.032622667611576624, 12);
    expect(j.effect.relative).toBe(1);
  });
  it('overdispersed bursty counts switch to the delta method with a robust variance', () => {
    const r = createSeededRandom(5);
    const bursty = () => ({
      events: Array.from({ length: 60 }, () => (r.uniform() < 0.1 ? 40 + r.poisson(10) : r.poisson(1))),
      trials: flat(60, 1000),
    });
    const j = judgeMetric(
      { name: 'errors', kind: 'rate', direction: 'increase', margin: {} },
      { kind: 'rate', baseline: bursty(), canary: bursty() },
      options,
    );
    expect(j.test).toContain('delta-method');
  });
  it('reordering bursty rate buckets (with their timestamps, or without any) keeps the classification (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), (seed, timestamps) => {
        const r = createSeededRandom(seed);
        const bursty = (burst: number) => ({
          events: Array.from({ length: 60 }, () => (r.uniform() < burst ? 40 + r.poisson(10) : r.poisson(1))),
          trials: flat(60, 1000),
        });
        const baseline = bursty(0.1);
        const canary = bursty(0.1 + 0.2 * r.uniform());
        const ts = minutes(60);
        const spec: JudgeMetricSpec = { name: 'errors', kind: 'rate', direction: 'increase', margin: {} };
        const samples = (order: number[], other: number[]): MetricSamples => ({
          kind: 'rate',
          baseline: { events: order.map((i) => baseline.events[i]!), trials: order.map((i) => baseline.trials[i]!) },
          canary: { events: other.map((i) => canary.events[i]!), trials: other.map((i) => canary.trials[i]!) },
          ...(timestamps
            ? { baselineTimestamps: order.map((i) => ts[i]!), canaryTimestamps: other.map((i) => ts[i]!) }
            : {}),
        });
        const identity = Array.from({ length: 60 }, (_, i) => i);
        const ref = judgeMetric(spec, samples(identity, identity), options);
        expect(ref.test).toContain('delta-method');
        const sorted = [...identity].sort((a, b) => canary.events[a]! - canary.events[b]!);
        for (const [pb, pc] of [
          [shuffle(seed + 2, 60), shuffle(seed + 3, 60)],
          [identity, sorted],
        ] as const) {
          const again = judgeMetric(spec, samples(pb, pc), options);
          expect([again.classification, again.harm, again.test]).toEqual([ref.classification, ref.harm, ref.test]);
        }
      }),
      { numRuns: 150 },
    );
  });
  it('no errors at all: safe within an absolute margin (exact Poisson bounds), undecided within a relative one', () => {
    const none = { events: flat(60, 0), trials: flat(60, 1000) };
    const samples: MetricSamples = { kind: 'rate', baseline: none, canary: none };
    const abs = judgeMetric(
      { name: 'errors', kind: 'rate', direction: 'increase', margin: { absolute: 0.001 } },
      samples,
      options,
    );
    expect(abs.harm).toBe('safe');
    const rel = judgeMetric(
      { name: 'errors', kind: 'rate', direction: 'increase', margin: { relative: 0.2 } },
      samples,
      options,
    );
    expect(rel.harm).toBe('undecided');
    // 0 events in 60,000 trials cannot exclude a rate of 5e-5 (the upper bound is about 6e-5)
    const tight = judgeMetric(
      { name: 'errors', kind: 'rate', direction: 'increase', margin: { absolute: 0.00005 } },
      samples,
      options,
    );
    expect(tight.harm).toBe('undecided');
  });
  it('frequent events use the two-proportion test; events above trials are an error', () => {
    const j = judgeMetric(
      { name: 'conv', kind: 'rate', direction: 'decrease', margin: { relative: 0.05 } },
      { kind: 'rate', baseline: { events: [300], trials: [1000] }, canary: { events: [200], trials: [1000] } },
      options,
    );
    expect(j.test).toBe('two-proportion-z');
    expect(j.classification).toBe('low');
    const bad = judgeMetric(
      { name: 'conv', kind: 'rate', direction: 'decrease', margin: {} },
      { kind: 'rate', baseline: { events: [3], trials: [2] }, canary: { events: [1], trials: [1000] } },
      options,
    );
    expect(bad.classification).toBe('error');
    expect(bad.reason).toContain('more events');
  });
});

describe('judgeMetric: latency histograms', () => {
  const bounds = [5, 10, 25, 50, 100, 250, 500, 1000];
  it('a heavier tail raises p99 beyond a 5% margin', () => {
    const baseline = { bounds, counts: [2000, 3000, 3000, 1200, 500, 200, 80, 20, 0] };
    const canary = { bounds, counts: [2000, 3000, 3000, 1000, 500, 250, 150, 90, 10] };
    const j = judgeMetric(
      { name: 'p99', kind: 'latency', direction: 'increase', margin: { relative: 0.05 } },
      { kind: 'latency', baseline, canary },
      options,
    );
    expect(j.classification).toBe('high');
    expect(j.test).toContain('p99');
  });
  it('scaling every bucket bound by 10^k keeps the classification (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -12, max: 12 }),
        fc.array(fc.nat({ max: 400 }), { minLength: 9, maxLength: 9 }),
        fc.array(fc.nat({ max: 400 }), { minLength: 9, maxLength: 9 }),
        (k, b, c) => {
          const spec: JudgeMetricSpec = {
            name: 'p95',
            kind: 'latency',
            direction: 'either',
            margin: { relative: 0.05 },
            quantile: 0.95,
          };
          const ref = judgeMetric(
            spec,
            { kind: 'latency', baseline: { bounds, counts: b }, canary: { bounds, counts: c } },
            options,
          );
          const scaled = bounds.map((x) => x * 10 ** k);
          const r = judgeMetric(
            spec,
            { kind: 'latency', baseline: { bounds: scaled, counts: b }, canary: { bounds: scaled, counts: c } },
            options,
          );
          expect([r.classification, r.harm]).toEqual([ref.classification, ref.harm]);
        },
      ),
      { numRuns: 200 },
    );
  });
  it('mismatched bucket bounds are an error', () => {
    const j = judgeMetric(
      { name: 'p99', kind: 'latency', direction: 'increase', margin: { relative: 0.05 } },
      {
        kind: 'latency',
        baseline: { bounds: [1, 2], counts: [50, 50, 1] },
        canary: { bounds: [1, 3], counts: [50, 50, 1] },
      },
      options,
    );
    expect(j.classification).toBe('error');
  });
});
