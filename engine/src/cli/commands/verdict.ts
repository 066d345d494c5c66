import type { Command } from 'commander';

export function registerVerdict(program: Command): void {
  program.command('verdict').description('(being built)');
}
