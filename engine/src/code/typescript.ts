/**
 * The TypeScript compiler API used by the reference finder: the copy ts-morph bundles (`@ts-morph/common`), so
 * that the scanner and the cleanup codemod parse alike and share one instance.
 *
 * The engine's esbuild bundle replaces this module (see `scripts/build.mjs`) with a plain `require` of that
 * file: importing ts-morph from ES modules costs a fresh process about 250 ms more (ts-morph and its helpers are
 * compiled and run, and Node scans the CommonJS source for export names), which a cold `aviary flags scan` pays.
 */
export { ts } from 'ts-morph';
