#!/usr/bin/env node
// The `aviary` command. `npm ci` builds dist/ through the root `prepare` script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('aviary: the engine is not built; run `npm run build -w engine` (npm ci does it for you)\n');
  process.exit(3);
}
await import(cli);
