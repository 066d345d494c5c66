/**
 * Compiles a path glob (`*`, `**`, `?`) into a test on `/`-separated relative paths. A pattern without a glob
 * character matches that path and everything under it, at any depth (`generated` skips every `generated/` folder).
 */
export function globToRegExp(pattern: string): RegExp {
  const hasGlob = /[*?]/.test(pattern);
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern.charAt(i);
    if (c === '*') {
      if (pattern.charAt(i + 1) === '*') {
        const slash = pattern.charAt(i + 2) === '/';
        source += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        source += '[^/]*';
      }
    } else if (c === '?') {
      source += '[^/]';
    } else {
      source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  if (!hasGlob) return new RegExp(`(?:^|/)${source.replace(/\/$/, '')}(?:/|$)`);
  return new RegExp(`^${source}$`);
}

/** A test that is true when any of the globs matches. */
export function anyGlob(patterns: readonly string[]): (relativePath: string) => boolean {
  const compiled = patterns.map(globToRegExp);
  return (path) => compiled.some((re) => re.test(path));
}
