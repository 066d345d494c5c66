// Bundles the extension with esbuild: the code-intelligence library (and ts-morph with it) is compiled in from the
// engine's sources, so the .vsix needs no node_modules. `vscode` is provided by the editor. Two entry points:
// `dist/extension.js` (the extension host's) and `dist/scan-worker.js` (the full scan, on a worker thread).
// `--outdir=DIR` writes elsewhere than `dist` (tests and benchmarks build the worker script into a temp folder).

import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const production = process.argv.includes('--production');
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';
const engineCode = fileURLToPath(new URL('../../engine/src/code/index.ts', import.meta.url));

await build({
  absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
  entryPoints: { extension: 'src/extension.ts', 'scan-worker': 'src/scan/scan-worker.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  alias: { '@aviary/engine/code': engineCode },
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
  metafile: false,
});
