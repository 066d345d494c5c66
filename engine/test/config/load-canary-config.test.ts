import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  canaryConfigJsonSchemaText,
  loadCanaryConfig,
  parseCanaryConfig,
  parseDuration,
} from '../../src/config/index';
import { MINIMAL_CONFIG } from './minimal-config';

const MINIMAL = MINIMAL_CONFIG;

function issuesOf(text: string, file = 'canary.yaml'): ConfigError {
  try {
    parseCanaryConfig(text, file);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseCanaryConfig', () => {
  it('accepts the minimal config of the issue and fills defaults', () => {
    const config = parseCanaryConfig(MINIMAL, 'canary.yaml');
    expect(config.name).toBe('checkout');
    expect(config.metrics.map((m) => [m.name, m.kind, m.direction, m.critical, m.mustHaveData, m.gating])).toEqual([
      ['latency', 'continuous', 'increase', true, false, true],
      ['errors', 'rate', 'increase', false, true, true],
    ]);
    expect(config.metrics[0]?.margin).toEqual({ relative: 0.05 });
    expect(config.warmup).toBe(0);
    expect(config.step).toBe('1m');
    expect(config.srmAlpha).toBe(0.001);
  });

  it('accepts the same config as JSON', () => {
    const json = JSON.stringify({
      name: 'x',
      metrics: [{ name: 'p99', kind: 'latency', quantile: 0.99, query: 'http.server.request.duration' }],
    });
    const config = parseCanaryConfig(json, 'canary.json');
    expect(config.alpha).toBe(0.05);
    expect(config.minSamples).toBe(30);
    expect(config.thresholds).toEqual({ pass: 95, marginal: 75 });
    expect(config.metrics[0]?.quantile).toBe(0.99);
  });

  it('names the file, the field path, the line and what was expected', () => {
    const error = issuesOf(MINIMAL.replace('kind: rate', 'kind: ratio'));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ path: 'metrics[1].kind', line: 12, column: 11 });
    expect(error.issues[0]?.message).toMatch(/continuous.*rate.*latency/);
    expect(error.issues[0]?.message).toContain('"ratio"');
    expect(error.message).toContain('canary.yaml:12:11: metrics[1].kind:');
  });

  it('reports a missing required field at its parent and an unknown field at its key', () => {
    const error = issuesOf('name: x\nmetrics:\n  - name: a\n    direction: up\n    margn: { relative: 1 }\n');
    const byPath = Object.fromEntries(error.issues.map((i) => [i.path, i]));
    expect(byPath['metrics[0].kind']?.message).toContain('missing');
    expect(byPath['metrics[0].kind']?.line).toBe(3);
    expect(byPath['metrics[0].direction']?.line).toBe(4);
    expect(byPath['metrics[0].margn']?.line).toBe(5);
    expect(byPath['metrics[0].margn']?.message).toContain('unknown field');
  });

  it('rejects YAML syntax errors with a line', () => {
    const error = issuesOf('name: x\nmetrics: [\n  - a: 1\n', 'bad.yaml');
    expect(error.issues[0]?.line).toBeGreaterThan(0);
    expect(error.message).toContain('bad.yaml:');
  });

  it('rejects a document that is not a mapping', () => {
    expect(issuesOf('- 1\n- 2\n').issues[0]?.message).toContain('mapping');
  });

  it('validates ranges: alpha, thresholds, margins, quantile', () => {
    const error = issuesOf(
      `name: x\nalpha: 1.5\nthresholds: { pass: 70, marginal: 80 }\nmetrics:\n  - { name: a, kind: latency, quantile: 1.2, margin: { relative: -1 } }\n`,
    );
    const paths = error.issues.map((i) => i.path).sort();
    expect(paths).toEqual(['alpha', 'metrics[0].margin.relative', 'metrics[0].quantile', 'thresholds.marginal']);
    const thresholds = issuesOf(
      `name: x\nthresholds: { pass: 70, marginal: 80 }\nmetrics:\n  - { name: a, kind: rate }\n`,
    );
    expect(thresholds.issues.map((i) => i.path)).toEqual(['thresholds.marginal']);
    expect(thresholds.issues[0]?.line).toBe(2);
  });

  it('rejects duplicate metric names and fields that do not fit the kind', () => {
    const error = issuesOf(
      'name: x\nmetrics:\n  - { name: a, kind: rate, quantile: 0.9 }\n  - { name: a, kind: continuous, denominator: reqs }\n',
    );
    const messages = error.issues.map((i) => `${i.path}: ${i.message}`);
    expect(messages).toEqual([
      'metrics[0].quantile: `quantile` applies only to kind latency, not rate',
      'metrics[1].name: duplicate metric name "a" (also metrics[0])',
      'metrics[1].denominator: `denominator` applies only to kind rate, not continuous',
    ]);
  });

  it('validates group weights: non-negative and summing to 100', () => {
    const base =
      'name: x\nmetrics:\n  - { name: a, kind: rate, group: errors }\n  - { name: b, kind: continuous, group: perf }\n';
    expect(() => parseCanaryConfig(`${base}groups: { errors: 60, perf: 40 }\n`)).not.toThrow();
    expect(issuesOf(`${base}groups: { errors: 60, perf: 30 }\n`).issues[0]?.message).toBe(
      'expected group weights summing to 100, got 90',
    );
    expect(issuesOf(`${base}groups: { errors: -5, perf: 105 }\n`).issues[0]?.path).toBe('groups.errors');
    expect(issuesOf(`${base}groups: { errors: 60, perf: 40, other: 0 }\n`).issues[0]?.message).toContain(
      'no metric is in group "other"',
    );
    // one weighted group may leave the rest to the unweighted ones, but not exceed 100
    expect(() => parseCanaryConfig(`${base}groups: { errors: 70 }\n`)).not.toThrow();
    expect(issuesOf(`${base}groups: { errors: 120 }\n`).issues.map((i) => i.path)).toContain('groups');
  });

  it('accepts weights on metrics (their group) and checks they agree', () => {
    const ok = 'name: x\nmetrics:\n  - { name: a, kind: rate, weight: 25 }\n  - { name: b, kind: rate, weight: 75 }\n';
    expect(() => parseCanaryConfig(ok)).not.toThrow();
    const sum = issuesOf(
      'name: x\nmetrics:\n  - { name: a, kind: rate, weight: 25 }\n  - { name: b, kind: rate, weight: 70 }\n',
    );
    expect(sum.issues[0]?.message).toBe('expected group weights summing to 100, got 95');
    const clash = issuesOf(
      'name: x\nmetrics:\n  - { name: a, kind: rate, group: g, weight: 50 }\n  - { name: b, kind: rate, group: g, weight: 40 }\n',
    );
    expect(clash.issues[0]).toMatchObject({ path: 'metrics[1].weight', line: 4 });
  });

  it('requires a critical metric to be gating', () => {
    const error = issuesOf('name: x\nmetrics:\n  - { name: a, kind: rate, critical: true, gating: false }\n');
    expect(error.issues[0]?.path).toBe('metrics[0].gating');
  });
});

describe('loadCanaryConfig', () => {
  it('reads a file and names it in errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aviary-config-'));
    const good = join(dir, 'canary.yaml');
    writeFileSync(good, MINIMAL);
    expect(loadCanaryConfig(good).metrics).toHaveLength(2);
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'name: 3\nmetrics: []\n');
    expect(() => loadCanaryConfig(bad)).toThrow(`${bad}:2:10: metrics:`);
    expect(() => loadCanaryConfig(join(dir, 'missing.yaml'))).toThrow(/cannot read the file/);
  });
});

describe('parseDuration', () => {
  it('reads seconds and unit strings', () => {
    expect(parseDuration(90)).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(() => parseDuration('5 minutes')).toThrow(/duration/);
  });
});

describe('canary-config.schema.json', () => {
  it('is generated from the zod schema and up to date (regenerate: npx tsx src/config/write-canary-config-json-schema.ts)', () => {
    const committed = readFileSync(new URL('../../schema/canary-config.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(canaryConfigJsonSchemaText());
    const schema = JSON.parse(committed) as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(['name', 'metrics']);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['alpha', 'minSamples', 'warmup', 'thresholds', 'metrics', 'groups']),
    );
  });
});
