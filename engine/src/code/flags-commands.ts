import { isAbsolute, relative, resolve } from 'node:path';
import { type FlagDefinition, loadFlagdDefinitions } from './flagd-definitions';
import { addedLinesSince, gitRoot, touchesAdded } from './git-diff';
import { fetchLiveStatus, type LiveFlagStatus } from './live-status';
import { loadConfig } from './load-config';
import { staleFindings, unresolvedFinding } from './report/findings';
import { type CheckResult, formatCheck, formatScan, formatStale, type OutputFormat } from './report/format-flags';
import { type ScanOptions, type ScanResult, scanFlags } from './scan';
import type { AviaryConfig } from './sdk-config';
import { assessStaleness, type StalenessReport } from './staleness';
import { toPosix } from './walk-files';

/** Options every `aviary flags` sub-command takes. */
export interface FlagsCommandOptions {
  cwd: string;
  /** Repository root (default: the git top folder of `cwd`, else `cwd`). */
  root?: string;
  /** Config file (default: `aviary.config.{json,yaml,yml}` in the root). */
  config?: string;
  format: OutputFormat;
  /** Fixed "now" (ISO date or epoch ms) for reproducible reports. */
  now?: string;
  /** Tool version for SARIF. */
  version: string;
  onProgress?: (phase: 'read' | 'parse', done: number, total: number) => void;
  /** Read the files on worker threads (see `ScanOptions.parallel`). */
  parallel?: ScanOptions['parallel'];
}

export interface StaleCommandOptions extends FlagsCommandOptions {
  definitions?: string[];
  engine?: string;
  /** Bearer token for an engine with API auth. */
  engineToken?: string;
}

export interface CommandOutcome {
  output: string;
  /** 0 ok, 1 findings (when gating). Errors are thrown. */
  exitCode: 0 | 1;
  warnings: string[];
}

/** A command-line value that is wrong (exit 3). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function parseNow(text: string | undefined): number {
  if (text === undefined) return Date.now();
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`--now "${text}": not a date (use ISO 8601, e.g. 2026-11-23T00:00:00Z)`);
  return ms;
}

interface Setup {
  root: string;
  config: AviaryConfig;
  now: number;
}

function setup(options: FlagsCommandOptions): Setup {
  const cwd = resolve(options.cwd);
  const root = options.root ? resolve(cwd, options.root) : (gitRoot(cwd) ?? cwd);
  const { config } = loadConfig(options.config ? { path: resolve(cwd, options.config), dir: root } : { dir: root });
  return { root, config, now: parseNow(options.now) };
}

function scanPaths(paths: readonly string[], cwd: string): string[] {
  return paths.map((p) => (isAbsolute(p) ? p : resolve(cwd, p)));
}

/** `aviary flags scan [paths]`: every reference. Gating fails on keys that cannot be resolved. */
export async function runScan(
  paths: readonly string[],
  options: FlagsCommandOptions & { gate?: boolean },
): Promise<CommandOutcome> {
  const { root, config } = setup(options);
  const result = await scanFlags({ root, config, paths: scanPaths(paths, options.cwd), ...scanRunOptions(options) });
  const unresolved = result.references.some((r) => r.key === null);
  return {
    output: formatScan(result, options.format, options.version),
    exitCode: options.gate && unresolved ? 1 : 0,
    warnings: result.errors.map((e) => `${e.file}: ${e.message}`),
  };
}

/** The scan options every command passes through: progress reporting and reader threads. */
function scanRunOptions(options: FlagsCommandOptions) {
  return {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.parallel ? { parallel: options.parallel } : {}),
  };
}

interface Assessment {
  report: StalenessReport;
  scan: ScanResult;
  warnings: string[];
  root: string;
}

async function assess(paths: readonly string[], options: StaleCommandOptions): Promise<Assessment> {
  const { root, config, now } = setup(options);
  const warnings: string[] = [];
  const definitionFiles = (
    options.definitions?.length
      ? options.definitions.map((p) => resolve(options.cwd, p))
      : config.definitions.map((p) => resolve(root, p))
  ).map((path) => ({ path, display: toPosix(relative(root, path)) }));
  const definitions: FlagDefinition[] = loadFlagdDefinitions(definitionFiles);
  const engineUrl = options.engine ?? config.engine?.url;
  const windowDays = config.staleness.rolledOutDays;
  const livePromise = engineUrl
    ? fetchLiveStatus(engineUrl, {
        now,
        windowDays,
        ...(options.engineToken ? { authToken: options.engineToken } : {}),
      })
    : undefined;
  const scan = await scanFlags({
    root,
    config,
    paths: scanPaths(paths, options.cwd),
    knownKeys: new Set(definitions.map((d) => d.key)),
    ...scanRunOptions(options),
  });
  for (const e of scan.errors) warnings.push(`${e.file}: ${e.message}`);
  let live: Map<string, LiveFlagStatus> | undefined;
  if (livePromise) {
    const status = await livePromise;
    if (status.ok) live = status.flags;
    else warnings.push(`live status unavailable (${status.error}); judged from code and definitions only`);
  }
  const report = assessStaleness({
    references: scan.references,
    definitions,
    ...(live ? { live } : {}),
    expiries: scan.expiries,
    config: config.staleness,
    now,
  });
  return { report, scan, warnings, root };
}

/** `aviary flags stale [paths]`: stale flags with reasons; gating fails when any flag is stale. */
export async function runStale(
  paths: readonly string[],
  options: StaleCommandOptions & { gate?: boolean },
): Promise<CommandOutcome> {
  const { report, warnings } = await assess(paths, options);
  const findings = staleFindings(report, true);
  return {
    output: formatStale(report, findings, options.format, options.version, warnings),
    exitCode: options.gate && report.flags.some((f) => f.stale) ? 1 : 0,
    warnings,
  };
}

/** `aviary flags check --diff BASE`: fails (1) when the change adds references to stale or undefined flags. */
export async function runCheck(
  paths: readonly string[],
  options: StaleCommandOptions & { diff: string },
): Promise<CommandOutcome> {
  const { report, warnings, root } = await assess(paths, options);
  const repo = gitRoot(root);
  if (!repo) throw new UsageError(`--diff needs a git repository; ${root} is not in one`);
  const { base, added } = addedLinesSince(repo, options.diff);
  const toRepo = (file: string) => toPosix(relative(repo, resolve(root, file)));
  const isAdded = (r: { file: string; line: number; endLine: number }) =>
    touchesAdded(added.get(toRepo(r.file)), r.line, r.endLine);
  const result: CheckResult = { baseRef: options.diff, base, findings: [], unresolved: [], addedReferences: 0 };
  for (const flag of report.flags) {
    for (const reference of flag.references) {
      if (!isAdded(reference)) continue;
      result.addedReferences += 1;
      for (const reason of flag.reasons) {
        result.findings.push({
          key: flag.key,
          code: reason.code,
          message: `${flag.key}: ${reason.message}`,
          keep: reason.keep,
          file: reference.file,
          line: reference.line,
          column: reference.column,
          endLine: reference.endLine,
          endColumn: reference.endColumn,
        });
      }
    }
  }
  for (const reference of report.unresolved) {
    if (!isAdded(reference)) continue;
    result.addedReferences += 1;
    result.unresolved.push(unresolvedFinding(reference));
  }
  return {
    output: formatCheck(result, options.format, options.version, warnings),
    exitCode: result.findings.length > 0 ? 1 : 0,
    warnings,
  };
}
