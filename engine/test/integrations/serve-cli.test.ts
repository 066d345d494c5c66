import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const engineDir = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'aviary-serve-cli-'));
const children: ChildProcess[] = [];
const WRITE = 'write-token-0123456789abcdef';

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
});

/**
 * Runs `aviary serve` with args (with `direct`, the bin itself as `npx aviary` does, through its #! line);
 * resolves with its URL once listening, or its exit code and output.
 */
function serve(
  args: string[],
  direct = false,
): Promise<{ url?: string; code?: number | null; output: string; child: ChildProcess }> {
  const command = ['bin/aviary.js', 'serve', '--port', '0', ...args];
  const child = direct
    ? spawn(join(engineDir, 'bin/aviary.js'), command.slice(1), { cwd: engineDir, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, command, { cwd: engineDir, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve) => {
    let output = '';
    const timer = setTimeout(() => resolve({ output: `timeout: ${output}`, child }), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], output, child });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, child });
    });
  });
}

describe('aviary serve options of the integrations', () => {
  it('runs Node with the young-generation size of its #! line when started as a command', async () => {
    const run = await serve(['--data-dir', join(dir, 'direct')], true);
    expect(run.url).toBeDefined();
    const argv = readFileSync(`/proc/${run.child.pid}/cmdline`, 'utf8').split('\0');
    // node --max-semi-space-size=64 <engine>/bin/aviary.js serve ...: a Node option, before the script.
    const script = argv.findIndex((a) => a.endsWith('bin/aviary.js'));
    expect(argv.indexOf('--max-semi-space-size=64')).toBeGreaterThan(0);
    expect(argv.indexOf('--max-semi-space-size=64')).toBeLessThan(script);
    expect(argv[script + 1]).toBe('serve');
    run.child.kill('SIGTERM');
  });

  it('refuses a non-loopback address without --token-file (exit 3)', async () => {
    const run = await serve(['--host', '0.0.0.0', '--data-dir', join(dir, 'a')]);
    expect(run.code).toBe(3);
    expect(run.output).toMatch(/refusing to listen on 0\.0\.0\.0 without API tokens/);
  });

  it('reports a broken --analyses file with file, line and field (exit 3)', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      'analyses:\n  - id: x\n    config: {name: c, metrics: [{name: m, kind: rate}]}\n    baseline: {release: "1"}\n    canary: {release: "2"}\n    every: sometimes\n',
    );
    const run = await serve(['--analyses', file, '--data-dir', join(dir, 'b')]);
    expect(run.code).toBe(3);
    expect(run.output).toContain(`${file}:6:`);
    expect(run.output).toContain('analyses[0].every');
  });

  it('rejects a --webhook that is not an http(s) URL (exit 3)', async () => {
    const run = await serve(['--webhook', 'ftp://example.com/x', '--data-dir', join(dir, 'c')]);
    expect(run.code).toBe(3);
    expect(run.output).toContain('is not an http(s) URL');
  });

  it('refuses --webhook without a signing secret (exit 3)', async () => {
    const run = await serve(['--webhook', 'http://127.0.0.1:9/hook', '--data-dir', join(dir, 'd')]);
    expect(run.code).toBe(3);
    expect(run.output).toContain('--webhook needs --webhook-secret-env NAME');
  });

  it('serves declared analyses with --analyses and --token-file', async () => {
    const analyses = join(dir, 'analyses.yaml');
    writeFileSync(
      analyses,
      'analyses:\n  - id: rel\n    config: {name: c, step: 10s, metrics: [{name: latency, kind: latency, query: http.server.request.duration}]}\n    baseline: {service: checkout, release: "1.0.0"}\n    canary: {service: checkout, release: "1.1.0"}\n    lookback: 5m\n',
    );
    const tokens = join(dir, 'tokens.yaml');
    writeFileSync(tokens, `tokens:\n  - {name: ci, scope: write, token: ${WRITE}}\n`);
    const run = await serve(['--analyses', analyses, '--token-file', tokens, '--data-dir', join(dir, 'd')]);
    expect(run.url, run.output).toBeDefined();
    expect((await fetch(`${run.url}/api/verdict?analysis=rel`)).status).toBe(401);
    const response = await fetch(`${run.url}/api/verdict?analysis=rel`, {
      headers: { authorization: `Bearer ${WRITE}` },
    });
    expect(response.status).toBe(200);
    // No traffic was ingested: the store has no data, so the verdict cannot be go.
    expect(await response.json()).toMatchObject({ verdict: 'inconclusive', analysis: 'rel' });
    run.child.kill('SIGTERM');
  });
});
