import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/api/server';
import { noise } from './deterministic-noise';

let server: RunningServer;
beforeAll(async () => {
  // POST /judge is a registered route: a plain server serves it.
  server = await startServer({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'aviary-kayenta-')) });
});
afterAll(() => server.close());

const series = (n: number, level: number, spread: number, seed: number) =>
  Array.from({ length: n }, (_, i) => Number((level + spread * noise(i, seed)).toFixed(4)));

/** A metric set pair exactly as Kayenta's RemoteJudge serializes it (NaN gaps as the string "NaN"). */
function pair(name: string, control: (number | string)[], experiment: (number | string)[], tags = {}) {
  const scope = { startTimeIso: '2026-11-23T09:00:00Z', startTimeMillis: 1_795_338_000_000, stepMillis: 60_000 };
  return {
    name,
    id: `${name}-id`,
    tags,
    values: { control, experiment },
    scopes: { control: scope, experiment: scope },
    attributes: { control: { query: 'avg:latency{version:1}' }, experiment: { query: 'avg:latency{version:2}' } },
  };
}

function request(metrics: object[], pairs: object[], groupWeights: Record<string, number>) {
  return {
    canaryConfig: {
      name: 'checkout-canary',
      applications: ['checkout'],
      judge: { name: 'RemoteJudge-v1.0', judgeConfigurations: {} },
      metrics,
      templates: {},
      classifier: { groupWeights, scoreThresholds: { pass: 95, marginal: 75 } },
      configVersion: '1',
    },
    scoreThresholds: { pass: 90, marginal: 60 },
    metricSetPairList: pairs,
  };
}

const metric = (name: string, group: string, canary: object) => ({
  name,
  query: { type: 'datadog', metricName: name },
  groups: [group],
  scopeName: 'default',
  analysisConfigurations: { canary },
});

async function judge(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/judge`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Kayenta RemoteJudge (POST /judge)', () => {
  it('flags a critical latency regression: High, critical, score 0, Fail; an unchanged metric passes', async () => {
    const control = series(40, 100, 10, 1);
    const slower = series(40, 160, 10, 2);
    control[3] = Number.NaN;
    const body = request(
      [
        metric('latency', 'latency', { direction: 'increase', critical: true }),
        metric('cpu', 'system', { direction: 'either' }),
      ],
      [
        pair(
          'latency',
          control.map((v) => (Number.isNaN(v) ? 'NaN' : v)),
          slower,
        ),
        pair('cpu', series(40, 50, 5, 3), series(40, 50, 5, 3)),
      ],
      { latency: 60, system: 40 },
    );
    const { status, body: result } = await judge(body);
    expect(status).toBe(200);
    expect(result.judgeName).toBe('Aviary-v1');
    const results = result.results as Record<string, unknown>[];
    expect(results[0]).toMatchObject({
      name: 'latency',
      id: 'latency-id',
      classification: 'High',
      critical: true,
      groups: ['latency'],
      muted: false,
      kayentaClassification: 'High',
      controlMetadata: { stats: { count: 39 } },
      experimentMetadata: { stats: { count: 40 } },
    });
    expect((results[0] as { resultMetadata: { ratio: number } }).resultMetadata.ratio).toBeGreaterThan(1.5);
    expect(results[1]).toMatchObject({ name: 'cpu', classification: 'Pass', critical: false });
    expect(result.score).toMatchObject({ score: 0, classification: 'Fail' });
    expect(result.groupScores).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'system', score: 100 })]),
    );
  });

  it('classifies a drop as Low when decrease is harm (throughput) and passes it when only increase is', async () => {
    const body = request(
      [
        metric('throughput', 'traffic', { direction: 'decrease' }),
        metric('queue', 'traffic', { direction: 'increase' }),
      ],
      [
        pair('throughput', series(40, 500, 20, 4), series(40, 300, 20, 5)),
        pair('queue', series(40, 500, 20, 4), series(40, 300, 20, 5)),
      ],
      { traffic: 100 },
    );
    const { status, body: result } = await judge(body);
    expect(status).toBe(200);
    const results = result.results as Record<string, unknown>[];
    expect(results[0]).toMatchObject({ name: 'throughput', classification: 'Low', kayentaClassification: 'Low' });
    expect(results[1]).toMatchObject({ name: 'queue', classification: 'Pass' });
    expect(result.score).toMatchObject({ score: 50, classification: 'Fail' });
  });

  it('scores groups with the request thresholds when nothing regresses', async () => {
    const body = request(
      [metric('latency', 'latency', { direction: 'increase' }), metric('errors', 'errors', { direction: 'increase' })],
      [
        pair('latency', series(30, 100, 10, 4), series(30, 100, 10, 5)),
        pair('errors', series(30, 2, 1, 6), series(30, 2, 1, 7)),
      ],
      { latency: 50, errors: 50 },
    );
    const { status, body: result } = await judge(body);
    expect(status).toBe(200);
    expect((result.results as { classification: string }[]).map((r) => r.classification)).toEqual(['Pass', 'Pass']);
    expect(result.score).toMatchObject({ score: 100, classification: 'Pass' });
  });

  it('all-NaN data: NodataFailMetric for mustHaveData, Nodata otherwise; bare NaN tokens are accepted', async () => {
    const gaps = Array.from({ length: 10 }, () => 'NaN');
    const body = request(
      [metric('a', 'g', { mustHaveData: true }), ...['b', 'c', 'd', 'e'].map((name) => metric(name, 'g', {}))],
      [
        pair('a', gaps, gaps),
        pair('b', gaps, gaps),
        ...['c', 'd', 'e'].map((name, i) => pair(name, series(30, 1, 0.1, 20 + i), series(30, 1, 0.1, 30 + i))),
      ],
      { g: 100 },
    );
    const text = JSON.stringify(body).replaceAll('"NaN"', 'NaN');
    const { status, body: result } = await judge(text);
    expect(status).toBe(200);
    expect((result.results as { classification: string }[]).map((r) => r.classification)).toEqual([
      'NodataFailMetric',
      'Nodata',
      'Pass',
      'Pass',
      'Pass',
    ]);
    // `a` counts as a failure in its group, `b` is not counted: 3 passes of 4 -> 75, Marginal at 90/60.
    expect(result.score).toMatchObject({ score: 75, classification: 'Marginal' });
  });

  it('reports muted metrics without scoring them', async () => {
    const body = request(
      [metric('noisy', 'g', { muted: true, direction: 'increase' }), metric('ok', 'g', {})],
      [
        pair('noisy', series(30, 10, 1, 10), series(30, 30, 1, 11)),
        pair('ok', series(30, 5, 1, 12), series(30, 5, 1, 12)),
      ],
      { g: 100 },
    );
    const { body: result } = await judge(body);
    expect(result.results).toEqual([
      expect.objectContaining({ name: 'noisy', classification: 'High', muted: true }),
      expect.objectContaining({ name: 'ok', classification: 'Pass' }),
    ]);
    expect(result.score).toMatchObject({ score: 100, classification: 'Pass' });
  });

  it('answers 400 with the field path for malformed requests', async () => {
    const unknown = request([metric('a', 'g', {})], [pair('b', [1], [1])], {});
    expect(await judge(unknown)).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('metricSetPairList[0].name') },
    });
    const badValue = request([metric('a', 'g', {})], [pair('a', ['fast'], [1])], {});
    expect(await judge(badValue)).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('"fast" is not a number') },
    });
    expect(await judge('{"canaryConfig":')).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('not valid JSON') },
    });
    expect(await judge({})).toMatchObject({ status: 400, body: { error: expect.stringContaining('canaryConfig') } });
  });
});
