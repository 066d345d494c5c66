/**
 * How long the initial workspace scan blocks the extension host's thread: the longest event-loop stall
 * (`perf_hooks.monitorEventLoopDelay`, max) while scanning a generated tree of realistic TypeScript, with the
 * library's `scanFlags` on this thread (the baseline, what the extension did before) against the extension's
 * `WorkerScanner` (a worker thread on the bundled `dist/scan-worker.js`, built here with the extension's build
 * script). Rounds alternate between the two; medians are reported, with the ratio of the stalls. The noise floor:
 * the same monitor on this thread doing nothing for as long as a worker scan takes.
 *
 * Run: `npm run bench -w extension` (both extension benchmarks) or `npx tsx bench/scan-stall.bench.ts [files]`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type IntervalHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '@aviary/engine/code';
import { generateCorpus } from '../../engine/test/code/corpus-generator';
import { type FlagScanner, inProcessScanner, type ScanRequest } from '../src/scan/flag-scanner';
import { WorkerScanner } from '../src/scan/worker-scanner';
import { median } from './median';

const FILES = Number(process.argv[2] ?? 2000);
const ROUNDS = 5;

interface Sample {
  stallMs: number;
  wallMs: number;
  references: number;
}

/**
 * An enabled event-loop delay monitor that has ticked once already: the monitor records the gaps between its
 * ticks, so a stall before its first tick would go unrecorded.
 */
async function monitoring(): Promise<IntervalHistogram> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  // No reset afterwards: a reset forgets the last tick too. The idle wait adds only noise-floor delays.
  await new Promise((resolve) => setTimeout(resolve, 20));
  return histogram;
}

/** One full scan with the event-loop delay monitored on this thread from start to result. */
async function measure(scanner: FlagScanner, request: ScanRequest): Promise<Sample> {
  const histogram = await monitoring();
  const started = performance.now();
  const result = await scanner.scan(request);
  const wallMs = performance.now() - started;
  // One more turn of the loop, so a stall right before the result is recorded.
  await new Promise((resolve) => setTimeout(resolve, 10));
  histogram.disable();
  return { stallMs: histogram.max / 1e6, wallMs, references: result.references.length };
}

/** The noise floor: the longest stall of this thread while it does nothing for `ms`. */
async function idle(ms: number): Promise<Sample> {
  const histogram = await monitoring();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const wallMs = performance.now() - started;
  histogram.disable();
  return { stallMs: histogram.max / 1e6, wallMs, references: 0 };
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'aviary-ext-stall-'));
  const build = mkdtempSync(join(tmpdir(), 'aviary-ext-stall-build-'));
  const workers = new WorkerScanner(join(build, 'dist', 'scan-worker.js'));
  try {
    const corpus = generateCorpus(root, FILES);
    const script = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
    execFileSync(process.execPath, [script, '--production', `--outdir=${join(build, 'dist')}`], { stdio: 'inherit' });
    const request: ScanRequest = { root, config: defaultConfig(), knownKeys: corpus.keys };
    const local: Sample[] = [];
    const worker: Sample[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      // Alternate which goes first, so neither always runs on a warmer machine.
      if (round % 2 === 0) {
        local.push(await measure(inProcessScanner, request));
        worker.push(await measure(workers, request));
      } else {
        worker.push(await measure(workers, request));
        local.push(await measure(inProcessScanner, request));
      }
    }
    const quiet: Sample[] = [];
    for (let round = 0; round < ROUNDS; round += 1) quiet.push(await idle(median(worker.map((s) => s.wallMs))));
    const same = local.every((s) => s.references === local[0]?.references && s.references === worker[0]?.references);
    if (!same) throw new Error('the two scanners found different numbers of references');
    const first = local[0]?.stallMs ?? 0;
    const row = (name: string, samples: Sample[]) =>
      `${name.padEnd(28)} ${median(samples.map((s) => s.stallMs))
        .toFixed(1)
        .padStart(8)} ms   ${median(samples.map((s) => s.wallMs))
        .toFixed(0)
        .padStart(6)} ms   [stalls ${samples.map((s) => s.stallMs.toFixed(0)).join(', ')}]\n`;
    const stallLocal = median(local.map((s) => s.stallMs));
    const stallWorker = median(worker.map((s) => s.stallMs));
    process.stdout.write(
      `tree: ${corpus.files} files, ${(corpus.bytes / 1e6).toFixed(1)} MB, ${local[0]?.references} flag references; ${ROUNDS} rounds each (median)\n` +
        `${''.padEnd(28)} ${'max stall'.padStart(11)}   ${'wall'.padStart(9)}\n` +
        row('baseline  in-process scan', local) +
        row('extension worker scan', worker) +
        row('idle thread (noise floor)', quiet) +
        `ratio     stall in-process / worker: ${(stallLocal / stallWorker).toFixed(1)}x` +
        ` (first in-process scan, parser loading included: ${first.toFixed(0)} ms, ${(first / stallWorker).toFixed(1)}x)\n`,
    );
  } finally {
    workers.dispose();
    rmSync(root, { recursive: true, force: true });
    rmSync(build, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
