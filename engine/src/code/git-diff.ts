import { spawnSync } from 'node:child_process';

/** git failed or the ref does not exist; the message says which command and why. */
export class GitError extends Error {
  override readonly name = 'GitError';
}

function git(cwd: string, args: string[]): string {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw new GitError(`git ${args.join(' ')}: ${run.error.message}`);
  if (run.status !== 0) throw new GitError(`git ${args.join(' ')}: ${run.stderr.trim() || `exit ${run.status}`}`);
  return run.stdout;
}

/** The top folder of the git work tree containing `dir`, or undefined outside a repository. */
export function gitRoot(dir: string): string | undefined {
  const run = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/** Parses `git diff --unified=0` output into added line numbers per file (paths as git prints them). */
export function parseAddedLines(diff: string): Map<string, Set<number>> {
  const added = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const path = line.slice(4).trim();
      if (path === '/dev/null') {
        current = undefined;
        continue;
      }
      const name = path.startsWith('b/') ? path.slice(2) : path;
      current = added.get(name) ?? new Set();
      added.set(name, current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let n = start; n < start + count; n += 1) current.add(n);
    }
  }
  return added;
}

/**
 * Lines added by the change against `baseRef`: the working tree (committed or not) compared with the merge base
 * of `baseRef` and HEAD, plus every line of untracked files. Keys are paths relative to the repository root.
 */
export function addedLinesSince(repoRoot: string, baseRef: string): { base: string; added: Map<string, Set<number>> } {
  try {
    git(repoRoot, ['rev-parse', '--verify', '--quiet', `${baseRef}^{commit}`]);
  } catch {
    throw new GitError(`--diff ${baseRef}: not a commit in ${repoRoot} (fetch it first, e.g. fetch-depth: 0)`);
  }
  let base: string;
  try {
    base = git(repoRoot, ['merge-base', baseRef, 'HEAD']).trim();
  } catch {
    base = git(repoRoot, ['rev-parse', `${baseRef}^{commit}`]).trim();
  }
  const diff = git(repoRoot, ['diff', '--unified=0', '--no-color', '--no-ext-diff', '--no-renames', base, '--']);
  const added = parseAddedLines(diff);
  const untracked = git(repoRoot, ['ls-files', '--others', '--exclude-standard', '-z']).split('\0').filter(Boolean);
  for (const file of untracked) added.set(file, new Set([Number.POSITIVE_INFINITY]));
  return { base, added };
}

/** Whether a reference spanning `[line, endLine]` touches an added line. */
export function touchesAdded(lines: Set<number> | undefined, line: number, endLine: number): boolean {
  if (!lines) return false;
  if (lines.has(Number.POSITIVE_INFINITY)) return true;
  for (let n = line; n <= endLine; n += 1) if (lines.has(n)) return true;
  return false;
}
