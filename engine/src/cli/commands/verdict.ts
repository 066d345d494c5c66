import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Verdict, VerdictResult } from '../../analysis/verdict-types';
import { parseDuration as parseCompoundDuration } from '../../api/parse-duration';
import type { CanaryConfig } from '../../config/canary-config-schema';
import { parseDuration } from '../../config/parse-duration';
import type { Cohort } from '../../model/cohort';
import type { ChartMode } from '../../report/render-markdown';
import { REPORT_FORMATS, type ReportFormat, renderReport } from '../../report/render-report';
import { EXIT } from '../program';

/** Read at call time: `program.ts` imports this module, so `EXIT` is not initialised yet at load. */
function verdictExit(verdict: Verdict): number {
  return { go: EXIT.go, 'no-go': EXIT.noGo, inconclusive: EXIT.inconclusive }[verdict];
}

/** A usage problem found after parsing (exit 3 with the message). */
class UsageError extends Error {}

/**
 * A point in time: an ISO time (`2026-11-23T09:00:00Z`), `now`, a time relative to now (`-15m`, `-1h30m`)
 * or Unix milliseconds.
 */
export function parseTimeArg(value: string, now: number): number {
  const text = value.trim();
  if (text === 'now') return now;
  const relative = /^-(\d.*[a-z])$/.exec(text);
  const ago = relative?.[1] === undefined ? null : parseCompoundDuration(relative[1]);
  if (ago !== null) return now - ago;
  if (/^\d{11,}$/.test(text)) return Number(text);
  const t = Date.parse(text);
  if (Number.isNaN(t)) {
    throw new InvalidArgumentError(`"${value}" is not a time: use an ISO time, "now", "-15m" or Unix milliseconds`);
  }
  return t;
}

function durationArg(value: string): number {
  try {
    return parseDuration(/^\d+(\.\d+)?$/.test(value) ? Number(value) : value);
  } catch {
    throw new InvalidArgumentError(`"${value}" is not a duration (e.g. 30s, 1m)`);
  }
}

/** `90:10` (baseline:canary, any positive scale) for the sample-ratio-mismatch check. */
export function parseSplitArg(value: string): { baseline: number; canary: number } {
  const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(value.trim());
  const baseline = Number(match?.[1]);
  const canary = Number(match?.[2]);
  if (!match || !(baseline > 0) || !(canary > 0)) {
    throw new InvalidArgumentError(`"${value}" is not a split: use baseline:canary, e.g. 90:10 or 50:50`);
  }
  return { baseline, canary };
}

interface VerdictFlags {
  config: string;
  data?: string;
  engine?: string;
  dataDir?: string;
  token?: string;
  service?: string;
  env?: string;
  baselineRelease?: string;
  canaryRelease?: string;
  flag?: string;
  baselineVariant?: string;
  canaryVariant?: string;
  from: string;
  to: string;
  step?: number;
  format: ReportFormat;
  out?: string;
  charts?: ChartMode;
  sequential?: boolean;
  expectedSplit?: { baseline: number; canary: number };
}

function cohortsFrom(flags: VerdictFlags): { baseline: Cohort; canary: Cohort } {
  const byRelease = flags.baselineRelease !== undefined || flags.canaryRelease !== undefined;
  const byFlag = flags.flag !== undefined || flags.baselineVariant !== undefined || flags.canaryVariant !== undefined;
  if (byRelease && (flags.baselineRelease === undefined || flags.canaryRelease === undefined)) {
    throw new UsageError('--baseline-release and --canary-release go together');
  }
  if (
    byFlag &&
    (flags.flag === undefined || flags.baselineVariant === undefined || flags.canaryVariant === undefined)
  ) {
    throw new UsageError('--flag needs --baseline-variant and --canary-variant');
  }
  if (!byRelease && !byFlag) {
    throw new UsageError(
      'say what to compare: --baseline-release A --canary-release B, or --flag KEY --baseline-variant X --canary-variant Y',
    );
  }
  const common: Cohort = {
    ...(flags.service !== undefined ? { service: flags.service } : {}),
    ...(flags.env !== undefined ? { env: flags.env } : {}),
    ...(byFlag ? { flag: flags.flag } : {}),
  };
  return {
    baseline: {
      ...common,
      ...(byRelease ? { release: flags.baselineRelease } : {}),
      ...(byFlag ? { variant: flags.baselineVariant } : {}),
    },
    canary: {
      ...common,
      ...(byRelease ? { release: flags.canaryRelease } : {}),
      ...(byFlag ? { variant: flags.canaryVariant } : {}),
    },
  };
}

/** Progress on stderr when it is a terminal: `measuring 3/12 metrics (latency)`, cleared when done. */
function progress(): { onProgress?: (done: number, total: number, metric: string) => void; clear(): void } {
  if (!process.stderr.isTTY) return { clear: () => {} };
  let shown = false;
  return {
    onProgress: (done, total, metric) => {
      shown = true;
      process.stderr.write(`\r\x1b[2Kaviary: measuring ${done}/${total} metrics (${metric})`);
    },
    clear: () => {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}

async function judge(flags: VerdictFlags, config: CanaryConfig): Promise<VerdictResult> {
  const sources = [flags.data, flags.engine, flags.dataDir].filter((s) => s !== undefined);
  if (sources.length !== 1) throw new UsageError('give exactly one of --data FILE, --engine URL or --data-dir DIR');
  const options = {
    ...(flags.sequential ? { sequential: true } : {}),
    ...(flags.expectedSplit ? { expectedSplit: flags.expectedSplit } : {}),
  };
  if (flags.data !== undefined) {
    const [{ loadSamplesFile }, { analyzeSamples }] = await Promise.all([
      import('../../config/parse-samples-file'),
      import('../../analysis/analyze-samples'),
    ]);
    const samples = loadSamplesFile(flags.data, config);
    return analyzeSamples(config, samples, { ...options, source: { file: flags.data } });
  }
  const now = Date.now();
  const from = parseTimeArg(flags.from, now);
  const to = parseTimeArg(flags.to, now);
  if (!(from < to))
    throw new UsageError(
      `--from (${new Date(from).toISOString()}) must be before --to (${new Date(to).toISOString()})`,
    );
  const step = flags.step ?? parseDuration(config.step);
  if (!(step > 0)) throw new UsageError('the step must be positive');
  const cohorts = cohortsFrom(flags);
  const shown = progress();
  const windowOptions = { ...options, ...(shown.onProgress ? { onProgress: shown.onProgress } : {}) };
  const token = flags.token ?? process.env.AVIARY_TOKEN;
  const { analyzeWindow } = await import('../../analysis/analyze-window');
  const provider =
    flags.engine !== undefined
      ? (await import('../../providers/engine-http/engine-http-provider')).createEngineHttpProvider({
          url: flags.engine,
          ...(token ? { token } : {}),
        })
      : (await import('../../providers/store/store-provider')).createDataDirProvider(flags.dataDir as string);
  try {
    return await analyzeWindow(config, provider, cohorts, { from, to, step }, windowOptions);
  } finally {
    shown.clear();
    if ('close' in provider && typeof provider.close === 'function') provider.close();
  }
}

/** Writes the report (and its chart files) or prints it; returns the verdict's exit code. */
function emit(result: VerdictResult, flags: VerdictFlags): number {
  const chartStem = flags.out ? `${basename(flags.out, extname(flags.out))}-charts` : 'charts';
  const charts: ChartMode = flags.charts ?? (flags.out ? 'files' : 'none');
  if (charts === 'files' && !flags.out && flags.format === 'markdown') {
    throw new UsageError('--charts files needs --out FILE (the charts are written next to it)');
  }
  const report = renderReport(result, flags.format, { charts, chartDir: chartStem });
  if (flags.out) {
    const dir = dirname(flags.out);
    mkdirSync(dir, { recursive: true });
    for (const file of report.files) {
      mkdirSync(dirname(join(dir, file.path)), { recursive: true });
      writeFileSync(join(dir, file.path), file.content);
    }
    writeFileSync(flags.out, report.text);
    process.stderr.write(
      `aviary: ${result.verdict} (score ${result.score}): ${result.reason}\naviary: report written to ${flags.out}\n`,
    );
  } else {
    process.stdout.write(report.text);
  }
  return verdictExit(result.verdict);
}

/** `aviary verdict`: judge a canary against its baseline; exit 0 go, 1 no-go, 2 inconclusive, 3 error. */
export function registerVerdict(program: Command): void {
  program
    .command('verdict')
    .description(
      'Compare a canary with its baseline and print go / no-go / inconclusive (exit 0 / 1 / 2; 3 on errors).',
    )
    .requiredOption('--config <file>', 'canary config (YAML or JSON)')
    .option('--data <file>', 'offline samples: {"metrics": {"<name>": {"baseline": [...], "canary": [...]}}}')
    .option('--engine <url>', 'read from a running engine (e.g. http://127.0.0.1:4318)')
    .option('--data-dir <dir>', "read from an engine's store directory")
    .option('--token <token>', 'API token for --engine (default: $AVIARY_TOKEN)')
    .option('--service <name>', 'service.name of both cohorts')
    .option('--env <name>', 'deployment.environment.name of both cohorts')
    .option('--baseline-release <version>', 'service.version of the baseline')
    .option('--canary-release <version>', 'service.version of the canary')
    .option('--flag <key>', 'feature flag key whose variants are compared')
    .option('--baseline-variant <variant>', 'flag variant of the baseline')
    .option('--canary-variant <variant>', 'flag variant of the canary')
    .option('--from <time>', 'window start: ISO time, "-15m" or "-1h30m" (before now) or Unix ms', '-1h')
    .option('--to <time>', 'window end: ISO time, "now", "-5m" or Unix ms', 'now')
    .addOption(new Option('--step <duration>', "bucket size (default: the config's step)").argParser(durationArg))
    .option('--sequential', 'always-valid tests, for a verdict polled repeatedly')
    .addOption(
      new Option(
        '--expected-split <baseline:canary>',
        'traffic split for the sample-ratio check (e.g. 90:10)',
      ).argParser(parseSplitArg),
    )
    .addOption(new Option('--format <format>', 'report format').choices(REPORT_FORMATS).default('text'))
    .option('--out <file>', 'write the report to a file (Markdown charts go to <name>-charts/ next to it)')
    .addOption(
      new Option('--charts <mode>', 'Markdown charts: SVG files next to --out, inline data URIs, or none').choices([
        'files',
        'inline',
        'none',
      ]),
    )
    .action(async (flags: VerdictFlags) => {
      try {
        // The statistics, config schemas and providers load here, so that other commands start fast.
        const { loadCanaryConfig } = await import('../../config/load-canary-config');
        const config = loadCanaryConfig(flags.config);
        const result = await judge(flags, config);
        process.exitCode = emit(result, flags);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(`aviary verdict: ${message}\n`);
        process.exitCode = EXIT.error;
      }
    });
}
