/**
 * Calibration harness (`npm run calibrate`): Monte-Carlo false no-go rates (A/A) and power of Aviary's verdict,
 * side by side with a Kayenta-equivalent judge on the same simulated data. Fixed seeds, so every run prints the
 * same table. Rows run in two worker processes (one per core); `--quick` divides the replications by 4.
 *
 * Aviary: `analyzeSamples` (the production verdict: per-metric one-sided harm tests, Holm across gating metrics,
 * health checks), called whenever a per-metric screening at the unadjusted alpha could make it decisive. Kayenta: `kayentaJudgeMetric` per metric (two-sided Mann-Whitney at 98%, 25% Hodges-Lehmann
 * band), all metrics in one group; a run fails when its score is below 95; with several looks (Kayenta's
 * interval runs over a growing window) the canary fails when an intermediate score is at most 75 (fail fast)
 * or the last score is below 95.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeSamples } from '../src/analysis';
import { type CanaryConfig, canaryConfigSchema } from '../src/config/canary-config-schema';
import type { MetricKind, MetricSamples } from '../src/judge';
import { judgeMetric, kayentaJudgeMetric } from '../src/judge';
import { conditionalPoissonRateTest } from '../src/stats/conditional-poisson-rate-test';
import { histogramQuantile } from '../src/stats/histogram-quantile';
import { createSeededRandom, type SeededRandom } from '../src/stats/seeded-random';
import { welchTTest } from '../src/stats/welch-t-test';

const SEED = 20_261_123;
const MINUTE = 60_000;
const T0 = 1_767_225_600_000;
/** OTel SDK default explicit bucket bounds (ms). */
const OTEL_BOUNDS = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
const REQUESTS_PER_MINUTE = 50;
const TRIALS_PER_MINUTE = 1000;

/** One cohort's raw data over n minutes. */
type Cohort =
  | { kind: 'continuous'; values: number[] }
  | { kind: 'rate'; events: number[] }
  | { kind: 'latency'; minutes: number[][] };

interface Scenario {
  name: string;
  kind: MetricKind;
  /** Metrics per verdict (all gating). */
  metrics: number;
  /** Sample sizes (minutes per cohort) at which the verdict is looked at. */
  looks: number[];
  replications: number;
  /** Counts as an error (A/A: no-go is a false alarm) or as power. */
  type: 'aa' | 'power';
  generate(rng: SeededRandom, n: number): { baseline: Cohort; canary: Cohort };
  /** Reference test on the same data (one metric, last look), returning true when it rejects at 5%. */
  reference?: { name: string; rejects(b: Cohort, c: Cohort): boolean };
}

function ar1(rng: SeededRandom, n: number, phi: number, mean: number): number[] {
  const out = new Array<number>(n);
  let v = rng.normal() / Math.sqrt(1 - phi * phi);
  for (let i = 0; i < n; i++) {
    out[i] = mean + v;
    v = phi * v + rng.normal();
  }
  return out;
}

const iid = (_rng: SeededRandom, n: number, f: () => number) => Array.from({ length: n }, f);

function latencyMinutes(rng: SeededRandom, n: number, scale: number, sigma: number): number[][] {
  // Log-normal request latencies (median 100 ms), binned per minute into the OTel default buckets.
  const out: number[][] = [];
  for (let m = 0; m < n; m++) {
    const counts = new Array<number>(OTEL_BOUNDS.length + 1).fill(0);
    for (let r = 0; r < REQUESTS_PER_MINUTE; r++) {
      const v = scale * 100 * Math.exp(sigma * rng.normal());
      let b = 0;
      while (b < OTEL_BOUNDS.length && v > OTEL_BOUNDS[b]!) b++;
      counts[b]! += 1;
    }
    out.push(counts);
  }
  return out;
}

function sumHistograms(minutes: number[][], n: number): number[] {
  const total = new Array<number>(OTEL_BOUNDS.length + 1).fill(0);
  for (let m = 0; m < n; m++) for (let b = 0; b < total.length; b++) total[b]! += minutes[m]![b]!;
  return total;
}

function mean(v: readonly number[]): number {
  return v.reduce((s, x) => s + x, 0) / v.length;
}

function variance(v: readonly number[]): number {
  const m = mean(v);
  return v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1);
}

const tenLooks = Array.from({ length: 10 }, (_, i) => 30 * (i + 1));

/** A one-sided Welch t test at 5% on the last look's data, as the fixed-horizon reference. */
function welchReference(name: string): NonNullable<Scenario['reference']> {
  return {
    name,
    rejects: (b, c) => {
      if (b.kind !== 'continuous' || c.kind !== 'continuous') return false;
      const t = welchTTest(
        mean(c.values),
        variance(c.values),
        c.values.length,
        mean(b.values),
        variance(b.values),
        b.values.length,
        1,
        'greater',
      );
      return t.pValue <= 0.05;
    },
  };
}

function scenarios(scale: number): Scenario[] {
  const aa = (name: string, kind: MetricKind, gen: (rng: SeededRandom, n: number) => Cohort): Scenario[] => [
    {
      name: `${name}, 1 look (n=60)`,
      kind,
      metrics: 10,
      looks: [60],
      replications: Math.round(1500 / scale),
      type: 'aa',
      generate: (rng, n) => ({ baseline: gen(rng, n), canary: gen(rng, n) }),
    },
    {
      name: `${name}, 10 looks (n=30..300)`,
      kind,
      metrics: 10,
      looks: tenLooks,
      replications: Math.round(400 / scale),
      type: 'aa',
      generate: (rng, n) => ({ baseline: gen(rng, n), canary: gen(rng, n) }),
    },
  ];
  const continuous =
    (f: (rng: SeededRandom, n: number) => number[]) =>
    (rng: SeededRandom, n: number): Cohort => ({
      kind: 'continuous',
      values: f(rng, n),
    });
  const normal =
    (mu: number, sd: number) =>
    (rng: SeededRandom, n: number): Cohort => ({
      kind: 'continuous',
      values: iid(rng, n, () => mu + sd * rng.normal()),
    });
  const power = (
    name: string,
    kind: MetricKind,
    replications: number,
    baseline: (rng: SeededRandom, n: number) => Cohort,
    canary: (rng: SeededRandom, n: number) => Cohort,
    reference?: Scenario['reference'],
    looks: number[] = [60],
  ): Scenario => ({
    name,
    kind,
    metrics: 1,
    looks,
    replications: Math.round(replications / scale),
    type: 'power',
    generate: (rng, n) => ({ baseline: baseline(rng, n), canary: canary(rng, n) }),
    ...(reference ? { reference } : {}),
  });
  const poisson =
    (lambda: number) =>
    (rng: SeededRandom, n: number): Cohort => ({
      kind: 'rate',
      events: iid(rng, n, () => rng.poisson(lambda)),
    });
  return [
    ...aa(
      'A/A i.i.d. normal',
      'continuous',
      continuous((rng, n) => iid(rng, n, () => 100 + 10 * rng.normal())),
    ),
    ...aa(
      'A/A i.i.d. lognormal',
      'continuous',
      continuous((rng, n) => iid(rng, n, () => Math.exp(rng.normal()))),
    ),
    ...aa('A/A Poisson counts (0.2/min)', 'rate', poisson(0.2)),
    ...[0, 0.3, 0.7, 0.9].flatMap((phi) =>
      aa(
        `A/A AR(1) phi=${phi}`,
        'continuous',
        continuous((rng, n) => ar1(rng, n, phi, 100)),
      ),
    ),
    power(
      'Power: +0.5 sigma, 60 vs 60 i.i.d.',
      'continuous',
      1500,
      normal(100, 10),
      normal(105, 10),
      welchReference('one-sided Welch t, alpha 0.05'),
    ),
    power('Power: errors x2 (12 vs 24 expected)', 'rate', 1500, poisson(0.2), poisson(0.4), {
      name: 'exact conditional test, alpha 0.05',
      rejects: (b, c) => {
        if (b.kind !== 'rate' || c.kind !== 'rate') return false;
        const e = (v: number[]) => v.reduce((s, x) => s + x, 0);
        const trials = b.events.length * TRIALS_PER_MINUTE;
        return conditionalPoissonRateTest(e(c.events), trials, e(b.events), trials, 1, 'greater').pValue <= 0.05;
      },
    }),
    power(
      'Power: p99 +10% (histograms, 3k req)',
      'latency',
      400,
      (rng, n) => ({ kind: 'latency', minutes: latencyMinutes(rng, n, 1, 0.5) }),
      (rng, n) => ({ kind: 'latency', minutes: latencyMinutes(rng, n, 1.1, 0.5) }),
    ),
    power('Power: variance only (sd x1.5), 60 vs 60', 'continuous', 1500, normal(100, 10), normal(100, 15)),
    power(
      'Power: +0.25 sigma, 10 looks (n=30..300)',
      'continuous',
      400,
      normal(100, 10),
      normal(102.5, 10),
      welchReference('one-sided Welch t at n=300 only, alpha 0.05'),
      tenLooks,
    ),
  ];
}

function configFor(s: Scenario, sequential: boolean): CanaryConfig {
  return canaryConfigSchema.parse({
    name: 'calibration',
    alpha: 0.05,
    minSamples: 30,
    sequential,
    metrics: Array.from({ length: s.metrics }, (_, i) => ({
      name: `m${i}`,
      kind: s.kind,
      direction: 'increase',
      margin: { relative: 0 },
    })),
  });
}

function toSamples(c: { baseline: Cohort; canary: Cohort }, n: number): MetricSamples {
  const timestamps = Array.from({ length: n }, (_, i) => T0 + i * MINUTE);
  const { baseline: b, canary: k } = c;
  if (b.kind === 'continuous' && k.kind === 'continuous') {
    return {
      kind: 'continuous',
      baseline: b.values.slice(0, n),
      canary: k.values.slice(0, n),
      baselineTimestamps: timestamps,
      canaryTimestamps: timestamps,
    };
  }
  if (b.kind === 'rate' && k.kind === 'rate') {
    const trials = new Array<number>(n).fill(TRIALS_PER_MINUTE);
    return {
      kind: 'rate',
      baseline: { events: b.events.slice(0, n), trials },
      canary: { events: k.events.slice(0, n), trials },
      baselineTimestamps: timestamps,
      canaryTimestamps: timestamps,
    };
  }
  if (b.kind === 'latency' && k.kind === 'latency') {
    return {
      kind: 'latency',
      baseline: { bounds: OTEL_BOUNDS, counts: sumHistograms(b.minutes, n) },
      canary: { bounds: OTEL_BOUNDS, counts: sumHistograms(k.minutes, n) },
    };
  }
  throw new Error('cohorts of different kinds');
}

/** What a Kayenta user feeds the judge: one value per minute (the value, the error ratio, or the minute's p99). */
function kayentaSeries(c: Cohort, n: number): number[] {
  if (c.kind === 'continuous') return c.values.slice(0, n);
  if (c.kind === 'rate') return c.events.slice(0, n).map((e) => e / TRIALS_PER_MINUTE);
  return c.minutes.slice(0, n).map((m) => histogramQuantile(OTEL_BOUNDS, m, 0.99).estimate);
}

interface RowResult {
  name: string;
  type: 'aa' | 'power';
  replications: number;
  aviary: number;
  aviaryInconclusive: number;
  aviaryGo: number;
  kayenta: number;
  reference: { name: string; rate: number } | null;
  seconds: number;
}

function runRow(s: Scenario, index: number): RowResult {
  const started = performance.now();
  const rng = createSeededRandom(SEED + 7919 * index);
  const sequential = s.looks.length > 1;
  const config = configFor(s, sequential);
  const maxN = s.looks[s.looks.length - 1]!;
  let aviary = 0;
  let inconclusive = 0;
  let go = 0;
  let kayenta = 0;
  let reference = 0;
  for (let r = 0; r < s.replications; r++) {
    const data = Array.from({ length: s.metrics }, () => s.generate(rng, maxN));
    let noGo = false;
    let last: string | null = null;
    for (const n of s.looks) {
      const samples: Record<string, MetricSamples> = {};
      data.forEach((d, i) => {
        samples[`m${i}`] = toSamples(d, n);
      });
      // Screening: Holm only lowers per-metric levels, so a no-go needs some metric harmful at the unadjusted
      // alpha, and a go needs every metric safe; otherwise the verdict is inconclusive without running the
      // full analysis (which also builds digests and report distributions).
      const screened = config.metrics.map((m) =>
        judgeMetric({ name: m.name, kind: m.kind, direction: m.direction, margin: m.margin }, samples[m.name]!, {
          alpha: config.alpha,
          minSamples: config.minSamples,
          sequential,
        }),
      );
      const decisive = screened.some((j) => j.harm === 'harmful') || screened.every((j) => j.harm === 'safe');
      last = decisive ? analyzeSamples(config, samples, { sequential }).verdict : 'inconclusive';
      if (last === 'no-go') {
        noGo = true;
        break;
      }
    }
    if (noGo) aviary++;
    else if (last === 'go') go++;
    else inconclusive++;
    let kayentaFailed = false;
    for (let l = 0; l < s.looks.length; l++) {
      const n = s.looks[l]!;
      let passed = 0;
      for (const d of data) {
        const k = kayentaJudgeMetric(kayentaSeries(d.baseline, n), kayentaSeries(d.canary, n), {
          direction: 'increase',
        });
        if (k.classification === 'Pass') passed++;
      }
      const score = (100 * passed) / data.length;
      const isLast = l === s.looks.length - 1;
      if ((isLast && score < 95) || (!isLast && score <= 75)) {
        kayentaFailed = true;
        break;
      }
    }
    if (kayentaFailed) kayenta++;
    if (s.reference?.rejects(data[0]!.baseline, data[0]!.canary)) reference++;
  }
  const R = s.replications;
  return {
    name: s.name,
    type: s.type,
    replications: R,
    aviary: aviary / R,
    aviaryInconclusive: inconclusive / R,
    aviaryGo: go / R,
    kayenta: kayenta / R,
    reference: s.reference ? { name: s.reference.name, rate: reference / R } : null,
    seconds: (performance.now() - started) / 1000,
  };
}

const pct = (p: number) => `${(100 * p).toFixed(1)}%`;
const se = (p: number, r: number) => `±${(100 * Math.sqrt(Math.max(p * (1 - p), 1 / r) / r)).toFixed(1)}`;

function table(results: RowResult[]): string {
  const lines: string[] = [];
  lines.push(
    '| Scenario | R | Aviary no-go | (MC s.e.) | Aviary go / inconclusive | Kayenta-equivalent fail | (MC s.e.) | Reference |',
  );
  lines.push('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const r of results) {
    const ref = r.reference ? `${r.reference.name}: ${pct(r.reference.rate)}` : '';
    lines.push(
      `| ${r.name} | ${r.replications} | ${pct(r.aviary)} | ${se(r.aviary, r.replications)} | ${pct(r.aviaryGo)} / ${pct(r.aviaryInconclusive)} | ${pct(r.kayenta)} | ${se(r.kayenta, r.replications)} | ${ref} |`,
    );
  }
  return lines.join('\n');
}

function verdictOf(results: RowResult[]): string[] {
  const notes: string[] = [];
  for (const r of results) {
    if (r.type === 'aa' && r.aviary > 0.05) notes.push(`MISSED: ${r.name}: false no-go ${pct(r.aviary)} > 5%`);
    if (r.name.startsWith('Power: +0.5') && r.reference && r.aviary < 0.8 * r.reference.rate) {
      notes.push(`MISSED: ${r.name}: ${pct(r.aviary)} < 80% of the t-test's ${pct(r.reference.rate)}`);
    }
    if (r.name.startsWith('Power: errors') && r.aviary < 0.55) notes.push(`MISSED: ${r.name}: ${pct(r.aviary)} < 55%`);
  }
  return notes;
}

/** Deterministic greedy balancing of rows over shards by their cost (replications x looks x metrics). */
function assignShards(all: readonly Scenario[], shards: number): number[] {
  const load = new Array<number>(shards).fill(0);
  const out = new Array<number>(all.length).fill(0);
  const order = all.map((s, i) => ({ i, cost: s.replications * s.looks.length * s.metrics }));
  order.sort((a, b) => b.cost - a.cost || a.i - b.i);
  for (const { i, cost } of order) {
    const target = load.indexOf(Math.min(...load));
    out[i] = target;
    load[target]! += cost;
  }
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const scale = args.includes('--quick') ? 4 : 1;
  const all = scenarios(scale);
  const shardArg = args.find((a) => a.startsWith('--shard='));
  if (shardArg) {
    const [k, of] = shardArg.slice('--shard='.length).split('/').map(Number) as [number, number];
    const out: { index: number; result: RowResult }[] = [];
    const shardOf = assignShards(all, of);
    all.forEach((s, index) => {
      if (shardOf[index] !== k) return;
      const result = runRow(s, index);
      out.push({ index, result });
      process.stderr.write(`  done: ${s.name} (${result.seconds.toFixed(1)} s)\n`);
    });
    const cpu = process.cpuUsage();
    process.stderr.write(`  shard ${k}: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU\n`);
    process.stdout.write(JSON.stringify(out));
    return;
  }
  const started = performance.now();
  const self = fileURLToPath(import.meta.url);
  const shards = 2;
  process.stderr.write(`calibration: ${all.length} scenarios in ${shards} processes (seed ${SEED})\n`);
  const parts = await Promise.all(
    Array.from(
      { length: shards },
      (_, k) =>
        new Promise<{ index: number; result: RowResult }[]>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', self, `--shard=${k}/${shards}`, ...args], {
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          let text = '';
          child.stdout.on('data', (chunk: Buffer) => {
            text += chunk.toString();
          });
          child.on('error', reject);
          child.on('close', (code) => {
            if (code !== 0) reject(new Error(`shard ${k} exited with ${code}`));
            else resolve(JSON.parse(text) as { index: number; result: RowResult }[]);
          });
        }),
    ),
  );
  const results = parts
    .flat()
    .sort((a, b) => a.index - b.index)
    .map((p) => p.result);
  const text = table(results);
  const notes = verdictOf(results);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`\n${text}\n\n${notes.length === 0 ? 'All targets met.' : notes.join('\n')}\n`);
  process.stdout.write(`wall time ${seconds.toFixed(1)} s\n`);
  const out = args.find((a) => a.startsWith('--out='));
  if (out) writeFileSync(out.slice('--out='.length), `${text}\n\n${notes.join('\n')}\n`);
  // The simulation is seeded, so a missed target is a result, not noise: fail the run.
  if (notes.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`calibration failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
