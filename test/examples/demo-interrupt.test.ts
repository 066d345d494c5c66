import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Whether `pid` is still a live process (a zombie waiting to be reaped counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/**
 * Ctrl-C in the middle of `npm run demo` (SIGINT to the demo process alone, as `kill -INT` does; a
 * terminal would also signal the children): every service process it started is stopped, the engine's
 * temporary data directory is removed, and it exits 130.
 */
describe('npm run demo on SIGINT', () => {
  const out = mkdtempSync(join(tmpdir(), 'aviary-demo-int-'));
  let demo: ChildProcess | undefined;
  afterAll(() => {
    if (demo?.exitCode === null) demo.kill('SIGKILL');
    rmSync(out, { recursive: true, force: true });
  });

  it('stops every process it started and removes its data', async () => {
    demo = spawn(process.execPath, ['--import', 'tsx', 'examples/checkout/src/demo.ts'], {
      cwd: repo,
      env: { ...process.env, AVIARY_DEMO_OUT: out },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    demo.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    demo.stderr?.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => demo?.once('exit', (code) => resolve(code)));
    const started = await until(() => (stdout.match(/ pid \d+/g) ?? []).length === 3, 90_000);
    expect(started, stdout).toBe(true);
    const pids = [...stdout.matchAll(/ pid (\d+)/g)].map((m) => Number(m[1]));
    const dataDir = /\(data in (\S+)\)/.exec(stdout)?.[1] ?? '';
    expect(existsSync(dataDir)).toBe(true);
    expect(pids.every(alive)).toBe(true);

    demo.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stdout).toContain('SIGINT: stopping the services and the engine');
    expect(await until(() => !pids.some(alive), 10_000), `still running: ${pids.filter(alive)}`).toBe(true);
    expect(existsSync(dataDir)).toBe(false);
  });
});
