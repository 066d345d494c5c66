import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** What `requireWithCodeCache` did (the tests read it). */
export interface CodeCacheUse {
  file: string;
  cacheFile: string;
  /** `accepted`: compiled from the cache; `rejected`: a cache was there but V8 refused it; `absent`: none yet. */
  state: 'accepted' | 'rejected' | 'absent';
}

const uses: CodeCacheUse[] = [];

/** The cache uses of this process, in load order. */
export function codeCacheUses(): readonly CodeCacheUse[] {
  return uses;
}

/**
 * Where code caches live: `AVIARY_CACHE_DIR`, else `$XDG_CACHE_HOME/aviary` or `~/.cache/aviary`; undefined (no
 * cache) without a home folder, never a shared folder such as /tmp where another user could plant a cache.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env, home = homedir()): string | undefined {
  if (env.AVIARY_CACHE_DIR) return env.AVIARY_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'aviary');
  return home ? join(home, '.cache', 'aviary') : undefined;
}

/**
 * `require(file)` of a large CommonJS file, compiled from a V8 code cache kept on disk (Node 22's
 * `module.enableCompileCache` does the same for every module; Node 20 has no such switch). The module is entered in
 * `require.cache`, so a later plain `require` of the same file (ts-morph's, for TypeScript) gets this instance.
 *
 * The cache is written when the process exits, so it also holds the functions the run compiled lazily (for
 * TypeScript: the parser), and only when there was none or V8 rejected it (another Node version, flags or source).
 * A cache that cannot be read or written changes nothing but speed. Set `AVIARY_CODE_CACHE=0` to bypass it.
 * Trust: the cache is code the process runs, so it lives only in the user's own cache folder (`codeCacheDir`).
 *
 * Method: `vm.Script` with `cachedData` / `createCachedData()` (V8 code cache: bytecode of compiled functions).
 * Cost: one read of the source and of the cache; measured on TypeScript's 9 MB `typescript.js`: 256 ms to
 * compile without a cache, about 40 ms with one (`npm run bench -w engine -- scan`).
 *
 * @example
 * const ts = requireWithCodeCache(require.resolve('typescript')) as typeof import('typescript');
 */
export function requireWithCodeCache(file: string, cacheDir: string | undefined = codeCacheDir()): unknown {
  const load = createRequire(file);
  const cached = load.cache[file];
  if (cached) return cached.exports;
  if (process.env.AVIARY_CODE_CACHE === '0' || cacheDir === undefined) return load(file);

  const source = readFileSync(file, 'utf8');
  const { size, mtimeMs } = statSync(file);
  const key = createHash('sha256')
    .update(`${file}\0${size}\0${mtimeMs}\0${process.version}\0${process.arch}`)
    .digest('hex')
    .slice(0, 24);
  const cacheFile = join(cacheDir, `${key}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const state = !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
  uses.push({ file, cacheFile, state });

  const module = new Module(file);
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(dirname(file));
  load.cache[file] = module;
  try {
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(module.exports, module.exports, load, module, file, dirname(file));
  } catch (error) {
    delete load.cache[file];
    throw error;
  }
  module.loaded = true;
  if (state !== 'accepted') process.once('exit', () => writeCache(script, cacheFile));
  return module.exports;
}

function writeCache(script: Script, cacheFile: string): void {
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile);
  } catch {
    // A cache is only an optimisation: a read-only or full disk must not fail the command.
  }
}
