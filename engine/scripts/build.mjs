// Bundles the engine with esbuild. Dependencies stay external (better-sqlite3 is native,
// ts-morph is large and loaded only by the code-intelligence commands).
import { dirname } from 'node:path';
import { build } from 'esbuild';

/**
 * `src/code/typescript.ts` re-exports ts-morph's `ts` (right for tests and the extension bundle). In this bundle
 * it becomes a `require` of the TypeScript file that ts-morph itself loads: a cold `aviary flags scan` then
 * skips compiling ts-morph and Node's export-name scan of CommonJS modules imported from ES modules, and compiles
 * TypeScript from a V8 code cache (`src/code/require-with-code-cache.ts`).
 */
const typescriptByRequire = {
  name: 'typescript-by-require',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]code[\\/]typescript\.ts$/ }, (args) => ({
      loader: 'js',
      resolveDir: dirname(args.path),
      contents: [
        "import { createRequire } from 'node:module';",
        "import { requireWithCodeCache } from './require-with-code-cache';",
        'const here = createRequire(import.meta.url);',
        "const common = createRequire(here.resolve('ts-morph')).resolve('@ts-morph/common');",
        "export const ts = requireWithCodeCache(createRequire(common).resolve('./typescript.js'));",
      ].join('\n'),
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [typescriptByRequire],
};

await build({
  ...common,
  entryPoints: {
    cli: 'src/cli/main.ts',
    index: 'src/index.ts',
    code: 'src/code/index.ts',
    // Reader threads of `aviary flags scan` (found next to cli.js).
    'scan-reader': 'src/code/scan-reader.ts',
  },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
