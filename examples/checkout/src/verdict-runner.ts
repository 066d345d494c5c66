import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The engine's CLI entry (`engine/bin/aviary.js`; needs `npm run build -w engine`). */
export const AVIARY_BIN = fileURLToPath(new URL('../../../engine/bin/aviary.js', import.meta.url));

export type Verdict = 'go' | 'no-go' | 'inconclusive';

/** The parts of `aviary verdict --format json` the demo shows. */
export interface VerdictMetric {
  name: string;
  classification: string;
  /** `harmful`, `safe` (within the margin) or `undecided`. */
  harm?: string;
  effect?: { absolute?: number | null; relative?: number | null } | null;
  n?: { baseline?: number; canary?: number };
  reason?: string;
}

export interface VerdictResult {
  verdict: Verdict;
  reason: string;
  metrics: VerdictMetric[];
  /** The process exit code (0 go, 1 no-go, 2 inconclusive, 3 error). */
  exitCode: number;
}

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `node engine/bin/aviary.js <args>` and collects its output (never rejects for a non-zero exit). */
export function runAviary(args: string[], timeoutMs = 60_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [AVIARY_BIN, ...args],
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? 3 : 0;
        resolve({ exitCode: code, stdout, stderr });
      },
    );
  });
}

const VERDICTS: readonly string[] = ['go', 'no-go', 'inconclusive'];

/** Reads a verdict JSON document, checking the fields the demo relies on. */
export function parseVerdict(text: string, exitCode: number, where: string): VerdictResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: not JSON: ${(error as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null) throw new Error(`${where}: expected an object`);
  const { verdict, reason, metrics } = doc as Record<string, unknown>;
  if (typeof verdict !== 'string' || !VERDICTS.includes(verdict)) {
    throw new Error(`${where}: field "verdict": expected go | no-go | inconclusive, got ${JSON.stringify(verdict)}`);
  }
  if (!Array.isArray(metrics)) throw new Error(`${where}: field "metrics": expected an array`);
  return {
    verdict: verdict as Verdict,
    reason: typeof reason === 'string' ? reason : '',
    metrics: metrics as VerdictMetric[],
    exitCode,
  };
}

/**
 * Runs `aviary verdict ... --format json --out <jsonFile>` and reads the
 * result back. Exit code 3 (error) or a missing/invalid file rejects with
 * the CLI's message.
 */
export async function runVerdict(args: string[], jsonFile: string): Promise<VerdictResult> {
  const run = await runAviary(['verdict', ...args, '--format', 'json', '--out', jsonFile]);
  if (run.exitCode !== 0 && run.exitCode !== 1 && run.exitCode !== 2) {
    throw new Error(`aviary verdict exited ${run.exitCode}: ${(run.stderr || run.stdout).trim()}`);
  }
  return parseVerdict(await readFile(jsonFile, 'utf8'), run.exitCode, jsonFile);
}
