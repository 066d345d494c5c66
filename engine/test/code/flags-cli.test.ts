import { execFile, execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTree } from './write-tree';

const BIN = fileURLToPath(new URL('../../bin/aviary.js', import.meta.url));
const NOW = '2026-11-23T00:00:00Z';

function aviary(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const FLAGS = JSON.stringify(
  {
    $schema: 'https://flagd.dev/schema/v0/flags.json',
    flags: {
      'new-checkout': {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: {
          fractional: [
            ['on', 50],
            ['off', 50],
          ],
        },
      },
      'old-banner': { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'off' },
      'search-v2': {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: {
          fractional: [
            ['on', 10],
            ['off', 90],
          ],
        },
      },
      archived: {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: { if: [true, 'on', 'off'] },
      },
    },
  },
  null,
  2,
);

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, stdio: 'pipe' });

describe('aviary flags (CLI)', () => {
  const tree = writeTree({
    'flags/flags.json': FLAGS,
    'aviary.config.json': JSON.stringify({ presets: ['openfeature'], definitions: ['flags/flags.json'] }),
    'src/checkout.ts': [
      "import { OpenFeature } from '@openfeature/server-sdk';",
      'const client = OpenFeature.getClient();',
      'export async function checkout(id: string) {',
      "  if (await client.getBooleanValue('new-checkout', false)) return 'new';",
      "  if (await client.getBooleanValue('old-banner', false)) return 'banner';",
      '  return client.getBooleanValue(`dyn-$' + '{id}`, false);',
      '}',
    ].join('\n'),
  });
  let server: Server;
  let engineUrl = '';

  beforeAll(async () => {
    git(tree.root, 'init', '-q', '-b', 'main');
    git(tree.root, 'add', '.');
    git(tree.root, 'commit', '-q', '-m', 'base');
    const day = 86_400_000;
    const now = Date.parse(NOW);
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/api/flags') {
        res.writeHead(404).end();
        return;
      }
      const windowed = url.searchParams.has('from');
      const flags = [
        {
          flag: 'new-checkout',
          services: ['checkout'],
          variants: [
            { variant: 'on', evaluations: windowed ? 900 : 5000, firstSeen: now - 40 * day, lastSeen: now - 1000 },
            { variant: 'off', evaluations: windowed ? 0 : 3000, firstSeen: now - 40 * day, lastSeen: now - 20 * day },
          ],
          requests: 8000,
          errors: 0,
          firstSeen: now - 40 * day,
          lastSeen: now - 1000,
        },
      ];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ flags }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    engineUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    tree.remove();
  });

  it('scan lists references as JSON and exits 0; --gate exits 1 on an unresolved key', async () => {
    const run = await aviary(tree.root, ['flags', 'scan', '--format', 'json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.summary).toMatchObject({ references: 3, flags: 2, unresolved: 1 });
    expect(out.references[0]).toMatchObject({
      key: 'new-checkout',
      file: 'src/checkout.ts',
      line: 4,
      enclosingFunction: 'checkout',
    });
    expect((await aviary(tree.root, ['flags', 'scan', '--gate'])).code).toBe(1);
    const text = await aviary(tree.root, ['flags', 'scan', 'src']);
    expect(text.stdout).toContain('src/checkout.ts:5:13  old-banner  client.getBooleanValue');
    expect(text.stderr).toBe('');
  });

  it('stale explains each flag, and --gate exits 1', async () => {
    const run = await aviary(tree.root, ['flags', 'stale', '--now', NOW]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('old-banner  (release, 1 reference)');
    expect(run.stdout).toContain('disabled: DISABLED in flags/flags.json:');
    expect(run.stdout).toContain('unreferenced: defined in flags/flags.json');
    expect((await aviary(tree.root, ['flags', 'stale', '--now', NOW, '--gate'])).code).toBe(1);
    const md = await aviary(tree.root, ['flags', 'stale', '--now', NOW, '--format', 'markdown']);
    expect(md.stdout).toContain('| Flag | Why | Keep | References |');
  });

  it('stale writes SARIF 2.1.0 with rules and located results', async () => {
    const run = await aviary(tree.root, ['flags', 'stale', '--now', NOW, '--format', 'sarif']);
    const sarif = JSON.parse(run.stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    const [sarifRun] = sarif.runs;
    const ruleIds = sarifRun.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ruleIds).toEqual(
      expect.arrayContaining(['aviary/disabled', 'aviary/unreferenced', 'aviary/unresolved-key']),
    );
    for (const result of sarifRun.results) {
      expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
      const location = result.locations[0].physicalLocation;
      expect(location.artifactLocation.uri).not.toMatch(/^\//);
      expect(location.region.startLine).toBeGreaterThan(0);
      expect(result.message.text.length).toBeGreaterThan(0);
      expect(result.partialFingerprints['aviaryFinding/v1']).toMatch(/^[0-9a-f]{8}$/);
    }
    const disabled = sarifRun.results.find((r: { ruleId: string }) => r.ruleId === 'aviary/disabled');
    expect(disabled.locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: 'src/checkout.ts' },
      region: { startLine: 5 },
    });
  });

  it('stale reads live evaluation counts from an engine', async () => {
    const run = await aviary(tree.root, ['flags', 'stale', '--now', NOW, '--engine', engineUrl, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    const checkout = report.flags.find((f: { key: string }) => f.key === 'new-checkout');
    expect(checkout.reasons).toEqual([
      expect.objectContaining({ code: 'fully-rolled-out', keep: { value: true, variant: 'on', source: 'telemetry' } }),
    ]);
    expect(checkout.live.total).toEqual({ on: 5000, off: 3000 });
  });

  it('an unreachable engine is a warning, not a failure', async () => {
    const run = await aviary(tree.root, [
      'flags',
      'stale',
      '--now',
      NOW,
      '--engine',
      'http://127.0.0.1:9',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).warnings[0]).toMatch(/live status unavailable/);
  });

  it('shows progress on a terminal only', async () => {
    // `script` runs the command under a pseudo-terminal (util-linux).
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} flags scan --format json -o /dev/null`;
    const tty = await new Promise<string>((resolve) => {
      execFile('script', ['-qec', command, '/dev/null'], { cwd: tree.root, timeout: 60_000 }, (_error, stdout) =>
        resolve(stdout),
      );
    });
    expect(tty).toMatch(/reading \[#+\] \d+\/\d+ files/);
    const piped = await aviary(tree.root, ['flags', 'scan', '--format', 'json', '-o', '/dev/null']);
    expect(piped.stderr).toBe('');
  });

  it('exits 3 with file, line and field on bad input', async () => {
    const bad = writeTree({ 'aviary.config.json': '{\n  "presets": ["nope"]\n}', 'a.ts': '' });
    try {
      const run = await aviary(bad.root, ['flags', 'scan']);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/aviary\.config\.json:2: presets\.0: /);
      expect((await aviary(bad.root, ['flags', 'scan', '--format', 'yaml'])).code).toBe(3);
    } finally {
      bad.remove();
    }
    const missing = await aviary(tree.root, ['flags', 'stale', '-d', 'nope.json']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/nope\.json: cannot read/);
    expect((await aviary(tree.root, ['flags', 'scan', 'no/such/dir'])).code).toBe(3);
    expect((await aviary(tree.root, ['flags', 'stale', '--now', 'yesterday'])).code).toBe(3);
  });

  it('check --diff fails only on references the change adds to stale or undefined flags', async () => {
    const clean = await aviary(tree.root, ['flags', 'check', '--diff', 'main', '--now', NOW]);
    expect(clean.code).toBe(0);
    git(tree.root, 'checkout', '-q', '-b', 'feature');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      `${tree.root}/src/feature.ts`,
      [
        "import { OpenFeature } from '@openfeature/server-sdk';",
        'const c = OpenFeature.getClient();',
        "export const a = c.getBooleanValue('search-v2', false);",
        "export const b = c.getBooleanValue('old-banner', false);",
        "export const d = c.getBooleanValue('serch-v2', false);",
      ].join('\n'),
    );
    git(tree.root, 'add', '.');
    git(tree.root, 'commit', '-q', '-m', 'feature');
    const run = await aviary(tree.root, ['flags', 'check', '--diff', 'main', '--now', NOW, '--format', 'json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.passed).toBe(false);
    expect(result.addedReferences).toBe(3);
    expect(result.findings.map((f: { key: string; code: string; line: number }) => [f.key, f.code, f.line])).toEqual([
      ['old-banner', 'disabled', 4],
      ['serch-v2', 'undefined-flag', 5],
    ]);
    expect(result.findings[1].message).toContain('did you mean "search-v2"?');
    const md = await aviary(tree.root, ['flags', 'check', '--diff', 'main', '--now', NOW, '--format', 'markdown']);
    expect(md.stdout).toMatch(/^### ❌ The change adds 2 references to stale or undefined flags/);
    const badRef = await aviary(tree.root, ['flags', 'check', '--diff', 'no-such-branch']);
    expect(badRef.code).toBe(3);
    expect(badRef.stderr).toMatch(/no-such-branch: not a commit/);
  });
});
