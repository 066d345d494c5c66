/**
 * `npm run demo`: the whole Aviary loop on this machine, with real components.
 *
 * 1. Starts the engine embedded (OTLP/HTTP receiver + SQLite store) on a free
 *    loopback port with a temporary data directory.
 * 2. Starts three checkout processes exporting OTLP metrics to it: the running
 *    release 1.4.0 (baseline), a healthy canary 1.5.0 and a regressing canary
 *    1.5.1 (slower tail, more 5xx). In every release the `on` variant of
 *    `new-checkout-flow` carries a regression of its own.
 * 3. Drives identical traffic at all three and judges the three questions every
 *    few seconds (sequential tests: polling does not inflate false alarms) until
 *    each is decided, showing the verdicts as they form.
 * 4. Writes each decided window's report with `aviary verdict --format json`
 *    and `--format markdown` to `demo-output/`, runs `aviary flags stale` on the
 *    example's code, and exits 0 only if the healthy canary is `go` and both
 *    regressions are `no-go`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeWindow } from '../../../engine/src/analysis';
import { type CanaryConfig, loadCanaryConfig, parseDuration } from '../../../engine/src/config';
import type { Cohort } from '../../../engine/src/model/cohort';
import { type EmbeddedEngine, startEmbeddedEngine } from './embedded-engine';
import { DEFAULT_FLAGS_FILE } from './flags';
import { type LoadStats, runLoad } from './load-generator';
import { bold, dim, ProgressView, type ScenarioState, summarize, verdictWord } from './progress-view';
import { killAllServices, type ServiceProcess, startService } from './service-process';
import { runAviary, runVerdict, type VerdictResult } from './verdict-runner';

const EXAMPLE_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const INVOKED_FROM = process.env.INIT_CWD ?? process.cwd();
const OUT_DIR = resolve(INVOKED_FROM, process.env.AVIARY_DEMO_OUT ?? 'demo-output');

/** Load per release (requests/s), the longest the load runs, how often verdicts are judged. */
const RATE = Number(process.env.AVIARY_DEMO_RATE ?? 60);
const MAX_LOAD_MS = Number(process.env.AVIARY_DEMO_MAX_SECONDS ?? 90) * 1000;
const POLL_MS = 3000;

const SERVICE = 'checkout';
const BASELINE = '1.4.0';
const HEALTHY = '1.5.0';
const REGRESSING = '1.5.1';
/** 1.5.1: everything 20% slower, 10% of requests ~400 ms slower (the tail: p95, p99), 5% more 5xx. */
const RELEASE_REGRESSION = 'slowdown=1.2,tail=0.1,tailMs=400,errors=0.05';
/** new-checkout-flow=on: a slow fraud check (x1.8) that fails 5% of payments. */
const FLAG_REGRESSION = 'new-checkout-flow=on:slowdown=1.8,errors=0.05';

interface Scenario extends ScenarioState {
  id: string;
  configFile: string;
  config?: CanaryConfig;
  cohorts: { baseline: Cohort; canary: Cohort };
  /** The same comparison as `aviary verdict` options. */
  cohortArgs: string[];
  /** The judged window of the last verdict (Unix ms). */
  window?: { from: number; to: number };
}

const release = (version: string): Cohort => ({ service: SERVICE, release: version });
const variant = (name: string): Cohort => ({ service: SERVICE, flag: 'new-checkout-flow', variant: name });
const pending = { final: false, summary: '' };

const scenarios: Scenario[] = [
  {
    id: 'healthy-canary',
    title: 'healthy canary',
    label: `release ${HEALTHY} vs ${BASELINE}`,
    configFile: 'canary/release.yaml',
    cohorts: { baseline: release(BASELINE), canary: release(HEALTHY) },
    cohortArgs: ['--baseline-release', BASELINE, '--canary-release', HEALTHY],
    expected: 'go',
    ...pending,
  },
  {
    id: 'regressing-canary',
    title: 'regressing canary',
    label: `release ${REGRESSING} vs ${BASELINE}`,
    configFile: 'canary/release.yaml',
    cohorts: { baseline: release(BASELINE), canary: release(REGRESSING) },
    cohortArgs: ['--baseline-release', BASELINE, '--canary-release', REGRESSING],
    expected: 'no-go',
    ...pending,
  },
  {
    id: 'regressing-flag',
    title: 'regressing variant',
    label: 'new-checkout-flow on vs off',
    configFile: 'canary/flag.yaml',
    cohorts: { baseline: variant('off'), canary: variant('on') },
    cohortArgs: ['--flag', 'new-checkout-flow', '--baseline-variant', 'off', '--canary-variant', 'on'],
    expected: 'no-go',
    ...pending,
  },
];

const cleanups: (() => Promise<void>)[] = [];
const loadAbort = new AbortController();
const say = (line = ''): void => void process.stdout.write(`${line}\n`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

async function cleanup(): Promise<void> {
  loadAbort.abort();
  for (const fn of cleanups.splice(0).reverse()) {
    await fn().catch((error: unknown) => say(dim(`  cleanup: ${(error as Error).message}`)));
  }
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    say(`\n${signal}: stopping the services and the engine...`);
    void cleanup().finally(() => process.exit(130));
  });
}
// Last resort: no child outlives the demo.
process.on('exit', killAllServices);

/** `aviary verdict` arguments for a scenario's decided window. */
function verdictArgs(s: Scenario, engine: EmbeddedEngine, window: { from: number; to: number }): string[] {
  return [
    '--config',
    join(EXAMPLE_DIR, s.configFile),
    '--engine',
    engine.url,
    '--service',
    SERVICE,
    ...s.cohortArgs,
    '--from',
    new Date(window.from).toISOString(),
    '--to',
    new Date(window.to).toISOString(),
  ];
}

/**
 * The time before which every release's data has arrived: the oldest of the releases' latest 1 s buckets
 * (each process exports in order, so nothing older from it is still on the way). Undefined until all have
 * reported.
 */
function dataWatermark(engine: EmbeddedEngine, from: number): number | undefined {
  const latest = [BASELINE, HEALTHY, REGRESSING].map((version) =>
    engine.latestBucket('checkout.requests', release(version), from),
  );
  return latest.every((t) => t !== undefined) ? Math.min(...latest) : undefined;
}

/** Judges every undecided scenario over `[from, to)` in-process (the engine's store, the engine's analysis). */
async function judgeAll(engine: EmbeddedEngine, from: number, to: number, last: boolean): Promise<void> {
  await Promise.all(
    scenarios
      .filter((s) => !s.final)
      .map(async (s) => {
        const config = s.config ?? loadCanaryConfig(join(EXAMPLE_DIR, s.configFile));
        s.config = config;
        const result = await analyzeWindow(config, engine.provider, s.cohorts, {
          from,
          to,
          step: parseDuration(config.step),
        });
        s.verdict = result.verdict;
        s.summary = summarize(result);
        s.window = { from, to };
        if (result.verdict !== 'inconclusive' || last) s.final = true;
      }),
  );
}

/**
 * What is missing from `demo-output/`: each scenario's JSON result (parsed, with its verdict), its Markdown
 * report, and every SVG chart the report links to.
 */
async function missingReportFiles(): Promise<string[]> {
  const problems: string[] = [];
  for (const s of scenarios) {
    const json = join(OUT_DIR, `${s.id}.json`);
    const md = join(OUT_DIR, `${s.id}.md`);
    try {
      const result = JSON.parse(await readFile(json, 'utf8')) as { verdict?: string };
      if (typeof result.verdict !== 'string') problems.push(`${json} has no verdict`);
    } catch (error) {
      problems.push(`${json}: ${(error as Error).message}`);
      continue;
    }
    let markdown = '';
    try {
      markdown = await readFile(md, 'utf8');
    } catch (error) {
      problems.push(`${md}: ${(error as Error).message}`);
      continue;
    }
    const charts = [...markdown.matchAll(/!\[[^\]]*\]\(([^)]+\.svg)\)/g)].map((m) => m[1] as string);
    if (charts.length === 0) problems.push(`${md} links no chart`);
    for (const chart of charts)
      if (!existsSync(join(OUT_DIR, chart))) problems.push(`${md} links ${chart}, which is missing`);
  }
  return problems;
}

async function main(): Promise<number> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const mark = (name: string, since: number): void => {
    timings[name] = performance.now() - since;
  };
  say(bold('Aviary demo: a healthy canary, a regressing canary and a regressing flag variant'));
  say();

  // 0. The CLI bundle the reports come from, fresh from the sources (esbuild, about a second).
  let t = performance.now();
  execFileSync('npm', ['run', 'build', '--silent', '-w', 'engine'], { cwd: REPO_ROOT, stdio: 'inherit' });
  mark('build', t);

  // 1. The engine, embedded.
  t = performance.now();
  // In memory where there is a tmpfs: the demo's data is thrown away, and a busy disk must not slow it down.
  const dataDir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'aviary-demo-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const engine = await startEmbeddedEngine(dataDir);
  cleanups.push(() => engine.close());
  mark('engine', t);
  say(`  engine      ${engine.url}  (data in ${dataDir})`);

  // 2. Three releases of the checkout service.
  t = performance.now();
  const common = {
    metricsEndpoint: `${engine.url}/v1/metrics`,
    exportIntervalMs: 1000,
    flagRegression: FLAG_REGRESSION,
  };
  const services: ServiceProcess[] = [];
  cleanups.push(async () => {
    await Promise.all(services.map((s) => s.stop()));
  });
  const specs = [
    { release: BASELINE, ...common },
    { release: HEALTHY, ...common },
    { release: REGRESSING, ...common, regression: RELEASE_REGRESSION },
  ];
  for (const service of await Promise.all(specs.map((spec) => startService(spec)))) services.push(service);
  mark('services', t);
  for (const s of services) {
    const note = s.release === REGRESSING ? `  (regression: ${RELEASE_REGRESSION})` : '';
    say(`  checkout    ${s.release.padEnd(6)} ${s.url}  pid ${s.pid}${note}`);
  }
  say(dim(`  in every release, the flag variant regression ${FLAG_REGRESSION}`));
  say();

  // 3. Load, and verdicts judged until decided.
  t = performance.now();
  const loadStart = Date.now();
  let load: LoadStats | undefined;
  const loadDone = runLoad({
    targets: services.map((s) => ({ name: s.release, url: s.url })),
    rate: RATE,
    durationMs: MAX_LOAD_MS,
    signal: loadAbort.signal,
    onProgress: (stats) => {
      load = stats;
    },
  });
  say(bold(`Verdicts as they form (${RATE} requests/s per release, judged every ${POLL_MS / 1000}s)`));
  const view = new ProgressView(scenarios);
  const sentSoFar = (): number => (load ? Object.values(load.byTarget).reduce((sum, s) => sum + s.sent, 0) : 0);
  const status = (): string =>
    `load ${seconds(Date.now() - loadStart)} of at most ${seconds(MAX_LOAD_MS)} · ${sentSoFar().toLocaleString('en-US')} requests`;
  const spinner = setInterval(() => view.render(status()), 120);
  try {
    while (!interrupted && scenarios.some((s) => !s.final)) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      const last = Date.now() - loadStart + POLL_MS >= MAX_LOAD_MS;
      const watermark = dataWatermark(engine, loadStart);
      if (watermark !== undefined && watermark > loadStart) await judgeAll(engine, loadStart, watermark, last);
      else if (last) for (const s of scenarios) s.final = true;
    }
  } finally {
    clearInterval(spinner);
    view.render(status());
    loadAbort.abort();
    load = await loadDone;
  }
  mark('verdicts', t);
  await Promise.all(services.map((s) => s.stop()));

  // 4. Reports from the CLI, for exactly the windows that decided.
  t = performance.now();
  const final = new Map<string, VerdictResult>();
  await Promise.all(
    scenarios.map(async (s) => {
      if (!s.window) return;
      const args = verdictArgs(s, engine, s.window);
      final.set(s.id, await runVerdict(args, join(OUT_DIR, `${s.id}.json`)));
      const md = await runAviary(['verdict', ...args, '--format', 'markdown', '--out', join(OUT_DIR, `${s.id}.md`)]);
      if (md.exitCode === 3) throw new Error(`markdown report for ${s.id}: ${(md.stderr || md.stdout).trim()}`);
    }),
  );
  mark('reports', t);

  say();
  say(bold('Verdicts (aviary verdict on the decided windows)'));
  for (const s of scenarios) {
    const result = final.get(s.id);
    const ok = result?.verdict === s.expected;
    const expectation = ok ? '' : `  (expected ${s.expected})`;
    say(
      `  ${ok ? '✔' : '✘'} ${s.title.padEnd(20)} ${s.label.padEnd(30)} ${verdictWord(result?.verdict)}${expectation}`,
    );
    if (result) {
      say(`      ${result.reason}`);
      for (const m of result.metrics)
        say(dim(`      ${m.name.padEnd(12)} ${m.classification.padEnd(7)} ${m.reason ?? ''}`));
    }
  }

  // 5. Flag code: which flags are dead weight now?
  t = performance.now();
  say();
  say(bold('Stale flags in examples/checkout/src (aviary flags stale)'));
  const stale = await runAviary(['flags', 'stale', join(EXAMPLE_DIR, 'src'), '--definitions', DEFAULT_FLAGS_FILE]);
  mark('flags', t);
  await writeFile(join(OUT_DIR, 'flags-stale.txt'), stale.stdout);
  for (const line of stale.stdout.trimEnd().split('\n')) say(`  ${line}`);
  const staleOk = stale.exitCode !== 3 && /express-shipping/.test(stale.stdout);
  if (!staleOk) {
    say(`  ✘ expected express-shipping to be reported stale; exit ${stale.exitCode} ${stale.stderr.trim()}`);
  }

  const missingFiles = await missingReportFiles();
  for (const problem of missingFiles) say(`  ✘ ${problem}`);

  const total = performance.now() - started;
  say();
  say(
    dim(
      `  ${sentSoFar().toLocaleString('en-US')} requests · build ${seconds(timings.build ?? 0)} · engine ${seconds(timings.engine ?? 0)} · services ${seconds(timings.services ?? 0)} · verdicts ${seconds(timings.verdicts ?? 0)} · reports ${seconds(timings.reports ?? 0)} · flags ${seconds(timings.flags ?? 0)} · total ${seconds(total)}`,
    ),
  );
  const files = scenarios.map((s) => `${s.id}.{json,md}`).join(', ');
  say(`  reports in ${relative(INVOKED_FROM, OUT_DIR) || '.'}/: ${files}, flags-stale.txt`);
  const allExpected =
    scenarios.every((s) => final.get(s.id)?.verdict === s.expected) && staleOk && missingFiles.length === 0;
  say(bold(allExpected ? '  Every verdict came out as expected.' : '  Some verdicts were not as expected.'));
  return allExpected ? 0 : 1;
}

await mkdir(OUT_DIR, { recursive: true });
// Only this run's reports may count: remove what an earlier run wrote (and nothing else in the folder).
for (const s of scenarios) {
  for (const name of [`${s.id}.json`, `${s.id}.md`, `${s.id}-charts`]) {
    await rm(join(OUT_DIR, name), { recursive: true, force: true });
  }
}
await rm(join(OUT_DIR, 'flags-stale.txt'), { force: true });
let code = 1;
try {
  code = await main();
} catch (error) {
  say(`\ndemo failed: ${(error as Error).stack ?? error}`);
  code = 1;
} finally {
  await cleanup();
}
process.exit(code);
