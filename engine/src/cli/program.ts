import { Command } from 'commander';
import { registerFlags } from './commands/flags';
import { registerServe } from './commands/serve';
import { registerVerdict } from './commands/verdict';

/** Exit codes are an API: pipelines branch on them. */
export const EXIT = { ok: 0, go: 0, noGo: 1, findings: 1, inconclusive: 2, error: 3 } as const;

/** Builds the `aviary` command tree; each sub-command lives in `commands/<name>.ts`. */
export function createProgram(): Command {
  const program = new Command('aviary')
    .description('Release analysis for feature flags and canary releases.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride((error) => {
      // commander exits 1 on usage errors; 1 means no-go here, so usage errors exit 3.
      process.exit(error.exitCode === 0 ? 0 : EXIT.error);
    });
  registerServe(program);
  registerVerdict(program);
  registerFlags(program);
  return program;
}
