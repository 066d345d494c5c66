import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, canaryConfigSchema, parseSamplesFile } from '../../src/config/index';
import { jsonSyntaxErrorOffset } from '../../src/config/json-syntax-error-offset';

const config = canaryConfigSchema.parse({
  name: 'c',
  metrics: [
    { name: 'latency', kind: 'continuous' },
    { name: 'errors', kind: 'rate' },
    { name: 'p99', kind: 'latency' },
  ],
});

function problem(text: string): string {
  try {
    parseSamplesFile(text, 'samples.json', config);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n')[1]?.trim() ?? '';
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseSamplesFile', () => {
  it('reads every documented shape', () => {
    const samples = parseSamplesFile(
      JSON.stringify({
        metrics: {
          latency: {
            baseline: [1, 2],
            canary: [3, 4],
            timestamps: { baseline: [0, 60000], canary: ['1970-01-01T00:00:00Z', 60000] },
          },
          errors: {
            baseline: [
              { events: 1, trials: 10 },
              { events: 0, trials: 5 },
            ],
            canary: { events: [2], trials: [9] },
          },
          p99: { baseline: { bounds: [1, 2], counts: [1, 2, 3] }, canary: { bounds: [1, 2], counts: [0, 0, 1] } },
        },
      }),
      'samples.json',
      config,
    );
    expect(samples).toEqual({
      latency: {
        kind: 'continuous',
        baseline: [1, 2],
        canary: [3, 4],
        baselineTimestamps: [0, 60000],
        canaryTimestamps: [0, 60000],
      },
      errors: { kind: 'rate', baseline: { events: [1, 0], trials: [10, 5] }, canary: { events: [2], trials: [9] } },
      p99: {
        kind: 'latency',
        baseline: { bounds: [1, 2], counts: [1, 2, 3] },
        canary: { bounds: [1, 2], counts: [0, 0, 1] },
      },
    });
    const single = parseSamplesFile(
      '{"metrics":{"errors":{"baseline":{"events":1,"trials":2},"canary":{"events":0,"trials":2}}}}',
      'x',
      config,
    );
    expect(single.errors).toEqual({
      kind: 'rate',
      baseline: { events: [1], trials: [2] },
      canary: { events: [0], trials: [2] },
    });
  });

  it('names file, line and path of each problem', () => {
    expect(problem('{"metrics": {\n "latency": {"baseline": [1, 1e400], "canary": [1]}}}')).toBe(
      'samples.json:2:30: metrics.latency.baseline[1]: expected a finite number, got Infinity (out of range)',
    );
    expect(problem('{"metrics": {"latency": {"baseline": [1], "canary": {"events": 1, "trials": 2}}}}')).toContain(
      'metrics.latency: baseline is continuous data but canary is rate data',
    );
    expect(problem('{"metrics": {"latency": {"baseline": [1, 2], "canary": [1], "timestamps": [1]}}}')).toContain(
      'metrics.latency.timestamps: 1 baseline timestamps for 2 baseline samples',
    );
    expect(
      problem(
        '{"metrics": {"p99": {"baseline": {"bounds": [1], "counts": [1]}, "canary": {"bounds": [1], "counts": [1, 1]}}}}',
      ),
    ).toContain('metrics.p99.baseline.counts: expected 2 counts');
    expect(problem('{"metrics": {"latency": {"baseline": [1], "canary": [1], "extra": 1}}}')).toContain(
      'metrics.latency.extra: unknown field',
    );
    expect(problem('{"metrics": {"latency": {"baseline": [1]}}}')).toContain('metrics.latency.canary: missing');
    expect(problem('[]')).toContain('metrics: expected {"metrics"');
    expect(problem('{"metrics": {"latency": {"baseline": [1], "canary": [1], "timestamps": ["soon"]}}}')).toContain(
      'metrics.latency.timestamps[0]: expected an ISO time or Unix milliseconds, got "soon"',
    );
    expect(
      problem(
        '{"metrics": {"errors": {"baseline": {"events": -1, "trials": 2}, "canary": {"events": 1, "trials": 2}}}}',
      ),
    ).toContain('metrics.errors.baseline.events: expected a non-negative count, got -1');
  });

  it('reports JSON syntax errors with line and column', () => {
    expect(problem('{"metrics": {\n  "latency": NaN}}')).toMatch(/^samples\.json:2:14: not valid JSON/);
  });
});

describe('jsonSyntaxErrorOffset', () => {
  it('finds the first error', () => {
    expect(jsonSyntaxErrorOffset('{"a": [1, 2,]}')).toBe(12);
    expect(jsonSyntaxErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonSyntaxErrorOffset('{"a": "\\x"}')).toBe(8);
    expect(jsonSyntaxErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonSyntaxErrorOffset('')).toBe(0);
  });

  it('agrees with JSON.parse on validity (property)', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.string({ maxLength: 2 }), (json, at, junk) => {
        expect(jsonSyntaxErrorOffset(json)).toBeNull();
        const cut = at % (json.length + 1);
        const mutated = json.slice(0, cut) + junk + json.slice(cut);
        let valid = true;
        try {
          JSON.parse(mutated);
        } catch {
          valid = false;
        }
        expect(jsonSyntaxErrorOffset(mutated) === null).toBe(valid);
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
