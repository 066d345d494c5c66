import { describe, expect, it } from 'vitest';
import { blankQuietBlocks } from '../../src/code/blank-quiet-blocks';

/** Offsets of `word` in `text`. */
function hitsOf(text: string, word: string): number[] {
  return [...text.matchAll(new RegExp(`\\b${word}\\b`, 'g'))].map((m) => m.index);
}

const FILLER = 'const total = items.reduce((sum, item) => sum + item.amount, 0);';

describe('blankQuietBlocks', () => {
  it('blanks the bodies without a hit, keeps the ones with one, and keeps every offset and line break', () => {
    const text = [
      'export function quiet(items: Item[]): Promise<number> {',
      `  ${FILLER}`,
      '  return Promise.resolve(total);',
      '}',
      'export async function loud(): Promise<boolean> {',
      `  ${FILLER}`,
      "  return client.getBooleanValue('k', false);",
      '}',
      '',
    ].join('\n');
    const blanked = blankQuietBlocks(text, hitsOf(text, 'getBooleanValue'));
    expect(blanked).toBeDefined();
    const out = blanked?.text ?? '';
    expect(out.length).toBe(text.length);
    expect(out.split('\n').length).toBe(text.split('\n').length);
    expect(out).not.toContain('Promise.resolve(total)');
    expect(out).toContain("client.getBooleanValue('k', false)");
    expect(out).toContain('export function quiet(items: Item[]): Promise<number> {');
    expect(blanked?.ranges).toHaveLength(1);
    const [open, close] = blanked?.ranges[0] ?? [0, 0];
    expect(text[open]).toBe('{');
    expect(text[close]).toBe('}');
  });

  it('blanks hit-free blocks nested in a block that has a hit', () => {
    const text = [
      'async function handler(input: Input) {',
      '  for (const item of input.items) {',
      `    ${FILLER}`,
      '    log(item, total);',
      '  }',
      "  return client.getBooleanValue('k', false);",
      '}',
    ].join('\n');
    const out = blankQuietBlocks(text, hitsOf(text, 'getBooleanValue'))?.text ?? '';
    expect(out).not.toContain('log(item, total)');
    expect(out).toContain('for (const item of input.items) {');
  });

  it('leaves object literals, object types, class and enum bodies alone', () => {
    const text = [
      'export const FLAGS = { checkout: "new-checkout", theme: "checkout-theme", extra: "some-other-key" } as const;',
      'export enum Keys { A = "a-long-flag-key-name", B = "b-long-flag-key-name", C = "c-long-flag-key-name" }',
      'export function f(): { value: string; other: number; third: boolean; fourth: string } {',
      `  ${FILLER}`,
      '  return { value: "x", other: 1, third: true, fourth: "y" };',
      '}',
      'class Service { private readonly cache = new Map<string, number>(); private readonly other = 1; }',
    ].join('\n');
    const out = blankQuietBlocks(text, [])?.text ?? '';
    expect(out).toContain('checkout: "new-checkout"');
    expect(out).toContain('A = "a-long-flag-key-name"');
    expect(out).toContain('value: string; other: number');
    expect(out).toContain('private readonly cache');
    expect(out).not.toContain('return { value');
  });

  it('does not take braces in strings, templates, comments or regular expressions for blocks', () => {
    const text = [
      'function a(x: string) {',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text under test
      "  const s = '}' + \"{\" + `${x} } ${'{'}`; // }",
      '  /* { */ const r = /[}{]\\}/g;',
      `  ${FILLER}`,
      '  return s.replace(r, "");',
      '}',
      'function b() {',
      "  return client.getBooleanValue('k', false);",
      '}',
    ].join('\n');
    const blanked = blankQuietBlocks(text, hitsOf(text, 'getBooleanValue'));
    expect(blanked?.ranges).toHaveLength(1);
    const [open, close] = blanked?.ranges[0] ?? [0, 0];
    expect(text.slice(open, close + 1)).toBe(text.slice(text.indexOf('{'), text.indexOf('function b') - 1));
  });

  it('gives up on text it cannot tokenize', () => {
    expect(blankQuietBlocks(`function a() {\n  const s = 'open\n  ${FILLER}\n}\n`, [])).toBeUndefined();
    expect(blankQuietBlocks(`function a() {\n  ${FILLER}\n  /* never closed\n}\n`, [])).toBeUndefined();
    expect(blankQuietBlocks(`function a() {\n  ${FILLER}\n`, [])).toBeUndefined();
    expect(blankQuietBlocks(`function a() {\n  ${FILLER}\n}\n}\n`, [])).toBeUndefined();
  });
});
