import { afterAll, describe, expect, it } from 'vitest';
import { FlagWorkspace } from '../../src/code/index';
import { writeTree } from './write-tree';

const NOW = Date.parse('2026-11-23T00:00:00Z');
const tree = writeTree({
  'aviary.config.json': JSON.stringify({ presets: ['openfeature'], definitions: ['flags.json'] }),
  'flags.json': JSON.stringify({
    flags: {
      'new-checkout': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
      'dark-mode': { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'off' },
    },
  }),
  'src/a.ts': "import { client } from './client';\nexport const a = client.getBooleanValue('new-checkout', false);\n",
});
afterAll(() => tree.remove());

describe('FlagWorkspace (editor facade)', async () => {
  const workspace = await FlagWorkspace.open({ root: tree.root });

  it('scans once and reports staleness per flag with the value to keep', () => {
    expect(workspace.definitions.map((d) => d.key)).toEqual(['new-checkout', 'dark-mode']);
    expect(workspace.statusOf('new-checkout', NOW)?.reasons[0]).toMatchObject({
      code: 'fully-rolled-out',
      keep: { value: true, variant: 'on' },
    });
    expect(workspace.statusOf('dark-mode', NOW)?.reasons.map((r) => r.code)).toEqual(['disabled', 'unreferenced']);
  });

  it('folds unsaved edits of a document into references and staleness', () => {
    const analysis = workspace.updateDocument(
      'src/a.ts',
      "import { client } from './client';\nexport const a = client.getBooleanValue('dark-mode', false);\nexport const b = client.getBooleanValue('dark-mod', false);\n",
    );
    expect(analysis.references.map((r) => r.key)).toEqual(['dark-mode', 'dark-mod']);
    expect(workspace.references().map((r) => r.key)).toEqual(['dark-mode', 'dark-mod']);
    expect(workspace.statusOf('new-checkout', NOW)?.reasons.map((r) => r.code)).toEqual([
      'fully-rolled-out',
      'unreferenced',
    ]);
    expect(workspace.statusOf('dark-mod', NOW)).toMatchObject({ didYouMean: 'dark-mode' });
  });

  it('keeps live-status failures as data', async () => {
    await workspace.refreshLive('http://127.0.0.1:9', undefined, NOW);
    expect(workspace.liveError).toMatch(/127\.0\.0\.1:9/);
  });
});
