#!/usr/bin/env -S node --max-semi-space-size=64
// The `aviary` command. `npm ci` builds dist/ through the root `prepare` script.
// --max-semi-space-size=64 (MiB): a larger young generation, so that fewer scavenges copy the decoded
// exports that `aviary serve` holds until their commit: garbage collection fell from 6-9% to 2-3% of the
// server's CPU profile while ingesting; in paired runs outside `npm run bench`, delta exports reached 0.54-0.61
// of bare decode against 0.39-0.51 without, cumulative ones unchanged; peak RSS unchanged.
// `node bin/aviary.js` runs without it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('aviary: the engine is not built; run `npm run build -w engine` (npm ci does it for you)\n');
  process.exit(3);
}
await import(cli);
