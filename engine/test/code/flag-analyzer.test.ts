import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig, FlagAnalyzer, scanFlags } from '../../src/code/index';
import { writeTree } from './write-tree';

const tree = writeTree({
  'src/keys.ts': "export const CHECKOUT = 'new-checkout';\n",
  'src/flags.ts': [
    "import { OpenFeature } from '@openfeature/server-sdk';",
    'const client = OpenFeature.getClient();',
    'export function isOn(key: string, fallback = false) {',
    '  return client.getBooleanValue(key, fallback);',
    '}',
  ].join('\n'),
  'src/page.ts':
    "import { CHECKOUT } from './keys';\nimport { isOn } from './flags';\nexport const a = isOn(CHECKOUT);\n",
});
afterAll(() => tree.remove());

describe('FlagAnalyzer (per document, incremental)', async () => {
  const config = defaultConfig();
  const scan = await scanFlags({ root: tree.root, config });
  const analyzer = new FlagAnalyzer(tree.root, config);
  analyzer.setWrappers(scan.wrappers);

  it('finds wrapper calls with keys imported from another file', () => {
    const text =
      "import { CHECKOUT } from './keys';\nimport { isOn } from './flags';\nexport const a = isOn(CHECKOUT);\n";
    const result = analyzer.analyzeDocument('src/page.ts', text);
    expect(result.references).toEqual([
      expect.objectContaining({
        key: 'new-checkout',
        file: 'src/page.ts',
        line: 3,
        viaWrapper: 'isOn',
        defaultValue: 'false',
      }),
    ]);
  });

  it('re-analyses unsaved edits of the document', () => {
    const edited = [
      "import { CHECKOUT } from './keys';",
      "import { isOn } from './flags';",
      '// @flag-expires 2026-01-31',
      "export const b = isOn('other-flag', true);",
      'export const a = isOn(CHECKOUT);',
    ].join('\n');
    const result = analyzer.analyzeDocument(join(tree.root, 'src/page.ts'), edited);
    expect(result.references.map((r) => [r.key, r.line, r.defaultValue])).toEqual([
      ['other-flag', 4, 'true'],
      ['new-checkout', 5, 'false'],
    ]);
    expect(result.expiries).toEqual([{ key: 'other-flag', date: '2026-01-31', file: 'src/page.ts', line: 3 }]);
    expect(analyzer.analyzeDocument('src/page.ts', 'export const nothing = 1;\n').references).toEqual([]);
  });

  it('sees a changed constant in an imported file after fileChanged', () => {
    const text =
      "import { CHECKOUT } from './keys';\nimport { isOn } from './flags';\nexport const a = isOn(CHECKOUT);\n";
    writeFileSync(join(tree.root, 'src/keys.ts'), "export const CHECKOUT = 'checkout-v3';\n");
    expect(analyzer.analyzeDocument('src/page.ts', text).references[0]?.key).toBe('new-checkout');
    analyzer.fileChanged('src/keys.ts');
    expect(analyzer.analyzeDocument('src/page.ts', text).references[0]?.key).toBe('checkout-v3');
  });

  it('gives the same references after incremental edits as a fresh parse', () => {
    const fresh = () => {
      const other = new FlagAnalyzer(tree.root, config);
      other.setWrappers(scan.wrappers);
      return other;
    };
    const base = [
      "import { isOn } from './flags';",
      ...Array.from({ length: 30 }, (_, i) => `export const v${i} = isOn('k-${i}');`),
    ];
    let lines = [...base];
    const edits: Array<(l: string[]) => string[]> = [
      (l) => l.map((x, i) => (i === 5 ? x.replace("'k-4'", "'renamed'") : x)),
      (l) => [...l.slice(0, 10), 'function f() {', "  return isOn('inside', true);", '}', ...l.slice(10)],
      (l) => l.filter((_, i) => i !== 3),
      (l) => l.map((x, i) => (i === 12 ? x.replace('isOn(', 'isOn(`tpl-${') : x)),
      (l) => l.map((x, i) => (i === 12 ? x.replace('`tpl-${', '') : x)),
    ];
    for (const edit of edits) {
      lines = edit(lines);
      const text = lines.join('\n');
      const incremental = analyzer.analyzeDocument('src/edited.ts', text).references;
      expect(incremental).toEqual(fresh().analyzeDocument('src/edited.ts', text).references);
    }
    expect(analyzer.analyzeDocument('src/edited.ts', lines.join('\n')).references.map((r) => r.key)).toContain(
      'renamed',
    );
  });

  it('prefers an open document over the file on disk for imports', () => {
    analyzer.analyzeDocument('src/keys.ts', "export const CHECKOUT = 'typed-in-editor';\n");
    const text =
      "import { CHECKOUT } from './keys';\nimport { isOn } from './flags';\nexport const a = isOn(CHECKOUT);\n";
    expect(analyzer.analyzeDocument('src/page.ts', text).references[0]?.key).toBe('typed-in-editor');
    analyzer.closeDocument('src/keys.ts');
    expect(analyzer.analyzeDocument('src/page.ts', text).references[0]?.key).toBe('checkout-v3');
  });
});
