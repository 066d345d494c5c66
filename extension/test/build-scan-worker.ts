/**
 * Vitest global setup: builds the extension with its real build script into a temporary extension folder, so
 * tests run the bundled `dist/scan-worker.js` on worker threads as the packaged extension does. Tests read the
 * folder with `inject('extensionRoot')`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder holding the freshly built `dist/scan-worker.js` (and `dist/extension.js`). */
    extensionRoot: string;
  }
}

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'aviary-ext-build-'));
  const script = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
  execFileSync(process.execPath, [script, `--outdir=${join(root, 'dist')}`], { stdio: 'inherit' });
  project.provide('extensionRoot', root);
  return () => rmSync(root, { recursive: true, force: true });
}
