import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanupFlag } from '../../../src/code/cleanup/cleanup-flag';
import type { FlagValue } from '../../../src/code/cleanup/flag-literal';

/**
 * Golden corpus: `golden/<case>.input.ts(x)` is cleaned for each `golden/<case>.<value>.expected.ts(x)`; the
 * value is `true`, `false`, or a string variant. The flag key is `new-checkout` unless the input's first line
 * says `// key: <key>`. Set UPDATE_GOLDEN=1 to (re)write expected files from the current output, then review them.
 */
const dir = join(import.meta.dirname, 'golden');
const files = readdirSync(dir);
const inputs = files.filter((f) => /\.input\.tsx?$/.test(f)).sort();

function flagValueOf(text: string): FlagValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

describe('cleanup golden corpus', () => {
  it('has cases', () => {
    expect(inputs.length).toBeGreaterThan(20);
  });
  for (const input of inputs) {
    const [name, , ext] = input.split('.') as [string, string, string];
    const expected = files.filter((f) => f.startsWith(`${name}.`) && f.endsWith(`.expected.${ext}`));
    it(`${name} has expected outputs`, () => {
      expect(expected.length).toBeGreaterThan(0);
    });
    for (const exp of expected) {
      const value = exp.slice(name.length + 1, -`.expected.${ext}`.length);
      it(`${name} with ${value}`, () => {
        const path = join(dir, input);
        const text = readFileSync(path, 'utf8');
        const key = /^\/\/ key: (\S+)/.exec(text)?.[1] ?? 'new-checkout';
        const result = cleanupFlag({
          key,
          value: flagValueOf(value),
          files: [{ path, text }],
          root: dir,
          checkTypes: false,
        });
        expect(result.failed).toEqual([]);
        const output = result.files[0]?.newText ?? text;
        if (process.env.UPDATE_GOLDEN) writeFileSync(join(dir, exp), output);
        expect(output).toBe(readFileSync(join(dir, exp), 'utf8'));
        // A second run changes nothing.
        const again = cleanupFlag({
          key,
          value: flagValueOf(value),
          files: [{ path, text: output }],
          root: dir,
          checkTypes: false,
        });
        expect(again.files.map((f) => f.newText)).toEqual([]);
      });
    }
  }
});
