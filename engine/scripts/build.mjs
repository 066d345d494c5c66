// Bundles the engine with esbuild (see `common` for which dependencies stay external).
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** Paths below are relative to the engine folder, wherever the build is started from. */
const engineDir = fileURLToPath(new URL('..', import.meta.url));

const common = {
  absWorkingDir: engineDir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Pure-JS dependencies are bundled: loading one file is much cheaper for a fresh CLI process than Node resolving
  // and compiling their module graphs (zod alone took ~115 ms, yaml ~50 ms, commander ~28 ms per command).
  // Native (better-sqlite3) and large lazily loaded ones (ts-morph, TypeScript) stay external.
  external: ['better-sqlite3', 'ts-morph', '@ts-morph/common', 'typescript'],
  // Bundled CommonJS (commander) requires Node built-ins; ES modules have no `require` of their own.
  banner: {
    js: "import { createRequire as __aviaryRequire } from 'node:module'; const require = __aviaryRequire(import.meta.url);",
  },
  sourcemap: true,
  logLevel: 'warning',
  plugins: [typescriptByRequire],
};

// Chunk names carry content hashes: without this, every rebuild would leave the previous chunks behind.
rmSync(join(engineDir, 'dist'), { recursive: true, force: true });

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
