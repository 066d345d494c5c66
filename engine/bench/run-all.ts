/**
 * Runs every `bench/*.bench.ts` in its own process, one after another, so that one
 * benchmark's heap and peak RSS do not colour the next. `npm run bench -- scan` runs
 * only the benchmarks whose file name contains `scan`. Each runs with the `aviary` command's Node
 * options (`aviary-node-options.ts`), so that baselines measured in the bench process share its heap settings.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { aviaryNodeOptions } from './aviary-node-options';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const run = spawnSync(process.execPath, [...aviaryNodeOptions(), '--import', 'tsx', `${dir}${file}`], {
    stdio: 'inherit',
  });
  if (run.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
