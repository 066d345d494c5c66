// Bundles the extension with esbuild: the code-intelligence library (and ts-morph with it) is compiled in from the
// engine's sources, so the .vsix needs no node_modules. `vscode` is provided by the editor.

import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const production = process.argv.includes('--production');
const engineCode = fileURLToPath(new URL('../../engine/src/code/index.ts', import.meta.url));

await build({
  entryPoints: { extension: 'src/extension.ts' },
  outdir: 'dist',
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
