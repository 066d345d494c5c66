import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerFlagsCleanup } from '../../../src/cli/commands/flags-cleanup';

const SOURCE = `import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export async function pay(): Promise<string> {
  if (await client.getBooleanValue('new-checkout', false)) {
    return 'new';
  }
  return 'old';
}
`;
const THEME = `const client = { getStringValue: (_k: string, d: string): string => d };

export function theme(): string {
  const variant = client.getStringValue('checkout-theme', 'blue');
  return variant === 'green' ? 'g' : 'other';
}
`;
const DEFINITIONS = JSON.stringify({
  flags: { 'new-checkout': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' } },
});

let root: string;
let out: string;
let err: string;

async function run(...args: string[]): Promise<number> {
  out = '';
  err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  try {
    const program = new Command('aviary').exitOverride();
    registerFlagsCleanup(program.command('flags'));
    await program.parseAsync(['node', 'aviary', 'flags', 'cleanup', ...args, '--root', root, '--no-progress']);
    return Number(process.exitCode ?? 0);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = undefined;
  }
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'aviary-cleanup-cli-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'pay.ts'), SOURCE);
  writeFileSync(join(root, 'src', 'theme.ts'), THEME);
  writeFileSync(join(root, 'flags.flagd.json'), DEFINITIONS);
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler' },
    }),
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('aviary flags cleanup', () => {
  it('--dry-run prints a unified diff that git applies, and writes nothing', async () => {
    expect(await run('new-checkout', '--value', 'true', '--dry-run', '--no-typecheck')).toBe(0);
    expect(readFileSync(join(root, 'src', 'pay.ts'), 'utf8')).toBe(SOURCE);
    expect(out).toContain('--- a/src/pay.ts\n+++ b/src/pay.ts\n@@ ');
    expect(out).toContain("-  if (await client.getBooleanValue('new-checkout', false)) {\n");
    expect(out).toContain('next: archive flag new-checkout in your flag system after this change is deployed');
    const patch = out.slice(0, out.indexOf('next:'));
    writeFileSync(join(root, 'change.patch'), patch);
    execFileSync('git', ['apply', 'change.patch'], { cwd: root });
    expect(readFileSync(join(root, 'src', 'pay.ts'), 'utf8')).toContain("  return 'new';\n}\n");
    expect(readFileSync(join(root, 'src', 'pay.ts'), 'utf8')).not.toContain("'old'");
  });

  it('rewrites files, leaves the flag definition alone, and a second run changes nothing', async () => {
    expect(await run('new-checkout', '--value', 'false')).toBe(0);
    expect(readFileSync(join(root, 'src', 'pay.ts'), 'utf8')).toBe(
      `const client = OpenFeature.getClient();

export async function pay(): Promise<string> {
  return 'old';
}
`.replace(/^/, "import { OpenFeature } from '@openfeature/server-sdk';\n\n"),
    );
    expect(out).toContain('rewrote src/pay.ts (1 evaluation(s))');
    expect(readFileSync(join(root, 'flags.flagd.json'), 'utf8')).toBe(DEFINITIONS);
    expect(await run('new-checkout', '--value', 'false')).toBe(0);
    expect(out).toContain('no code to change for flag new-checkout');
  });

  it('reads --value as a string variant for string flags and reports json', async () => {
    expect(await run('checkout-theme', '--value', 'green', '--format', 'json')).toBe(0);
    const report = JSON.parse(out) as { files: Array<{ displayPath: string; diff: string }>; followUp: string };
    expect(report.files.map((f) => f.displayPath)).toEqual(['src/theme.ts']);
    expect(readFileSync(join(root, 'src', 'theme.ts'), 'utf8')).toContain("  return 'g';\n");
    expect(report.followUp).toBe('archive flag checkout-theme in your flag system after this change is deployed');
  });

  it('folds calls of an exported wrapper in other files and keeps the wrapper for its importers', async () => {
    writeFileSync(
      join(root, 'src', 'flag-wrappers.ts'),
      `declare const client: { getBooleanValue(key: string, fallback: boolean): boolean };

export function isNewCheckout(): boolean {
  return client.getBooleanValue('new-checkout', false);
}
`,
    );
    writeFileSync(
      join(root, 'src', 'page.ts'),
      `import { isNewCheckout } from './flag-wrappers';
import { render } from './render';

export function page(): string {
  if (isNewCheckout()) {
    return render('new');
  }
  return render('old');
}
`,
    );
    expect(await run('new-checkout', '--value', 'true', '--no-typecheck')).toBe(0);
    expect(readFileSync(join(root, 'src', 'page.ts'), 'utf8')).toBe(`import { render } from './render';

export function page(): string {
  return render('new');
}
`);
    expect(readFileSync(join(root, 'src', 'flag-wrappers.ts'), 'utf8')).toContain('  return true;\n');
    expect(out).toMatch(
      /src\/flag-wrappers\.ts:3:\d+: not cleaned: exported function isNewCheckout now always returns/,
    );
  });

  it('rejects a value that does not fit the flag with exit 3', async () => {
    expect(await run('new-checkout', '--value', 'maybe')).toBe(3);
    expect(err).toContain('--value: "maybe" is not a boolean value');
    expect(readFileSync(join(root, 'src', 'pay.ts'), 'utf8')).toBe(SOURCE);
  });

  it('exits 1 and names the error when the rewrite introduces a TypeScript error', async () => {
    writeFileSync(
      join(root, 'src', 'narrow.ts'),
      `declare const client: { getBooleanValue(key: string, fallback: boolean): boolean };
const settings = { on: client.getBooleanValue('new-checkout', false) } as const;
export const off = settings.on === false;
`,
    );
    expect(await run('new-checkout', '--value', 'true', '--dry-run', 'src/narrow.ts')).toBe(1);
    expect(out).toMatch(/src\/narrow\.ts:3:\d+: new TypeScript error TS2367/);
  });
});
