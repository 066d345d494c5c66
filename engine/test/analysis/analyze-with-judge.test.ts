import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeSamples, type SamplesByMetric } from '../../src/analysis/index';
import { canaryConfigSchema } from '../../src/config/index';
import { normals } from './normals';

const config = canaryConfigSchema.parse({
  name: 'checkout',
  minSamples: 30,
  metrics: [
    { name: 'latency', kind: 'continuous', direction: 'increase', margin: { relative: 0.05 }, critical: true },
    { name: 'errors', kind: 'rate', direction: 'increase', margin: { relative: 0.2 } },
  ],
});

function errors(baselineEvents: number, canaryEvents: number): SamplesByMetric['errors'] {
  return {
    kind: 'rate',
    baseline: { events: [baselineEvents], trials: [200_000] },
    canary: { events: [canaryEvents], trials: [200_000] },
  };
}

describe('analyzeSamples with the real judge', () => {
  it('goes when nothing changed and there is plenty of data', () => {
    const result = analyzeSamples(config, {
      latency: { kind: 'continuous', baseline: normals(400, 100, 5, 1), canary: normals(400, 100, 5, 2) },
      errors: errors(2000, 2000),
    });
    expect(result.verdict).toBe('go');
    expect(result.metrics.map((m) => m.harm)).toEqual(['safe', 'safe']);
    expect(result.score).toBe(100);
  });

  it('is no-go when latency rose by 20% and names the metric', () => {
    const result = analyzeSamples(config, {
      latency: { kind: 'continuous', baseline: normals(200, 100, 5, 3), canary: normals(200, 120, 5, 4) },
      errors: errors(2000, 2000),
    });
    expect(result.verdict).toBe('no-go');
    expect(result.reason).toMatch(/^critical latency is harmful beyond its margin/);
    expect(result.metrics[0]?.classification).toBe('high');
  });

  it('is no-go when the error rate doubled', () => {
    const result = analyzeSamples(config, {
      latency: { kind: 'continuous', baseline: normals(400, 100, 5, 5), canary: normals(400, 100, 5, 6) },
      errors: errors(500, 1000),
    });
    expect(result.verdict).toBe('no-go');
    expect(result.metrics[1]?.harm).toBe('harmful');
  });

  it('is inconclusive with too little data to decide, with MDE and samples needed', () => {
    const result = analyzeSamples(config, {
      latency: { kind: 'continuous', baseline: normals(30, 100, 30, 7), canary: normals(30, 100, 30, 8) },
      errors: errors(2000, 2000),
    });
    expect(result.verdict).toBe('inconclusive');
    expect(result.missing[0]?.metric).toBe('latency');
    expect(result.missing[0]?.mde).toBeGreaterThan(0);
  });

  it('property: reordering samples or scaling all values by 10^k changes no classification or verdict', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        fc.integer({ min: -12, max: 12 }),
        (seed, shift, k) => {
          const baseline = normals(60, 100, 10, seed);
          const canary = normals(60, 100 * (1 + shift), 10, seed + 1);
          const scale = 10 ** k;
          const original = analyzeSamples(config, {
            latency: { kind: 'continuous', baseline, canary },
            errors: errors(400, 420),
          });
          const shuffled = analyzeSamples(config, {
            latency: {
              kind: 'continuous',
              baseline: [...baseline].reverse(),
              canary: [...canary].sort((a, b) => a - b),
            },
            errors: errors(400, 420),
          });
          const scaled = analyzeSamples(config, {
            latency: {
              kind: 'continuous',
              baseline: baseline.map((v) => v * scale),
              canary: canary.map((v) => v * scale),
            },
            errors: errors(400, 420),
          });
          const view = (r: typeof original) => [r.verdict, ...r.metrics.map((m) => `${m.classification}/${m.harm}`)];
          expect(view(shuffled)).toEqual(view(original));
          expect(view(scaled)).toEqual(view(original));
        },
      ),
      { numRuns: 60, seed: 42 },
    );
  });

  it('is byte-for-byte deterministic with the real judge', () => {
    const input: SamplesByMetric = {
      latency: { kind: 'continuous', baseline: normals(100, 100, 5, 9), canary: normals(100, 101, 5, 10) },
      errors: errors(300, 310),
    };
    expect(JSON.stringify(analyzeSamples(config, input))).toBe(JSON.stringify(analyzeSamples(config, input)));
  });
});
