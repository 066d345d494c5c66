import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Cross-package tests use the engine's bundle (`engine/dist`); build it once before the run. */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync('npm', ['run', 'build', '-w', 'engine', '--silent'], { cwd: root, stdio: 'inherit' });
}
