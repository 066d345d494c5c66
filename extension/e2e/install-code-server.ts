/**
 * Installs code-server 4.100.3 (VS Code 1.100, the newest line that runs on Node 20) from the npm registry into a
 * cache directory outside the repository, reused between runs. Its own install scripts download from outside the
 * registries, so they are skipped and the few native steps are done here instead (see issue 5 for the recipe).
 *
 * Run directly to warm the cache: `npx tsx extension/e2e/install-code-server.ts`.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';

/** Where code-server is installed; `AVIARY_E2E_CACHE` overrides the default `~/.cache/aviary-e2e`. */
export function cacheDir(): string {
  return process.env.AVIARY_E2E_CACHE ?? join(homedir(), '.cache', 'aviary-e2e');
}

export interface CodeServerInstall {
  /** The `code-server` launcher script. */
  bin: string;
  /** The directory holding the install (its own package.json, outside every npm workspace). */
  root: string;
  /** Whether this call installed it (false: reused from the cache). */
  installed: boolean;
}

function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  process.stderr.write(`[e2e] ${cwd}$ ${command} ${args.join(' ')}\n`);
  execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
}

function link(target: string, path: string): void {
  rmSync(path, { force: true, recursive: false });
  symlinkSync(target, path);
}

/** Installs code-server into the cache directory unless a complete install is already there. */
export function ensureCodeServer(log: (line: string) => void = () => {}): CodeServerInstall {
  const root = join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`);
  const marker = join(root, '.complete');
  const pkg = join(root, 'node_modules', 'code-server');
  const bin = join(pkg, 'out', 'node', 'entry.js');
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === CODE_SERVER_VERSION) {
    return { bin, root, installed: false };
  }
  log(`installing code-server ${CODE_SERVER_VERSION} into ${root} (first run only, a few minutes)`);
  mkdirSync(root, { recursive: true });
  // Its own package.json keeps npm from walking up into a workspace that may contain the cache directory.
  writeFileSync(
    join(root, 'package.json'),
    `${JSON.stringify({ name: 'aviary-e2e-cache', private: true }, null, 2)}\n`,
  );
  const npmEnv = { npm_config_workspaces: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  run(root, 'npm', ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--no-save'], npmEnv);

  const vscode = join(pkg, 'lib', 'vscode');
  run(vscode, 'npm', ['install', '--omit=dev', '--ignore-scripts'], npmEnv);
  // @vscode/ripgrep's postinstall downloads rg from GitHub; it skips that when bin/ exists, so Debian's rg goes there.
  const rgDir = join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  copyFileSync(ripgrepPath(), join(rgDir, 'rg'));
  run(vscode, 'npm', ['rebuild'], { ...npmEnv, npm_config_yes: 'true' });
  link('node_modules', join(vscode, 'node_modules.asar'));
  link('code-linux.sh', join(vscode, 'bin', 'remote-cli', 'code-server'));
  link('browser-linux.sh', join(vscode, 'bin', 'helpers', 'browser.sh'));
  run(join(vscode, 'extensions'), 'npm', ['install', '--omit=dev'], npmEnv);
  run(root, 'npm', ['rebuild', 'argon2'], npmEnv);
  writeFileSync(marker, `${CODE_SERVER_VERSION}\n`);
  return { bin, root, installed: true };
}

function ripgrepPath(): string {
  for (const candidate of ['/usr/bin/rg', '/usr/local/bin/rg']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('ripgrep not found: install the Debian package `ripgrep` (code-server needs it for search)');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const result = ensureCodeServer((line) => process.stderr.write(`[e2e] ${line}\n`));
  process.stderr.write(
    `[e2e] code-server ${result.installed ? 'installed' : 'already installed'} at ${result.root} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}
