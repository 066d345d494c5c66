import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const source = join(__dirname, '../../src/code/require-with-code-cache.ts');
let dir: string;
let cacheDir: string;
let library: string;
let probe: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aviary-code-cache-test-'));
  cacheDir = join(dir, 'cache');
  library = join(dir, 'library.cjs');
  // A CommonJS module with a lazily compiled function, a require of its own and a module-level side effect.
  writeFileSync(
    library,
    [
      "const { basename } = require('node:path');",
      'globalThis.libraryLoads = (globalThis.libraryLoads ?? 0) + 1;',
      'exports.name = basename(__filename);',
      'exports.square = function square(n) { return n * n; };',
    ].join('\n'),
  );
  // Loads the library through the cache, then with a plain require, and prints what happened.
  probe = join(dir, 'probe.mts');
  writeFileSync(
    probe,
    [
      "import { createRequire } from 'node:module';",
      `import { codeCacheUses, requireWithCodeCache } from ${JSON.stringify(source)};`,
      `const lib = requireWithCodeCache(${JSON.stringify(library)}, process.env.CACHE_DIR);`,
      `const again = createRequire(import.meta.url)(${JSON.stringify(library)});`,
      'console.log(JSON.stringify({ name: lib.name, square: lib.square(7), same: lib === again,',
      '  loads: globalThis.libraryLoads, uses: codeCacheUses().map((u) => u.state) }));',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(env: Record<string, string> = {}): {
  name: string;
  square: number;
  same: boolean;
  loads: number;
  uses: string[];
} {
  const child = spawnSync(process.execPath, ['--import', 'tsx', probe], {
    env: { ...process.env, CACHE_DIR: cacheDir, ...env },
    encoding: 'utf8',
  });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout);
}

const cacheFiles = () => readdirSync(cacheDir).filter((f) => f.endsWith('.v8cache'));

describe('requireWithCodeCache', () => {
  it('compiles without a cache first, writes one at exit, and compiles from it next time', () => {
    const first = run();
    expect(first).toEqual({ name: 'library.cjs', square: 49, same: true, loads: 1, uses: ['absent'] });
    expect(cacheFiles()).toHaveLength(1);
    const second = run();
    expect(second).toEqual({ ...first, uses: ['accepted'] });
  });

  it('recompiles and rewrites a cache that V8 rejects', () => {
    const [file] = cacheFiles();
    const path = join(cacheDir, file as string);
    writeFileSync(path, Buffer.from('not a V8 code cache'));
    expect(run().uses).toEqual(['rejected']);
    expect(statSync(path).size).toBeGreaterThan(100);
    expect(run().uses).toEqual(['accepted']);
  });

  it('keys the cache by the source file: an edited library gets a cache of its own', () => {
    const before = cacheFiles();
    writeFileSync(library, "exports.name = 'edited'; exports.square = (n) => n * n;\n");
    const edited = run();
    expect([edited.name, edited.uses]).toEqual(['edited', ['absent']]);
    expect(cacheFiles().length).toBe(before.length + 1);
  });

  it('works, without a cache, when the cache folder cannot be written', () => {
    // A folder below a plain file cannot be created, whoever runs the test (root ignores permission bits).
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const result = run({ CACHE_DIR: join(file, 'cache') });
    expect(result.square).toBe(49);
    expect(result.uses).toEqual(['absent']);
  });

  it('is bypassed with AVIARY_CODE_CACHE=0', () => {
    expect(run({ AVIARY_CODE_CACHE: '0' }).uses).toEqual([]);
  });
});

describe('codeCacheDir', () => {
  it("is the user's own cache folder, and none at all without a home folder", async () => {
    const { codeCacheDir } = await import('../../src/code/require-with-code-cache');
    expect(codeCacheDir({ AVIARY_CACHE_DIR: '/x/cache' })).toBe('/x/cache');
    expect(codeCacheDir({ XDG_CACHE_HOME: '/home/u/.cache' })).toBe(join('/home/u/.cache', 'aviary'));
    expect(codeCacheDir({})).toBe(join(homedir(), '.cache', 'aviary'));
    expect(codeCacheDir({}, '')).toBeUndefined();
  });
});
