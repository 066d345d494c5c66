import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anyGlob } from '../../src/code/glob';
import { walkSourceFiles } from '../../src/code/walk-files';
import { writeTree } from './write-tree';

describe('walkSourceFiles', () => {
  it('matches exclude globs against paths relative to the root, at every depth and from any start folder', () => {
    const tree = writeTree({
      'a.ts': '',
      'src/b.tsx': '',
      'src/b.d.ts': '',
      'src/gen/c.ts': '',
      'src/deep/gen/d.js': '',
      'src/deep/e.mts': '',
      'src/deep/e.test.ts': '',
      'src/node_modules/f.ts': '',
      'src/.cache/g.ts': '',
      'notes.md': '',
    });
    try {
      const list = (paths: string[], exclude: string[]) =>
        walkSourceFiles(tree.root, paths, anyGlob(exclude))
          .map((p) => relative(tree.root, p).split('\\').join('/'))
          .sort();
      expect(list([tree.root], [])).toEqual([
        'a.ts',
        'src/b.tsx',
        'src/deep/e.mts',
        'src/deep/e.test.ts',
        'src/deep/gen/d.js',
        'src/gen/c.ts',
      ]);
      expect(list([tree.root], ['gen', '**/*.test.*'])).toEqual(['a.ts', 'src/b.tsx', 'src/deep/e.mts']);
      // Globs are anchored at the root even when the walk starts below it.
      expect(list([join(tree.root, 'src/deep')], ['src/deep/*.ts'])).toEqual(['src/deep/e.mts', 'src/deep/gen/d.js']);
      expect(list([join(tree.root, 'src')], ['src/*'])).toEqual([]);
    } finally {
      tree.remove();
    }
  });
});
