/**
 * `npm run demo`: the whole Aviary loop on this machine, with real components.
 *
 * 1. Starts the engine embedded (OTLP/HTTP receiver + SQLite store) on a free
 *    loopback port with a temporary data directory.
 * 2. Starts three checkout processes exporting OTLP metrics to it: the running
 *    release 1.4.0 (baseline), a healthy canary 1.5.0 and a regressing canary
 *    1.5.1 (slower tail, more 5xx). In every release the `on` variant of
 *    `new-checkout-flow` carries a regression of its own.
 * 3. Drives identical traffic at all three and polls `aviary verdict` for the
 *    three questions until each is decided, showing the verdicts as they form.
 * 4. Writes the JSON and Markdown reports to `demo-output/`, runs
 *    `aviary flags stale` on the example's code, and exits 0 only if the
 *    healthy canary is `go` and both regressions are `no-go`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmbeddedEngine, startEmbeddedEngine } from './embedded-engine';
import { DEFAULT_FLAGS_FILE } from './flags';
import { type LoadStats, runLoad } from './load-generator';
import { bold, dim, ProgressView, type ScenarioState, summarize, verdictWord } from './progress-view';
import { killAllServices, type ServiceProcess, startService } from './service-process';
import { runAviary, runVerdict, type Verdict } from './verdict-runner';

const EXAMPLE_DIR = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = resolve(process.env.INIT_CWD ?? process.cwd(), process.env.AVIARY_DEMO_OUT ?? 'demo-output');

/** Load per release (requests/s), the longest the load runs, how often verdicts are polled. */
const RATE = Number(process.env.AVIARY_DEMO_RATE ?? 60);
const MAX_LOAD_MS = Number(process.env.AVIARY_DEMO_MAX_SECONDS ?? 75) * 1000;
const POLL_MS = 4000;
/** Only data older than this is judged, so every export for the window has arrived (1 s export interval). */
const SETTLE_MS = 2500;

const BASELINE = '1.4.0';
const HEALTHY = '1.5.0';
const REGRESSING = '1.5.1';
/** 1.5.1: everything 15% slower, 8% of requests ~300 ms slower, 4% more 5xx. */
const RELEASE_REGRESSION = 'slowdown=1.15,tail=0.08,tailMs=300,errors=0.04';
/** new-checkout-flow=on: a slow fraud check (x1.6) that fails 3% of payments. */
const FLAG_REGRESSION = 'new-checkout-flow=on:slowdown=1.6,errors=0.03';

interface Scenario extends ScenarioState {
  id: string;
  config: string;
  cohortArgs: string[];
  /** The judged window of the last verdict (Unix ms). */
  window?: { from: number; to: number };
}

const scenarios: Scenario[] = [
  {
    id: 'healthy-canary',
    title: 'healthy canary',
    cohorts: `release ${HEALTHY} vs ${BASELINE}`,
    config: 'canary/release.yaml',
    cohortArgs: ['--baseline-release', BASELINE, '--canary-release', HEALTHY],
    expected: 'go',
    final: false,
    summary: '',
  },
  {
    id: 'regressing-canary',
    title: 'regressing canary',
    cohorts: `release ${REGRESSING} vs ${BASELINE}`,
    config: 'canary/release.yaml',
    cohortArgs: ['--baseline-release', BASELINE, '--canary-release', REGRESSING],
    expected: 'no-go',
    final: false,
    summary: '',
  },
  {
    id: 'regressing-flag',
    title: 'regressing variant',
    cohorts: 'new-checkout-flow on vs off',
    config: 'canary/flag.yaml',
    cohortArgs: ['--flag', 'new-checkout-flow', '--baseline-variant', 'off', '--canary-variant', 'on'],
    expected: 'no-go',
    final: false,
    summary: '',
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

function verdictArgs(s: Scenario, engine: EmbeddedEngine, from: number, to: number): string[] {
  return [
    '--config',
    join(EXAMPLE_DIR, s.config),
    '--engine',
    engine.url,
    '--service',
    'checkout',
    ...s.cohortArgs,
    '--from',
    new Date(from).toISOString(),
    '--to',
    new Date(to).toISOString(),
  ];
}

async function main(): Promise<number> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const mark = (name: string, since: number): void => {
    timings[name] = performance.now() - since;
  };
  say(bold('Aviary demo: a healthy canary, a regressing canary and a regressing flag variant'));
  say();

  // 1. The engine, embedded.
  let t = performance.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'aviary-demo-'));
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
  for (const s of services)
    say(
      `  checkout    ${s.release.padEnd(6)} ${s.url}  pid ${s.pid}${s.release === REGRESSING ? '  (regression injected)' : ''}`,
    );
  say(dim(`  every release: ${FLAG_REGRESSION}`));
  say();

  // 3. Load, and verdicts polled until decided.
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
  say(bold(`Verdicts as they form (${RATE} requests/s per release, polled every ${POLL_MS / 1000}s)`));
  const view = new ProgressView(scenarios);
  const status = (): string => {
    const sent = load ? Object.values(load.byTarget).reduce((sum, s) => sum + s.sent, 0) : 0;
    return `load ${seconds(Date.now() - loadStart)} · ${sent.toLocaleString('en-US')} requests`;
  };
  const spinner = setInterval(() => view.render(status()), 120);
  let pollError: Error | undefined;
  try {
    while (!interrupted && Date.now() - loadStart < MAX_LOAD_MS && scenarios.some((s) => !s.final)) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      const to = Date.now() - SETTLE_MS;
      const last = Date.now() - loadStart + POLL_MS >= MAX_LOAD_MS;
      await Promise.all(
        scenarios
          .filter((s) => !s.final)
          .map(async (s) => {
            const result = await runVerdict(verdictArgs(s, engine, loadStart, to), join(OUT_DIR, `${s.id}.json`));
            s.verdict = result.verdict;
            s.summary = summarize(result);
            s.window = { from: loadStart, to };
            if (result.verdict !== 'inconclusive' || last) s.final = true;
          }),
      );
    }
  } catch (error) {
    pollError = error as Error;
  } finally {
    clearInterval(spinner);
    view.render(status());
    loadAbort.abort();
    load = await loadDone;
  }
  mark('verdicts', t);
  if (pollError) throw pollError;

  // 4. Reports.
  t = performance.now();
  await Promise.all(
    scenarios.map(async (s) => {
      if (!s.window) return;
      const args = [...verdictArgs(s, engine, s.window.from, s.window.to), '--format', 'markdown'];
      const run = await runAviary(['verdict', ...args, '--out', join(OUT_DIR, `${s.id}.md`)]);
      if (run.exitCode === 3) throw new Error(`markdown report for ${s.id}: ${run.stderr.trim()}`);
    }),
  );
  mark('reports', t);
  await Promise.all(services.map((s) => s.stop()));

  say();
  say(bold('Verdicts'));
  for (const s of scenarios) {
    const ok = s.verdict === s.expected;
    say(
      `  ${ok ? '✔' : '✘'} ${s.title.padEnd(20)} ${s.cohorts.padEnd(32)} ${verdictWord(s.verdict)}${ok ? '' : `  (expected ${s.expected})`}`,
    );
    say(dim(`      ${s.summary}`));
  }

  // 5. Flag code: which flags are dead weight now?
  t = performance.now();
  say();
  say(bold('Stale flags in examples/checkout/src (aviary flags stale)'));
  const stale = await runAviary(['flags', 'stale', join(EXAMPLE_DIR, 'src'), '--definitions', DEFAULT_FLAGS_FILE]);
  mark('flags', t);
  await writeFile(join(OUT_DIR, 'flags-stale.txt'), stale.stdout);
  for (const line of stale.stdout.trimEnd().split('\n')) say(`  ${line}`);
  const staleOk = stale.exitCode !== 3 && /express-shipping/.test(stale.stdout) && /legacy-coupons/.test(stale.stdout);
  if (!staleOk)
    say(
      `  ✘ expected express-shipping (stale) and legacy-coupons (unknown); exit ${stale.exitCode} ${stale.stderr.trim()}`,
    );

  const total = performance.now() - started;
  say();
  const requests = load ? Object.values(load.byTarget).reduce((sum, s) => sum + s.sent, 0) : 0;
  say(
    dim(
      `  ${requests.toLocaleString('en-US')} requests · engine ${seconds(timings.engine ?? 0)} · services ${seconds(timings.services ?? 0)} · verdicts ${seconds(timings.verdicts ?? 0)} · reports ${seconds(timings.reports ?? 0)} · flags ${seconds(timings.flags ?? 0)} · total ${seconds(total)}`,
    ),
  );
  say(
    `  reports in ${relative(process.cwd(), OUT_DIR) || '.'}/: ${scenarios.map((s) => `${s.id}.{json,md}`).join(', ')}, flags-stale.txt`,
  );
  const allExpected = scenarios.every((s) => s.verdict === s.expected) && staleOk;
  say(allExpected ? bold('  Every verdict came out as expected.') : bold('  Some verdicts were not as expected.'));
  return allExpected ? 0 : 1;
}

await mkdir(OUT_DIR, { recursive: true });
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
