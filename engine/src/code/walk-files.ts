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
  // `rel` is `toPosix(relative(root, dir))`, extended name by name instead of recomputed for every entry.
  const visit = (dir: string, rel: string): void => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const prefix = rel === '' ? '' : `${rel}/`;
    for (const entry of entries) {
      const name = entry.name;
      if (entry.isDirectory()) {
        if (name.startsWith('.') || SKIP_DIRS.has(name)) continue;
        if (excluded(prefix + name)) continue;
        visit(join(dir, name), prefix + name);
      } else if (entry.isFile() && isSourceFile(name) && !excluded(prefix + name)) {
        files.push(join(dir, name));
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
    if (isDir) visit(path, toPosix(relative(root, path)));
    else files.push(path);
  }
  return files;
}
