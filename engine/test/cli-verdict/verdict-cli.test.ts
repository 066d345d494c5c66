import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/api/server';
import { openStore } from '../../src/store/store';
import type { IngestMetric } from '../../src/store/store-types';
import { normals } from '../analysis/normals';
import { MINIMAL_CONFIG } from '../config/minimal-config';

const BIN = fileURLToPath(new URL('../../bin/aviary.js', import.meta.url));

/** Runs the CLI without blocking the event loop (for tests that serve HTTP in this process). */
function aviaryAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, 'verdict', ...args],
      { encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      },
    );
  });
}

function aviary(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, 'verdict', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const CONFIG = MINIMAL_CONFIG;

let dir: string;
let config: string;

function dataFile(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const rate = (baseline: number, canary: number) => ({
  baseline: { events: baseline, trials: 200_000 },
  canary: { events: canary, trials: 200_000 },
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aviary-verdict-'));
  config = join(dir, 'canary.yaml');
  writeFileSync(config, CONFIG);
});

describe('aviary verdict --data', () => {
  it('exits 0 on go and prints the text report', () => {
    const data = dataFile('go.json', {
      metrics: {
        latency: { baseline: normals(300, 100, 5, 1), canary: normals(300, 100, 5, 2) },
        errors: rate(2000, 2010),
      },
    });
    const run = aviary(['--config', config, '--data', data]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('GO  checkout  score 100 (pass)');
  });

  it('exits 1 on no-go, with a JSON report of the documented shape', () => {
    const data = dataFile('nogo.json', {
      metrics: {
        latency: { baseline: normals(200, 100, 5, 3), canary: normals(200, 120, 5, 4) },
        errors: rate(2000, 2000),
      },
    });
    const run = aviary(['--config', config, '--data', data, '--format', 'json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.verdict).toBe('no-go');
    expect(result.metrics[0]).toMatchObject({ name: 'latency', classification: 'high', critical: true });
    for (const key of ['verdict', 'reason', 'score', 'metrics', 'health', 'inputDigest'])
      expect(result).toHaveProperty(key);
    // byte-identical on a second run
    expect(aviary(['--config', config, '--data', data, '--format', 'json']).stdout).toBe(run.stdout);
    const sequential = JSON.parse(
      aviary(['--config', config, '--data', data, '--format', 'json', '--sequential']).stdout,
    );
    expect(sequential.settings.sequential).toBe(true);
    expect(sequential.metrics[0].eValue).toBeGreaterThan(1);
  });

  it('exits 2 on inconclusive (too few samples) and says what is missing', () => {
    const data = dataFile('few.json', {
      metrics: {
        latency: { baseline: normals(10, 100, 5, 5), canary: normals(10, 100, 5, 6) },
        errors: rate(2000, 2000),
      },
    });
    const run = aviary(['--config', config, '--data', data]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('INCONCLUSIVE');
    expect(run.stdout).toContain(
      'latency: too few samples: 10 baseline / 10 canary, minSamples is 30; needs 30 per cohort',
    );
  });

  it('reads per-bucket rate arrays with timestamps, and a missing mustHaveData metric is no-go', () => {
    const t0 = Date.parse('2026-11-23T08:00:00Z');
    const buckets = (n: number, events: number) => Array.from({ length: n }, () => ({ events, trials: 1000 }));
    const data = dataFile('buckets.json', {
      metrics: {
        latency: {
          baseline: normals(40, 100, 5, 7),
          canary: normals(40, 100, 5, 8),
          timestamps: Array.from({ length: 40 }, (_, i) => new Date(t0 + i * 60_000).toISOString()),
        },
      },
    });
    const run = aviary(['--config', config, '--data', data]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('errors must have data but is nodata: no samples for this metric');
    const skewed = dataFile('skewed.json', {
      metrics: {
        latency: { baseline: normals(300, 100, 5, 7), canary: normals(300, 100, 5, 8) },
        errors: rate(2000, 2000),
      },
    });
    const srm = aviary(['--config', config, '--data', skewed, '--expected-split', '90:10']);
    expect(srm.code).toBe(2);
    expect(srm.stdout).toContain('sample ratio mismatch: canary share 50.00% of errors vs expected 10.00%');
    const withErrors = dataFile('buckets2.json', {
      metrics: {
        latency: { baseline: normals(300, 100, 5, 7), canary: normals(300, 100, 5, 8) },
        errors: { baseline: buckets(40, 10), canary: buckets(40, 10) },
      },
    });
    expect(aviary(['--config', config, '--data', withErrors]).code).toBe(0);
  });

  it('writes Markdown with SVG charts next to --out, and JUnit', () => {
    const data = dataFile('md.json', {
      metrics: {
        latency: { baseline: normals(200, 100, 5, 3), canary: normals(200, 120, 5, 4) },
        errors: rate(2000, 2000),
      },
    });
    const out = join(dir, 'reports', 'verdict.md');
    const run = aviary(['--config', config, '--data', data, '--format', 'markdown', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`report written to ${out}`);
    const markdown = readFileSync(out, 'utf8');
    expect(markdown.split('\n')[0]).toBe('## ❌ NO-GO: checkout');
    expect(markdown).toContain('![latency: baseline vs canary](verdict-charts/latency.svg)');
    expect(readFileSync(join(dir, 'reports', 'verdict-charts', 'latency.svg'), 'utf8')).toMatch(/^<svg /);
    expect(existsSync(join(dir, 'reports', 'verdict-charts', 'errors.svg'))).toBe(true);

    const junit = aviary(['--config', config, '--data', data, '--format', 'junit']);
    expect(junit.code).toBe(1);
    expect(junit.stdout).toContain(
      '<testsuite name="aviary canary: checkout" tests="2" failures="1" errors="0" skipped="0"',
    );
  });

  it('exits 3 naming the place for malformed files and non-finite numbers', () => {
    const broken = dataFile('broken.json', '{"metrics": {\n  "latency": {"baseline": [1, 2,], "canary": []}\n}}');
    const syntax = aviary(['--config', config, '--data', broken]);
    expect(syntax.code).toBe(3);
    expect(syntax.stderr).toContain(`${broken}:2:33: not valid JSON`);

    const huge = dataFile(
      'huge.json',
      '{"metrics": {\n  "latency": {\n    "baseline": [1, 2, 1e999],\n    "canary": [1]\n  }\n}}',
    );
    const infinite = aviary(['--config', config, '--data', huge]);
    expect(infinite.code).toBe(3);
    expect(infinite.stderr).toContain(
      `${huge}:3:24: metrics.latency.baseline[2]: expected a finite number, got Infinity (out of range)`,
    );

    const strings = dataFile('nan.json', { metrics: { latency: { baseline: [1, 'NaN'], canary: [1] } } });
    expect(aviary(['--config', config, '--data', strings]).stderr).toContain(
      'metrics.latency.baseline[1]: expected a finite number, got string "NaN"',
    );
    const unknown = dataFile('unknown.json', { metrics: { latncy: { baseline: [1], canary: [1] } } });
    const typo = aviary(['--config', config, '--data', unknown]);
    expect(typo.code).toBe(3);
    expect(typo.stderr).toContain('metrics.latncy: not a metric of config "checkout" (known: latency, errors)');
    const badRate = dataFile('rate.json', {
      metrics: { errors: { baseline: { events: 5, trials: 2 }, canary: { events: 1, trials: 2 } } },
    });
    expect(aviary(['--config', config, '--data', badRate]).stderr).toContain(
      'metrics.errors.baseline: more events (5) than trials (2)',
    );
  });

  it('exits 3 for a bad config, with file, line and field path', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, CONFIG.replace('kind: rate', 'kind: ratio'));
    const run = aviary(['--config', bad, '--data', dataFile('x.json', { metrics: {} })]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `${bad}:12:11: metrics[1].kind: Invalid option: expected one of "continuous"|"rate"|"latency" (got "ratio")`,
    );
  });

  it('exits 3 for usage errors', () => {
    expect(aviary(['--data', 'x.json']).code).toBe(3);
    const none = aviary(['--config', config]);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('give exactly one of --data FILE, --engine URL or --data-dir DIR');
    expect(aviary(['--config', config, '--data', 'x', '--format', 'pdf']).code).toBe(3);
    const cohorts = aviary(['--config', config, '--data-dir', dir, '--service', 'checkout']);
    expect(cohorts.code).toBe(3);
    expect(cohorts.stderr).toContain('say what to compare');
    const time = aviary([
      '--config',
      config,
      '--data-dir',
      dir,
      '--flag',
      'f',
      '--baseline-variant',
      'a',
      '--canary-variant',
      'b',
      '--from',
      'yesterday',
    ]);
    expect(time.code).toBe(3);
    expect(time.stderr).toContain('"yesterday" is not a time');
  });
});

/** `app.latency` gauge points one minute apart from `startMs`, with the given resource and point attributes. */
function latencyGauge(
  resource: Record<string, string>,
  attributes: Record<string, string>,
  startMs: number,
  values: number[],
): IngestMetric {
  return {
    name: 'app.latency',
    unit: 'ms',
    kind: 'gauge',
    temporality: 'none',
    monotonic: false,
    scope: 'test',
    resource,
    points: values.map((value, i) => ({
      attributes,
      startUs: 0,
      timeUs: (startMs + i * 60_000) * 1000,
      noValue: false,
      value,
      count: 0,
      min: Number.NaN,
      max: Number.NaN,
    })),
  };
}

/** Stores per-minute latency gauges of releases 1.0.0 (mean 100) and 1.1.0 (mean 130) of `checkout`. */
function seedStore(dataDir: string): string {
  const store = openStore({ dataDir });
  const t0 = Date.parse('2026-11-23T08:00:00Z');
  const gauge = (version: string, values: number[]) =>
    latencyGauge({ 'service.name': 'checkout', 'service.version': version }, {}, t0 + 1000, values);
  const ingested = store.ingest([gauge('1.0.0', normals(60, 100, 3, 11)), gauge('1.1.0', normals(60, 130, 3, 12))]);
  expect(ingested.rejected).toBe(0);
  store.close();
  const storeConfig = join(dir, 'store.yaml');
  writeFileSync(
    storeConfig,
    'name: release\nminSamples: 20\nmetrics:\n  - { name: latency, query: app.latency, kind: continuous, direction: increase, margin: { relative: 0.05 } }\n',
  );
  return storeConfig;
}

const WINDOW = ['--service', 'checkout', '--from', '2026-11-23T08:00:00Z', '--to', '2026-11-23T09:00:00Z'];

describe('aviary verdict --data-dir / --engine', () => {
  it('judges two releases stored in the embedded store over an ISO window', () => {
    const dataDir = join(dir, 'store');
    const storeConfig = seedStore(dataDir);
    const args = [
      '--config',
      storeConfig,
      '--data-dir',
      dataDir,
      '--service',
      'checkout',
      '--from',
      '2026-11-23T08:00:00Z',
      '--to',
      '2026-11-23T09:00:00Z',
    ];
    const run = aviary([...args, '--baseline-release', '1.0.0', '--canary-release', '1.1.0', '--format', 'json']);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    expect(result.metrics[0].n).toEqual({ baseline: 60, canary: 60 });
    expect(result.verdict).toBe('no-go');
    expect(run.code).toBe(1);
    expect(result.source.cohorts.canary).toEqual({ service: 'checkout', release: '1.1.0' });
    const same = aviary([...args, '--baseline-release', '1.0.0', '--canary-release', '1.0.0']);
    expect(same.code).toBe(0);
    const missing = aviary([...args, '--baseline-release', '1.0.0', '--canary-release', '9.9.9']);
    expect(missing.code).toBe(2);
  });

  it('compares flag variants over the last hour when --from/--to are left out', () => {
    const dataDir = join(dir, 'flags');
    const store = openStore({ dataDir });
    const now = Date.now();
    const gauge = (variant: string, startMs: number, values: number[]) =>
      latencyGauge(
        { 'service.name': 'checkout', 'service.version': '2.0.0' },
        { 'feature_flag.key': 'new-checkout', 'feature_flag.result.variant': variant },
        startMs,
        values,
      );
    const recent = now - 50 * 60_000;
    const old = now - 3 * 3_600_000; // outside the default window: would make "off" look harmful if counted
    expect(
      store.ingest([
        gauge('off', recent, normals(45, 100, 3, 21)),
        gauge('on', recent, normals(45, 130, 3, 22)),
        gauge('off', old, normals(20, 500, 3, 23)),
      ]).rejected,
    ).toBe(0);
    store.close();
    const flagConfig = join(dir, 'flag.yaml');
    writeFileSync(
      flagConfig,
      'name: flag\nminSamples: 20\nmetrics:\n  - { name: latency, query: app.latency, kind: continuous, direction: increase, margin: { relative: 0.05 } }\n',
    );
    const flag = ['--flag', 'new-checkout', '--baseline-variant', 'off', '--canary-variant', 'on', '--format', 'json'];
    const run = aviary(['--config', flagConfig, '--data-dir', dataDir, ...flag]);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    expect(result.source.cohorts).toEqual({
      baseline: { flag: 'new-checkout', variant: 'off' },
      canary: { flag: 'new-checkout', variant: 'on' },
    });
    expect(result.metrics[0].n).toEqual({ baseline: 45, canary: 45 });
    expect(result.verdict).toBe('no-go');
    expect(run.code).toBe(1);
    expect(result.source.window.to - result.source.window.from).toBe(3_600_000);
    // The variants the other way round: the canary is faster, a go.
    const back = aviary([
      '--config',
      flagConfig,
      '--data-dir',
      dataDir,
      ...flag.slice(0, 2),
      '--baseline-variant',
      'on',
      '--canary-variant',
      'off',
    ]);
    expect(back.code).toBe(0);
  });

  it('reads the same data from a running engine over HTTP', async () => {
    const dataDir = join(dir, 'served');
    const storeConfig = seedStore(dataDir);
    const server = await startServer({ port: 0, dataDir });
    try {
      const run = await aviaryAsync([
        '--config',
        storeConfig,
        '--engine',
        server.url,
        ...WINDOW,
        '--baseline-release',
        '1.0.0',
        '--canary-release',
        '1.1.0',
        '--format',
        'json',
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      const result = JSON.parse(run.stdout);
      expect(result.source.provider).toBe('engine');
      expect(result.metrics[0].n).toEqual({ baseline: 60, canary: 60 });
    } finally {
      await server.close();
    }
    const down = await aviaryAsync([
      '--config',
      storeConfig,
      '--engine',
      server.url,
      ...WINDOW,
      '--baseline-release',
      '1.0.0',
      '--canary-release',
      '1.1.0',
    ]);
    expect(down.code).toBe(2);
    expect(down.stdout).toContain('unreachable');
  });
});
