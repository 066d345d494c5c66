import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'vitest';

/** A Prometheus-compatible server started by a test; `stop()` kills it and removes its storage. */
export interface RunningBackend {
  url: string;
  stop(): Promise<void>;
}

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const VICTORIA_BIN = '/usr/bin/victoria-metrics';
const hasPrometheus = existsSync(PROMETHEUS_BIN);
const hasVictoria = existsSync(VICTORIA_BIN);

/** The backends these tests start, with the binary each needs and the Debian package providing it. */
export const BACKENDS = {
  prometheus: { bin: PROMETHEUS_BIN, apt: 'prometheus' },
  victoriametrics: { bin: VICTORIA_BIN, apt: 'victoria-metrics' },
} as const;
export type BackendName = keyof typeof BACKENDS;

/** What a test needing a backend does: run, or fail (in CI) / skip (elsewhere) with the reason. */
export type BackendGate = { action: 'run' } | { action: 'fail' | 'skip'; message: string };

/** Whether `CI` is set to something other than empty, `0` or `false`. */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/**
 * Decides for a test that needs `name`: with its binary present, run; without
 * it, fail when `CI` is set (CI installs the package, so a missing binary is a
 * broken setup, not a reason to pass silently), otherwise skip, with the reason.
 */
export function backendGate(
  name: BackendName,
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): BackendGate {
  const { bin, apt } = BACKENDS[name];
  if (exists(bin)) return { action: 'run' };
  const missing = `${bin} not found: install Debian's ${apt} package (apt-get install ${apt})`;
  return isCi(env)
    ? { action: 'fail', message: `${missing}; CI is set, so the ${name} tests cannot be skipped` }
    : { action: 'skip', message: `${missing}; skipped (with CI=1 this fails)` };
}

/** Backends whose skip was already announced on stderr (once per test file). */
const announced = new Set<BackendName>();

/**
 * First line of a test that needs `name`: throws in CI when its binary is
 * missing, else skips with the reason (shown next to the skipped test by the
 * verbose reporter, and once per backend on stderr for the default one).
 */
export function requireBackend(
  ctx: Pick<TestContext, 'skip'>,
  name: BackendName,
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): void {
  const gate = backendGate(name, env, exists);
  if (gate.action === 'fail') throw new Error(gate.message);
  if (gate.action === 'skip') {
    if (!announced.has(name)) console.warn(`skipping the ${name} tests: ${gate.message}`);
    announced.add(name);
    ctx.skip(gate.message);
  }
}

/** A free TCP port on 127.0.0.1 (the binaries take a fixed listen address, not port 0). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function scrapeConfig(targets: { address: string; labels?: Record<string, string> }[]): string {
  const lines = ['global:', '  scrape_interval: 1s', '  scrape_timeout: 1s', 'scrape_configs:', '  - job_name: app'];
  lines.push('    static_configs:');
  for (const target of targets) {
    lines.push(`      - targets: ['${target.address}']`);
    if (target.labels) {
      lines.push('        labels:');
      for (const [k, v] of Object.entries(target.labels)) lines.push(`          ${k}: '${v}'`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`backend exited with ${child.exitCode}: ${output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(500) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`backend not ready at ${url}: ${output()}`);
}

async function start(
  bin: string,
  args: (dir: string, port: number) => string[],
  readyPath: string,
  targets: { address: string; labels?: Record<string, string> }[],
): Promise<RunningBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'aviary-prom-'));
  writeFileSync(join(dir, 'scrape.yml'), scrapeConfig(targets));
  const port = await freePort();
  const child = spawn(bin, args(dir, port), { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(`${url}${readyPath}`, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/** Debian's Prometheus 2.42 with a 1 s scrape interval, temp storage, and the remote-write receiver on. */
export function startPrometheus(targets: { address: string; labels?: Record<string, string> }[]) {
  return start(
    PROMETHEUS_BIN,
    (dir, port) => [
      `--config.file=${join(dir, 'scrape.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
      '--log.level=warn',
    ],
    '/-/ready',
    targets,
  );
}

/** Debian's single-node VictoriaMetrics scraping the same way; recent points visible at once. */
export function startVictoriaMetrics(targets: { address: string; labels?: Record<string, string> }[]) {
  return start(
    VICTORIA_BIN,
    (dir, port) => [
      `-promscrape.config=${join(dir, 'scrape.yml')}`,
      `-storageDataPath=${join(dir, 'data')}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      '-search.latencyOffset=0s',
      '-search.disableCache',
      '-loggerLevel=ERROR',
    ],
    '/health',
    targets,
  );
}

/** Backends started by `runScrapedTraffic`, by name (`prometheus`, `victoriametrics`), and the window to judge. */
export interface ScrapedTraffic {
  backends: Record<string, RunningBackend>;
  window: { from: number; to: number; step: number };
  stop(): Promise<void>;
}

/**
 * Starts the available backends scraping `apps` every second, drives ~18 s of
 * traffic (40 requests/s per app), flushes, and returns six 2 s buckets from the
 * middle of the traffic, where every source has settled.
 */
export async function runScrapedTraffic(
  apps: { address: string; serve(count: number): void; flush(): Promise<void> }[],
  step = 2000,
): Promise<ScrapedTraffic> {
  const targets = apps.map((app) => ({ address: app.address }));
  const [prometheus, victoria] = await Promise.all([
    hasPrometheus ? startPrometheus(targets) : undefined,
    hasVictoria ? startVictoriaMetrics(targets) : undefined,
  ]);
  const backends: Record<string, RunningBackend> = {};
  if (prometheus) backends.prometheus = prometheus;
  if (victoria) backends.victoriametrics = victoria;
  const trafficStart = Date.now();
  const timer = setInterval(() => {
    for (const app of apps) app.serve(4);
  }, 100);
  await new Promise((r) => setTimeout(r, 18_000));
  clearInterval(timer);
  await Promise.all(apps.map((app) => app.flush()));
  await new Promise((r) => setTimeout(r, 2500));
  const from = Math.ceil(trafficStart / step) * step + 2 * step;
  return {
    backends,
    window: { from, to: from + 6 * step, step },
    stop: async () => {
      await Promise.all(Object.values(backends).map((b) => b.stop()));
    },
  };
}
