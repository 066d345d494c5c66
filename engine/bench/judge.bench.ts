/**
 * Judge benchmark.
 * 1. 100 metrics x 2 cohorts x 10,000 samples judged with `judgeMetric` (paired, timestamp-aligned path with the
 *    spread check), against a bare numeric sort (Float64Array#sort) of the same 200 arrays in the same run.
 *    Target: at most 5x the sort time.
 * 2. A full 100-metric verdict (`analyzeSamples`: judge, Holm/BH, health checks, score, digest) from per-bucket
 *    sufficient statistics: 60 one-minute buckets per cohort (bucket means, error/request counts, histograms).
 *    Target: well under 100 ms.
 * 3. The same verdict read from the embedded store (`analyzeWindow` with the store provider: queries,
 *    per-bucket aggregation, verdict) after ingesting two releases' per-minute points. Target: under 100 ms.
 * Each measurement is repeated and the median is printed; data come from a fixed seed.
 */
import { analyzeSamples, analyzeWindow, type VerdictResult } from '../src/analysis';
import { canaryConfigSchema } from '../src/config/canary-config-schema';
import type { JudgeMetricSpec, MetricKind, MetricSamples } from '../src/judge';
import { judgeMetric } from '../src/judge';
import { createStoreProvider } from '../src/providers/store/store-provider';
import { createSeededRandom } from '../src/stats/seeded-random';
import { openStore } from '../src/store/store';
import type { IngestMetric, IngestPoint } from '../src/store/store-types';

const rng = createSeededRandom(2026);
const METRICS = 100;
const N = 10_000;
const REPEATS = 7;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

// 1. Raw samples.
const timestamps = Array.from({ length: N }, (_, i) => 1_767_225_600_000 + i * 1000);
const raw: MetricSamples[] = Array.from({ length: METRICS }, (_, m) => ({
  kind: 'continuous',
  baseline: Array.from({ length: N }, () => 100 + 10 * rng.normal()),
  canary: Array.from({ length: N }, () => 100 + (m % 10 === 0 ? 0.5 : 0) + 10 * rng.normal()),
  baselineTimestamps: timestamps,
  canaryTimestamps: timestamps,
}));
const spec: JudgeMetricSpec = { name: 'm', kind: 'continuous', direction: 'increase', margin: { relative: 0.01 } };
const options = { alpha: 0.005, minSamples: 30, sequential: false };

let sink = 0;
const sortTimes: number[] = [];
const judgeTimes: number[] = [];
for (let r = 0; r < REPEATS; r++) {
  sortTimes.push(
    time(() => {
      for (const s of raw) {
        if (s.kind !== 'continuous') continue;
        sink += Float64Array.from(s.baseline).sort()[0]!;
        sink += Float64Array.from(s.canary).sort()[0]!;
      }
    }),
  );
  judgeTimes.push(
    time(() => {
      for (const s of raw) sink += judgeMetric(spec, s, options).ci.lower;
    }),
  );
}
const sortMs = median(sortTimes);
const judgeMs = median(judgeTimes);
const ratio = judgeMs / sortMs;
process.stdout.write(
  `judge 100 metrics x 2 x 10,000 samples: ${judgeMs.toFixed(1)} ms; bare sort of the same arrays: ${sortMs.toFixed(1)} ms; ratio ${ratio.toFixed(2)}x (target <= 5x) ${ratio <= 5 ? 'OK' : 'OVER'}\n`,
);

// 2. Full verdict from per-bucket sufficient statistics.
const BUCKETS = 60;
const BOUNDS = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
const minutes = Array.from({ length: BUCKETS }, (_, i) => 1_767_225_600_000 + i * 60_000);
const kinds: MetricKind[] = Array.from({ length: METRICS }, (_, i) =>
  i < 40 ? 'continuous' : i < 70 ? 'rate' : 'latency',
);
function histogram(): number[] {
  const counts = new Array<number>(BOUNDS.length + 1).fill(0);
  for (let i = 0; i < 2000; i++) {
    const v = 100 * Math.exp(0.5 * rng.normal());
    let b = 0;
    while (b < BOUNDS.length && v > BOUNDS[b]!) b++;
    counts[b]! += 1;
  }
  return counts;
}
const samples: Record<string, MetricSamples> = {};
kinds.forEach((kind, i) => {
  const name = `metric-${i}`;
  if (kind === 'continuous') {
    samples[name] = {
      kind,
      baseline: minutes.map(() => 50 + rng.normal()),
      canary: minutes.map(() => 50 + rng.normal()),
      baselineTimestamps: minutes,
      canaryTimestamps: minutes,
    };
  } else if (kind === 'rate') {
    const trials = minutes.map(() => 1000);
    samples[name] = {
      kind,
      baseline: { events: minutes.map(() => rng.poisson(2)), trials },
      canary: { events: minutes.map(() => rng.poisson(2)), trials },
      baselineTimestamps: minutes,
      canaryTimestamps: minutes,
    };
  } else {
    samples[name] = {
      kind,
      baseline: { bounds: BOUNDS, counts: histogram() },
      canary: { bounds: BOUNDS, counts: histogram() },
    };
  }
});
const config = canaryConfigSchema.parse({
  name: 'bench',
  metrics: kinds.map((kind, i) => ({ name: `metric-${i}`, kind, direction: 'increase', margin: { relative: 0.05 } })),
});
const verdictTimes: number[] = [];
let verdict = '';
for (let r = 0; r < REPEATS * 3; r++) {
  verdictTimes.push(
    time(() => {
      verdict = analyzeSamples(config, samples).verdict;
    }),
  );
}
const verdictMs = median(verdictTimes);
const judgeOnlyTimes: number[] = [];
for (let r = 0; r < REPEATS * 3; r++) {
  judgeOnlyTimes.push(
    time(() => {
      for (const m of config.metrics) {
        const spec: JudgeMetricSpec = { name: m.name, kind: m.kind, direction: m.direction, margin: m.margin };
        sink += judgeMetric(spec, samples[m.name]!, {
          alpha: config.alpha,
          minSamples: config.minSamples,
          sequential: false,
        }).n.baseline;
      }
    }),
  );
}
process.stdout.write(
  `full verdict, 100 metrics from per-bucket sufficient statistics (60 buckets): ${verdictMs.toFixed(2)} ms median, ${Math.max(...verdictTimes).toFixed(2)} ms max (verdict ${verdict}; target well under 100 ms); of which the 100 judgeMetric calls alone: ${median(judgeOnlyTimes).toFixed(2)} ms\n`,
);

// 3. The same 100-metric verdict read from the embedded store: per-minute gauges, error/request counters and
// latency histograms of two releases ingested first, then `analyzeWindow` with the store provider (the
// queries, the per-bucket aggregation and the verdict), as `aviary verdict --data-dir` does.
const store = openStore({ dataDir: ':memory:' });
const releaseOf = (r: string) => ({ 'service.name': 'bench', 'service.version': r });
const points = (values: (i: number) => Partial<IngestPoint>): IngestPoint[] =>
  minutes.map((t, i) => ({
    attributes: {},
    startUs: (t - 60_000) * 1000,
    timeUs: t * 1000,
    noValue: false,
    value: Number.NaN,
    count: 0,
    min: Number.NaN,
    max: Number.NaN,
    ...values(i),
  }));
const metricOf = (
  name: string,
  kind: 'gauge' | 'sum' | 'histogram',
  release: string,
  p: IngestPoint[],
): IngestMetric => ({
  name,
  unit: '1',
  kind,
  temporality: kind === 'gauge' ? 'none' : 'delta',
  monotonic: kind === 'sum',
  scope: 'bench',
  resource: releaseOf(release),
  points: p,
});
for (const release of ['1.0.0', '1.1.0']) {
  const batch: IngestMetric[] = [];
  kinds.forEach((kind, i) => {
    if (kind === 'continuous')
      batch.push(
        metricOf(
          `g.${i}`,
          'gauge',
          release,
          points(() => ({ value: 50 + rng.normal() })),
        ),
      );
    else if (kind === 'rate') {
      batch.push(
        metricOf(
          `e.${i}`,
          'sum',
          release,
          points(() => ({ value: rng.poisson(2) })),
        ),
      );
      batch.push(
        metricOf(
          `r.${i}`,
          'sum',
          release,
          points(() => ({ value: 1000 })),
        ),
      );
    } else {
      batch.push(
        metricOf(
          `h.${i}`,
          'histogram',
          release,
          points(() => {
            const counts = histogram().map((c) => Math.round(c / 33));
            return {
              bounds: BOUNDS.slice(1),
              bucketCounts: counts.slice(1),
              count: counts.slice(1).reduce((a, c) => a + c, 0),
              value: 0,
            };
          }),
        ),
      );
    }
  });
  store.ingest(batch);
}
const storeConfig = canaryConfigSchema.parse({
  name: 'bench-store',
  step: '1m',
  metrics: kinds.map((kind, i) => ({
    name: `metric-${i}`,
    kind,
    query: kind === 'continuous' ? `g.${i}` : kind === 'rate' ? `e.${i}` : `h.${i}`,
    ...(kind === 'rate' ? { denominator: `r.${i}` } : {}),
    direction: 'increase',
    margin: { relative: 0.05 },
  })),
});
const provider = createStoreProvider(store);
const cohorts = { baseline: { service: 'bench', release: '1.0.0' }, canary: { service: 'bench', release: '1.1.0' } };
const window = { from: minutes[0]! - 60_000, to: minutes[BUCKETS - 1]! + 1, step: 60_000 };
const storeTimes: number[] = [];
let stored: VerdictResult | undefined;
for (let r = 0; r < REPEATS * 3; r++) {
  const t = performance.now();
  stored = await analyzeWindow(storeConfig, provider, cohorts, window);
  storeTimes.push(performance.now() - t);
}
const judged = stored?.metrics.filter((m) => m.classification !== 'nodata' && m.classification !== 'error').length;
process.stdout.write(
  `full verdict, 100 metrics read from the embedded store (260 series x 60 one-minute points): ${median(storeTimes).toFixed(2)} ms median, ${Math.max(...storeTimes).toFixed(2)} ms max (verdict ${stored?.verdict}, ${judged} of 100 metrics judged; target well under 100 ms)\n`,
);
if (judged !== METRICS)
  throw new Error(
    `only ${judged} of ${METRICS} metrics had data: ${stored?.metrics.find((m) => m.classification === 'nodata' || m.classification === 'error')?.reason}`,
  );
store.close();
if (!Number.isFinite(sink)) process.stdout.write('unreachable\n');
