import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig, type FlagReference, parseConfig, scanFlags } from '../../src/code/index';
import { writeTree } from './write-tree';

/** `${name}` as source text (not a template placeholder here). */
const interp = (name: string) => `\${${name}}`;

const tree = writeTree({
  'src/keys.ts': [
    "export const CHECKOUT = 'new-checkout';",
    "export enum Flags { Search = 'search-v2', Dark = 'dark-mode' }",
    "export const FLAGS = { banner: 'promo-banner', nested: { deep: 'deep-flag' } } as const;",
    "const PREFIX = 'exp';",
    `export const COMPOSED = \`${interp('PREFIX')}-composed\`;`,
  ].join('\n'),
  'src/index.ts': "export * from './keys';\nexport { CHECKOUT as CHECKOUT_ALIAS } from './keys';\n",
  'src/app.tsx': [
    "import { OpenFeature } from '@openfeature/server-sdk';",
    "import { useFlag, FeatureFlag } from '@openfeature/react-sdk';",
    "import { CHECKOUT_ALIAS, Flags, FLAGS, COMPOSED } from './index';",
    "import * as K from './keys.js';",
    'const client = OpenFeature.getClient();',
    'export async function handler(id: string) {',
    '  const a = await client.getBooleanValue(CHECKOUT_ALIAS, false);',
    "  const b = client.getStringValue(Flags.Search, 'off');",
    '  const c = await OpenFeature.getClient().getNumberDetails(FLAGS.nested.deep, 3);',
    `  const d = client.getBooleanValue(\`exp-${interp('id')}\`, false);`,
    '  const e = client.getObjectValue(K.FLAGS.banner, {});',
    '  const f = client.getBooleanValue(COMPOSED, true);',
    '  return a && b && c && d && e && f;',
    '}',
    'export function isOn(key: string, fallback = false) { return client.getBooleanValue(key, fallback); }',
    "export function useCheckout() { return useFlag('checkout-hook', true).value; }",
    'export const View = () => <FeatureFlag flagKey={Flags.Dark} defaultValue={false}><div/></FeatureFlag>;',
  ].join('\n'),
  'src/use.ts': "import { isOn } from './app';\nif (isOn('wrapped-flag')) console.log(1);\n",
  'src/shadow.ts': [
    "const KEY = 'outer-key';",
    'export function run(c: { getBooleanValue(k: string, d: boolean): boolean }) {',
    "  const KEY = 'inner-key';",
    '  return c.getBooleanValue(KEY, false);',
    '}',
    'export function other(c: { getBooleanValue(k: string, d: boolean): boolean }) {',
    '  return c.getBooleanValue(KEY, false);',
    '}',
    'let mutable = "m";',
    'export const m = (c: { getStringValue(k: string, d: string): string }) => c.getStringValue(mutable, "x");',
  ].join('\n'),
  'src/vendors.tsx': [
    "import { useFlags, useLDClient } from 'launchdarkly-react-client-sdk';",
    "import { useFlag as useUnleashFlag } from '@unleash/proxy-client-react';",
    "import { initialize } from 'unleash-client';",
    'export function Page() {',
    '  const { newCheckout, darkMode: dm } = useFlags();',
    '  const all = useFlags();',
    '  const ld = useLDClient();',
    "  const v = ld?.variation('ld-flag', false);",
    "  const u = useUnleashFlag('unleash-react');",
    '  return [newCheckout, dm, all.promoBanner, v, u];',
    '}',
    "const unleash = initialize({ url: 'x', appName: 'y' });",
    "export const on = unleash.isEnabled('unleash-node');",
  ].join('\n'),
  'src/no-sdk.ts':
    "export const x = { isEnabled(k: string) { return k; } };\nx.isEnabled('not-a-flag');\nfunction useFlag(k: string) { return k; }\nuseFlag('local-hook');\n",
  'src/app.test.ts': "import { isOn } from './app';\nisOn('test-flag');\n",
});
afterAll(() => tree.remove());

const byKey = (refs: FlagReference[], key: string | null) => refs.filter((r) => r.key === key);

describe('scanFlags', async () => {
  const result = await scanFlags({
    root: tree.root,
    config: defaultConfig(),
    knownKeys: new Set(['new-checkout', 'dark-mode', 'promo-banner']),
  });
  const refs = result.references;

  it('resolves keys through literals, consts, enums, as-const objects, namespace imports and re-exports', () => {
    expect(byKey(refs, 'new-checkout').find((r) => r.file === 'src/app.tsx')).toMatchObject({
      keyText: 'CHECKOUT_ALIAS',
      line: 7,
      column: 19,
      call: 'client.getBooleanValue',
      sdk: 'openfeature',
      valueKind: 'boolean',
      defaultValue: 'false',
      enclosingFunction: 'handler',
      isTest: false,
    });
    expect(byKey(refs, 'search-v2')[0]).toMatchObject({ valueKind: 'string', defaultValue: "'off'" });
    expect(byKey(refs, 'deep-flag')[0]).toMatchObject({
      call: 'OpenFeature.getClient().getNumberDetails',
      valueKind: 'number',
    });
    expect(byKey(refs, 'promo-banner').map((r) => r.keyText)).toContain('K.FLAGS.banner');
    expect(byKey(refs, 'exp-composed')).toHaveLength(1);
  });

  it('reports keys it cannot resolve with the reason', () => {
    const unresolved = byKey(refs, null);
    expect(unresolved.map((r) => [r.keyText, r.unresolvedReason])).toEqual([
      [`\`exp-${interp('id')}\``, 'parameter "id" of handler'],
      ['mutable', '"mutable" is a let/var, not a const'],
    ]);
  });

  it('respects shadowing', () => {
    expect(byKey(refs, 'inner-key')[0]?.enclosingFunction).toBe('run');
    expect(byKey(refs, 'outer-key')[0]?.enclosingFunction).toBe('other');
  });

  it('finds hooks and <FeatureFlag> only when imported from the SDK', () => {
    expect(byKey(refs, 'checkout-hook')[0]).toMatchObject({
      call: 'useFlag',
      valueKind: 'boolean',
      defaultValue: 'true',
    });
    expect(byKey(refs, 'dark-mode').find((r) => r.call === '<FeatureFlag>')).toMatchObject({
      enclosingFunction: 'View',
    });
    expect(byKey(refs, 'local-hook')).toEqual([]);
    expect(byKey(refs, 'not-a-flag')).toEqual([]);
  });

  it('follows wrapper functions to their call sites, in tests too', () => {
    expect(byKey(refs, 'wrapped-flag')[0]).toMatchObject({
      viaWrapper: 'isOn',
      file: 'src/use.ts',
      valueKind: 'boolean',
    });
    expect(byKey(refs, 'test-flag')[0]).toMatchObject({ isTest: true, viaWrapper: 'isOn' });
    expect(result.wrappers).toContainEqual(
      expect.objectContaining({ name: 'isOn', keyArg: 0, defaultArg: 1, key: null }),
    );
    expect(result.wrappers).toContainEqual(expect.objectContaining({ name: 'useCheckout', key: 'checkout-hook' }));
  });

  it('maps LaunchDarkly camelCased destructuring back to keys and finds Unleash calls', () => {
    expect(byKey(refs, 'new-checkout').find((r) => r.file === 'src/vendors.tsx')).toMatchObject({
      sdk: 'launchdarkly',
      keyText: 'newCheckout',
    });
    expect(byKey(refs, 'dark-mode').find((r) => r.sdk === 'launchdarkly')?.keyText).toBe('darkMode');
    expect(byKey(refs, 'promo-banner').find((r) => r.sdk === 'launchdarkly')?.call).toBe('all');
    expect(byKey(refs, 'ld-flag')[0]).toMatchObject({
      sdk: 'launchdarkly',
      valueKind: 'boolean',
      defaultValue: 'false',
    });
    expect(byKey(refs, 'unleash-react')[0]).toMatchObject({ sdk: 'unleash', call: 'useUnleashFlag' });
    expect(byKey(refs, 'unleash-node')[0]).toMatchObject({ sdk: 'unleash', call: 'unleash.isEnabled' });
  });

  it('parses only files that pass the text prefilter', () => {
    expect(result.filesScanned).toBe(8);
    expect(result.filesParsed).toBeLessThan(result.filesScanned);
  });

  it('uses custom API shapes from the config', async () => {
    const config = parseConfig(
      JSON.stringify({ presets: [], apis: [{ sdk: 'acme', kind: 'function', name: 'useFlag', valueKind: 'string' }] }),
      'aviary.config.json',
    );
    const custom = await scanFlags({ root: tree.root, config, paths: ['src/no-sdk.ts'] });
    expect(custom.references.map((r) => [r.key, r.sdk, r.valueKind])).toEqual([['local-hook', 'acme', 'string']]);
  });
});
