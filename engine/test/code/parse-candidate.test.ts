import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiMatcher } from '../../src/code/api-matcher';
import { analyzeSourceFile } from '../../src/code/find-references';
import { defaultConfig } from '../../src/code/load-config';
import { scanFlags } from '../../src/code/scan';
import type { ApiSpec } from '../../src/code/sdk-config';
import { coversHits, parseCandidate, parseSourceForScan, SourceCache } from '../../src/code/source-host';
import { StaticEvaluator } from '../../src/code/static-value';
import { generateCorpus } from './corpus-generator';
import { writeTree } from './write-tree';

/** Generic method names, so that ordinary code has many hits and many blocks around them. */
const SPECS: ApiSpec[] = ['get', 'push', 'map', 'has', 'set', 'getBooleanValue', 'getStringValue'].map((name) => ({
  sdk: 'test',
  kind: 'method',
  name,
  valueKind: 'infer',
  defaultArg: 1,
}));
const apis = createApiMatcher(SPECS);

function analyse(path: string, text: string, partial: boolean) {
  const hits = [...text.matchAll(apis.namePattern)].map((m) => m.index);
  const sourceFile = partial ? parseCandidate(path, text, hits) : parseSourceForScan(path, text);
  const context = { apis, evaluator: new StaticEvaluator(new SourceCache()), displayPath: path, isTest: false };
  return { analysis: analyzeSourceFile(sourceFile, context), isPartial: !coversHits(sourceFile, undefined) };
}

/**
 * `quiet` followed by a function that evaluates a flag, parsed with blanking: the parse must fall back to the whole
 * text (no blanked block) and find what a full parse finds.
 */
function expectWholeParse(path: string, quiet: string[]): void {
  const text = [
    ...quiet,
    'export async function flagged() {',
    "  return client.getBooleanValue('k', false);",
    '}',
  ].join('\n');
  const fast = analyse(path, text, true);
  expect(fast.isPartial).toBe(false);
  expect(fast.analysis).toEqual(analyse(path, text, false).analysis);
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

const corpusRoot = mkdtempSync(join(tmpdir(), 'aviary-partial-'));
afterAll(() => rmSync(corpusRoot, { recursive: true, force: true }));

describe('parseCandidate (blocks without an API name are parsed as empty)', () => {
  it("finds exactly what a full parse finds, over the engine's own sources", () => {
    const files = sourcesUnder(join(__dirname, '../../src'));
    let partial = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const full = analyse(file, text, false);
      const fast = analyse(file, text, true);
      expect(fast.analysis, file).toEqual(full.analysis);
      if (fast.isPartial) partial += 1;
    }
    // The mechanism is in use, not silently falling back.
    expect(partial).toBeGreaterThan(files.length / 2);
  });

  it('finds exactly what a full parse finds in the generated benchmark corpus', () => {
    generateCorpus(corpusRoot, 300, 0.3, 11);
    const files = sourcesUnder(corpusRoot);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(analyse(file, text, true).analysis, file).toEqual(analyse(file, text, false).analysis);
    }
  });

  it('keeps texts, positions and default values that contain blanked blocks', () => {
    const text = [
      'export async function handler(input: { id: string }): Promise<{ id: string; on: boolean }> {',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text under test
      '  const on = await client.getBooleanValue((() => { const prefix = "checkout"; return `${prefix}-new`; })(),',
      '    () => { const fallback = computeTheFallbackValue(input.id); return fallback > 10; });',
      '  if (input.id.length > 3) {',
      '    const total = input.id.split("").reduce((sum, ch) => sum + ch.charCodeAt(0), 0);',
      '    console.log(total);',
      '  }',
      '  return { id: input.id, on };',
      '}',
    ].join('\n');
    const fast = analyse('/x/handler.ts', text, true);
    expect(fast.isPartial).toBe(true);
    expect(fast.analysis).toEqual(analyse('/x/handler.ts', text, false).analysis);
    expect(fast.analysis.references[0]?.defaultValue).toContain('computeTheFallbackValue');
  });

  it('parses the whole text when brackets in a quiet block do not nest', () => {
    expectWholeParse('/x/broken.ts', [
      'export function broken(items: number[]) {',
      '  for (const item of items { console.log(item, item * 2, item * 3, item * 4); }',
      '}',
    ]);
  });

  it('parses the whole text when a regular expression is taken for a division', () => {
    // A regular expression after `)` is read as a division: the guessed block ends too early.
    expectWholeParse('/x/regex.ts', [
      'export function test(value: string) {',
      '  if (value.length > 3) /}/.test(value) && console.log(value, value.length, value.trim());',
      '  return value.toUpperCase();',
      '}',
    ]);
  });

  it('re-parses a file when a wrapper found later is called in a block skipped before', async () => {
    const tree = writeTree({
      'src/flags.ts': [
        "import { OpenFeature } from '@openfeature/server-sdk';",
        'const client = OpenFeature.getClient();',
        'export async function isOn(key: string): Promise<boolean> {',
        '  return client.getBooleanValue(key, false);',
        '}',
      ].join('\n'),
      'src/checkout.ts': [
        "import { OpenFeature } from '@openfeature/server-sdk';",
        "import { isOn } from './flags';",
        'const client = OpenFeature.getClient();',
        'export async function theme(): Promise<string> {',
        "  return client.getStringValue('checkout-theme', 'blue');",
        '}',
        'export async function pay(amount: number): Promise<number> {',
        '  const fee = Math.round(amount * 0.029 * 100) / 100 + 0.3;',
        "  if (await isOn('new-checkout')) return amount + fee;",
        '  return amount + fee * 2;',
        '}',
      ].join('\n'),
    });
    try {
      const result = await scanFlags({ root: tree.root, config: defaultConfig() });
      const checkout = result.references.filter((r) => r.file === 'src/checkout.ts');
      expect(checkout.map((r) => [r.key, r.viaWrapper ?? null])).toEqual([
        ['checkout-theme', null],
        ['new-checkout', 'isOn'],
      ]);
    } finally {
      tree.remove();
    }
  });
});
