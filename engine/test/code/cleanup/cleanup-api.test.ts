import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanupFlag, parseError, textEdits } from '../../../src/code/cleanup/cleanup-flag';
import { parseFlagValue } from '../../../src/code/cleanup/flag-literal';
import { unifiedDiff } from '../../../src/code/cleanup/line-diff';

const SOURCE = `import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();
const inverted = (key: string) => !client.getBooleanValue(key, false);
const logged = (key: string) => {
  console.log(key);
  return client.getBooleanValue(key, false);
};

export async function details(): Promise<void> {
  const value = (await client.getBooleanDetails('new-checkout', false)).value;
  if (value) a();
  const full = await client.getBooleanDetails('new-checkout', false);
  log(full.reason);
  if (inverted('new-checkout')) b();
  if (logged('new-checkout')) a();
}

declare function a(): void;
declare function b(): void;
declare function log(x: unknown): void;
`;

function applyEdits(text: string, edits: ReturnType<typeof textEdits>): string {
  let out = text;
  for (const edit of [...edits].reverse()) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}

describe('cleanupFlag (library API)', () => {
  it('returns new text and edits without writing, and reports what it could not clean with lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aviary-cleanup-api-'));
    try {
      const path = join(dir, 'details.ts');
      writeFileSync(path, SOURCE);
      const result = cleanupFlag({
        key: 'new-checkout',
        value: true,
        files: [{ path, text: SOURCE }],
        root: dir,
        checkTypes: false,
      });
      expect(readFileSync(path, 'utf8')).toBe(SOURCE);
      const [file] = result.files;
      expect(file?.displayPath).toBe('details.ts');
      expect(file?.newText).toContain('  a();\n  const full = await client.getBooleanDetails');
      // The negating wrapper folds to the opposite value; the logging wrapper is left alone.
      expect(file?.newText).not.toContain('b();\n  if');
      expect(file?.newText).toContain("if (logged('new-checkout')) a();");
      expect(applyEdits(SOURCE, file?.edits ?? [])).toBe(file?.newText);
      for (const edit of file?.edits ?? []) {
        const lines = SOURCE.split('\n');
        const offset = lines.slice(0, edit.range.start.line).reduce((n, l) => n + l.length + 1, 0);
        expect(offset + edit.range.start.character).toBe(edit.start);
      }
      expect(result.skipped).toEqual([
        expect.objectContaining({ file: 'details.ts', line: 13, message: expect.stringContaining('.value') }),
        expect.objectContaining({ file: 'details.ts', line: 16, message: expect.stringContaining('logged') }),
      ]);
      expect(result.followUp).toBe('archive flag new-checkout in your flag system after this change is deployed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('folds calls of an exported wrapper imported by another of the given files (editor path, no scan)', () => {
    const wrapper = `declare const client: { getBooleanValue(key: string, fallback: boolean): boolean };

export function isNewCheckout(): boolean {
  return client.getBooleanValue('new-checkout', false);
}
`;
    const page = `import { isNewCheckout as isNew } from './wrapper';

export const label = isNew() ? 'new' : 'old';
`;
    const result = cleanupFlag({
      key: 'new-checkout',
      value: false,
      files: [
        { path: '/repo/src/wrapper.ts', text: wrapper },
        { path: '/repo/src/page.ts', text: page },
      ],
      root: '/repo',
      checkTypes: false,
    });
    const byPath = new Map(result.files.map((f) => [f.displayPath, f.newText]));
    expect(byPath.get('src/page.ts')).toBe("export const label = 'old';\n");
    expect(byPath.get('src/wrapper.ts')).toContain('  return false;\n');
  });

  it('leaves files without the flag out of the result', () => {
    const text =
      "const client = { getBooleanValue: (_k: string, d: boolean) => d };\nif (client.getBooleanValue('other', false)) f();\n";
    const result = cleanupFlag({
      key: 'new-checkout',
      value: false,
      files: [{ path: '/x/a.ts', text }],
      root: '/x',
      checkTypes: false,
    });
    expect(result.files).toEqual([]);
  });
});

describe('parseError (the guard before any write)', () => {
  it('names the line of the first syntax error and accepts valid TS and TSX', () => {
    expect(parseError('/x/a.ts', 'const a = 1;\nif (a) {\n')).toMatch(/^line 3: '}' expected/);
    expect(parseError('/x/a.tsx', 'export const A = () => <div>{1}</div>;\n')).toBeUndefined();
    expect(parseError('/x/a.ts', 'const b = <T,>(x: T) => x;\n')).toBeUndefined();
  });
});

describe('textEdits and unifiedDiff', () => {
  it('edits reproduce the new text for insertions, deletions and replacements', () => {
    const before = 'a\nb\nc\nd\ne\n';
    for (const after of ['a\nc\nd\ne\n', 'a\nb\nx\ny\nd\ne\n', 'z\na\nb\nc\nd\ne\n', 'a\nb\nc\nd\ne', '']) {
      expect(applyEdits(before, textEdits(before, after))).toBe(after);
    }
  });

  it('prints hunks with context and counts', () => {
    const before = `${Array.from({ length: 10 }, (_, i) => `line${i}`).join('\n')}\n`;
    const after = before.replace('line2\n', '').replace('line8', 'LINE8');
    expect(unifiedDiff('f.ts', before, after)).toBe(
      [
        '--- a/f.ts',
        '+++ b/f.ts',
        '@@ -1,10 +1,9 @@',
        ' line0',
        ' line1',
        '-line2',
        ' line3',
        ' line4',
        ' line5',
        ' line6',
        ' line7',
        '-line8',
        '+LINE8',
        ' line9',
        '',
      ].join('\n'),
    );
    expect(unifiedDiff('f.ts', before, before)).toBe('');
  });
});

describe('parseFlagValue', () => {
  it('reads values by flag kind and names what is wrong', () => {
    expect(parseFlagValue('true', 'boolean')).toEqual({ ok: true, value: true });
    expect(parseFlagValue('true', 'string')).toEqual({ ok: true, value: 'true' });
    expect(parseFlagValue('2.5', 'number')).toEqual({ ok: true, value: 2.5 });
    expect(parseFlagValue('blue', 'unknown')).toEqual({ ok: true, value: 'blue' });
    expect(parseFlagValue('yes', 'boolean')).toEqual({
      ok: false,
      message: '"yes" is not a boolean value (use true or false)',
    });
    expect(parseFlagValue('x', 'number')).toEqual({ ok: false, message: '"x" is not a number' });
    expect(parseFlagValue('{}', 'object').ok).toBe(false);
  });
});
