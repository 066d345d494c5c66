import { existsSync, writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { registerFlagsCleanup } from './flags-cleanup';

const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

interface CommonFlags {
  format: Format;
  config?: string;
  root?: string;
  now?: string;
  output?: string;
  progress: boolean;
}

interface StaleFlags extends CommonFlags {
  definitions?: string[];
  engine?: string;
  gate?: boolean;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function common(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'))
    .option('-c, --config <file>', 'config file (default: aviary.config.json/.yaml in the repo root)')
    .option('--root <dir>', 'repository root (default: git top folder)')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--now <date>', 'judge as of this date (ISO 8601), for reproducible reports')
    .option('--no-progress', 'no progress line on a terminal');
}

function staleOptions(command: Command): Command {
  return command
    .option('-d, --definitions <file>', 'flagd definition JSON (repeatable; default: config "definitions")', collect)
    .option('-e, --engine <url>', 'running Aviary engine for live evaluation counts (token: AVIARY_TOKEN)');
}

/** A progress line on stderr when it is a terminal (read phase, then parse phase). */
function progressLine(enabled: boolean) {
  if (!enabled || !process.stderr.isTTY) return { onProgress: undefined, done: () => {} };
  let last = 0;
  return {
    onProgress: (phase: 'read' | 'parse', done: number, total: number) => {
      const now = Date.now();
      if (now - last < 80 && done < total) return;
      last = now;
      const width = 24;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      process.stderr.write(
        `\r\x1b[2K${phase === 'read' ? 'reading' : 'parsing'} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} files`,
      );
    },
    done: () => process.stderr.write('\r\x1b[2K'),
  };
}

/**
 * Reader threads for large scans: `dist/scan-reader.js` next to the bundled CLI (`dist/cli.js`). Running from the
 * TypeScript sources there is none, and the files are read on the main thread.
 */
function scanReaders(): { parallel: { readerScript: URL } } | Record<string, never> {
  const readerScript = new URL('./scan-reader.js', import.meta.url);
  return readerScript.protocol === 'file:' && existsSync(readerScript) ? { parallel: { readerScript } } : {};
}

async function run(
  flags: CommonFlags,
  action: (base: {
    cwd: string;
    format: Format;
    version: string;
    config?: string;
    root?: string;
    now?: string;
    onProgress?: (phase: 'read' | 'parse', done: number, total: number) => void;
    parallel?: { readerScript: URL };
  }) => Promise<{ output: string; exitCode: 0 | 1; warnings: string[] }>,
): Promise<void> {
  const progress = progressLine(flags.progress);
  try {
    const outcome = await action({
      cwd: process.cwd(),
      format: flags.format,
      version: '0.1.0',
      ...(flags.config ? { config: flags.config } : {}),
      ...(flags.root ? { root: flags.root } : {}),
      ...(flags.now ? { now: flags.now } : {}),
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
      ...scanReaders(),
    });
    progress.done();
    if (flags.output) writeFileSync(flags.output, `${outcome.output}\n`);
    else process.stdout.write(`${outcome.output}\n`);
    if (flags.format !== 'text') for (const w of outcome.warnings) process.stderr.write(`aviary: warning: ${w}\n`);
    process.exitCode = outcome.exitCode;
  } catch (error) {
    progress.done();
    process.stderr.write(`aviary flags: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  }
}

/**
 * `aviary flags scan|stale|check`. The code-intelligence library (and the TypeScript parser) is loaded only when
 * one of these runs, so other commands start fast.
 */
export function registerFlags(program: Command): void {
  const flags = program.command('flags').description('Find flag references, explain stale flags, gate pull requests.');

  common(flags.command('scan').description('List every flag evaluation in the code.'))
    .argument('[paths...]', 'files or folders (default: config "include", else the repo)')
    .option('--gate', 'exit 1 when a key cannot be resolved statically')
    .action(async (paths: string[], options: CommonFlags & { gate?: boolean }) => {
      await run(options, async (base) => {
        const { runScan } = await import('../../code/flags-commands');
        return runScan(paths, { ...base, gate: options.gate === true });
      });
    });

  staleOptions(common(flags.command('stale').description('Stale flags, each with the reason and the value to keep.')))
    .argument('[paths...]', 'files or folders (default: config "include", else the repo)')
    .option('--gate', 'exit 1 when any flag is stale')
    .action(async (paths: string[], options: StaleFlags) => {
      await run(options, async (base) => {
        const { runStale } = await import('../../code/flags-commands');
        return runStale(paths, { ...base, ...staleArgs(options), gate: options.gate === true });
      });
    });

  staleOptions(
    common(flags.command('check').description('Fail when a change adds references to stale or undefined flags.')),
  )
    .requiredOption('--diff <base-ref>', 'compare with this git ref (e.g. origin/main)')
    .argument('[paths...]', 'files or folders (default: config "include", else the repo)')
    .action(async (paths: string[], options: StaleFlags & { diff: string }) => {
      await run(options, async (base) => {
        const { runCheck } = await import('../../code/flags-commands');
        return runCheck(paths, { ...base, ...staleArgs(options), diff: options.diff });
      });
    });

  registerFlagsCleanup(flags);
}

function staleArgs(options: StaleFlags): { definitions?: string[]; engine?: string; engineToken?: string } {
  const token = process.env.AVIARY_TOKEN;
  return {
    ...(options.definitions ? { definitions: options.definitions } : {}),
    ...(options.engine ? { engine: options.engine } : {}),
    ...(token ? { engineToken: token } : {}),
  };
}
