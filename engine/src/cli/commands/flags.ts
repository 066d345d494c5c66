import type { Command } from 'commander';

export function registerFlags(program: Command): void {
  program.command('flags').description('(being built)');
}
