import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { CleanupResult } from '../../code/cleanup/index';
import { unifiedDiff } from '../../code/cleanup/line-diff';
import { EXIT } from '../program';

interface CleanupFlags {
  value: string;
  dryRun?: boolean;
  format: 'text' | 'json';
  config?: string;
  root?: string;
  typecheck: boolean;
  progress: boolean;
}

/** What the command prints: diffs (dry run) or a summary, then skipped patterns, new diagnostics, follow-up. */
export function formatCleanupText(result: CleanupResult, dryRun: boolean): string {
  const out: string[] = [];
  if (dryRun) for (const f of result.files) out.push(unifiedDiff(f.displayPath, f.originalText, f.newText));
  else for (const f of result.files) out.push(`rewrote ${f.displayPath} (${f.evaluations} evaluation(s))\n`);
  if (result.files.length === 0) out.push(`no code to change for flag ${result.key}\n`);
  for (const s of result.skipped) out.push(`${s.file}:${s.line}:${s.column}: not cleaned: ${s.message}\n`);
  for (const f of result.failed) out.push(`${f.file}: ${f.message}\n`);
  for (const d of result.newDiagnostics) {
    out.push(`${d.file}:${d.line}:${d.column}: new TypeScript error TS${d.code}: ${d.message}\n`);
  }
  if (result.files.length > 0) out.push(`next: ${result.followUp}\n`);
  return out.join('');
}

/** Adds `aviary flags cleanup KEY --value VALUE [paths...] [--dry-run]` to the `flags` command. */
export function registerFlagsCleanup(flags: Command): void {
  flags
    .command('cleanup')
    .description('remove a flag from the code: its evaluations become VALUE and dead branches go')
    .argument('<key>', 'flag key')
    .argument('[paths...]', 'files or folders to clean (default: config include, else the root)')
    .requiredOption('--value <value>', 'the value to keep: true, false, a string variant or a number')
    .option('--dry-run', 'print a unified diff instead of writing files')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-c, --config <file>', 'config file (default: aviary.config.json/.yaml in the root)')
    .option('--root <dir>', 'repository root (default: the current directory)')
    .option('--no-typecheck', 'skip comparing TypeScript diagnostics before and after')
    .option('--no-progress', 'no progress line on a terminal')
    .action(async (key: string, paths: string[], options: CleanupFlags) => {
      try {
        process.exitCode = await runCleanup(key, paths, options);
      } catch (error) {
        process.stderr.write(`aviary flags cleanup: ${(error as Error).message}\n`);
        process.exitCode = EXIT.error;
      }
    });
}

async function runCleanup(key: string, paths: string[], options: CleanupFlags): Promise<number> {
  // ts-morph (the whole TypeScript compiler) loads only when this command runs, not for every `aviary` command.
  const [{ cleanupFlagInTree }, { loadConfig }] = await Promise.all([
    import('../../code/cleanup/index'),
    import('../../code/load-config'),
  ]);
  const root = resolve(options.root ?? process.cwd());
  const { config } = loadConfig({ dir: root, ...(options.config ? { path: options.config } : {}) });
  const tty = options.progress && process.stderr.isTTY;
  const onProgress = tty
    ? (phase: 'read' | 'parse', done: number, total: number) =>
        process.stderr.write(`\r\x1b[2K${phase} ${done}/${total} files`)
    : undefined;
  const result = await cleanupFlagInTree({
    key,
    value: { text: options.value },
    root,
    config,
    checkTypes: options.typecheck,
    ...(paths.length ? { paths } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  if (tty) process.stderr.write('\r\x1b[2K');
  if (!options.dryRun) for (const f of result.files) writeFileSync(f.path, f.newText);
  if (options.format === 'json') {
    const { references: _references, ...rest } = result;
    const files = rest.files.map(({ originalText, newText, ...f }) => ({
      ...f,
      diff: unifiedDiff(f.displayPath, originalText, newText),
    }));
    process.stdout.write(`${JSON.stringify({ ...rest, files, written: !options.dryRun }, null, 2)}\n`);
  } else {
    process.stdout.write(formatCleanupText(result, options.dryRun ?? false));
  }
  return result.failed.length > 0 || result.newDiagnostics.length > 0 ? EXIT.findings : EXIT.ok;
}
