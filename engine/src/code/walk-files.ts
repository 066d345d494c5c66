import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const SOURCE = /\.(?:[cm]?tsx?|[cm]?jsx?)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage', 'out']);

export function isSourceFile(path: string): boolean {
  return SOURCE.test(path) && !path.endsWith('.d.ts') && !/\.d\.[cm]ts$/.test(path);
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * Lists the JavaScript/TypeScript sources under `paths` (files or folders), skipping dependency, build and
 * dot folders, declaration files, and whatever `excluded` says (tested on paths relative to `root`).
 */
export function walkSourceFiles(
  root: string,
  paths: readonly string[],
  excluded: (relativePath: string) => boolean,
): string[] {
  const files: string[] = [];
  const visit = (dir: string): void => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
        if (excluded(toPosix(relative(root, path)))) continue;
        visit(path);
      } else if (entry.isFile() && isSourceFile(entry.name) && !excluded(toPosix(relative(root, path)))) {
        files.push(path);
      }
    }
  };
  for (const path of paths) {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new Error(`${path}: no such file or folder`);
    }
    if (isDir) visit(path);
    else files.push(path);
  }
  return files;
}
