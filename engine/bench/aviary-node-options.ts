import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/aviary.js', import.meta.url));

/**
 * The Node options the `aviary` command runs with: those of its `#!/usr/bin/env -S node ...` line. Benches
 * start `aviary serve` with them (as the installed command runs) and run with them themselves, so that a
 * bare-decode baseline and the server have the same heap settings.
 * Example: `spawn(process.execPath, [...aviaryNodeOptions(), 'bin/aviary.js', 'serve'])`.
 */
export function aviaryNodeOptions(): string[] {
  const first = readFileSync(bin, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!\/usr\/bin\/env -S node((?:\s+--\S+)*)\s*$/.exec(first);
  if (!match) throw new Error(`${bin}:1: expected "#!/usr/bin/env -S node [--options]", got "${first}"`);
  return (match[1] ?? '').split(/\s+/).filter(Boolean);
}
