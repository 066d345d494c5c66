import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daysAgo, startFakeEngine } from '../e2e/fake-engine';
import { COMMAND } from '../src/constants';
import { useFixtureWithEngine } from './extension-harness';
import {
  appliedEdits,
  diagnosticsSet,
  executedCommands,
  live,
  messages,
  quickPickAnswers,
  quickPicks,
  registeredCommands,
  ThemeColor,
} from './vscode-mock';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  contributes: { commands: Array<{ command: string; title: string; category: string }> };
};

const fixture = useFixtureWithEngine({
  flags: [
    { key: 'new-pricing', variants: { on: 9120, off: 1004 }, firstSeen: daysAgo(3), lastSeen: daysAgo(0) },
    { key: 'legacy-banner', variants: { off: 20480 }, firstSeen: daysAgo(60), lastSeen: daysAgo(0) },
  ],
  verdicts: {},
});

const warnings = () => messages.filter((m) => m.level === 'warning');

describe('activation', () => {
  it('registers exactly the commands package.json contributes, and every disposable in context.subscriptions', async () => {
    const activated = await fixture.activate();
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    expect([...registeredCommands.keys()].sort()).toEqual(contributed);
    const titles = manifest.contributes.commands.map((c) => `${c.category}: ${c.title}`);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Aviary: Find Stale Flags',
        'Aviary: Clean Up Flag...',
        'Aviary: Refresh',
        'Aviary: Set Engine Token',
      ]),
    );
    expect(live.size).toBeGreaterThan(0);
    activated.dispose();
    expect([...live.values()]).toEqual([]);
  });
});

describe('engine status bar item', () => {
  it('says "not configured" without an engine URL, and never warns', async () => {
    const activated = await fixture.activate();
    const item = activated.status();
    expect(item.visible).toBe(true);
    expect(item.text).toBe('$(circle-outline) Aviary');
    expect(item.tooltip).toContain('No Aviary engine configured');
    expect(item.command).toBe(COMMAND.refresh);
    expect(warnings()).toEqual([]);
  });

  it('says "connected" with a reachable engine', async () => {
    const activated = await fixture.activate({ engineUrl: fixture.engine.url });
    const item = activated.status();
    expect(item.text).toBe('$(pulse) Aviary');
    expect(item.tooltip).toBe(`Aviary engine connected: ${fixture.engine.url}. Click to refresh.`);
    expect(item.backgroundColor).toBeUndefined();
    expect(warnings()).toEqual([]);
  });

  it('says "unreachable" and tells the user once, not on every refresh', async () => {
    const closed = await startFakeEngine({ flags: [], verdicts: {} });
    await closed.close();
    const activated = await fixture.activate({ engineUrl: closed.url });
    const item = activated.status();
    expect(item.text).toBe('$(debug-disconnect) Aviary');
    expect(item.tooltip).toContain(`unreachable at ${closed.url}`);
    expect(item.backgroundColor).toEqual(new ThemeColor('statusBarItem.warningBackground'));
    await activated.run(COMMAND.refresh);
    await activated.run(COMMAND.refresh);
    expect(warnings().map((w) => w.text)).toEqual([
      `Aviary: the engine at ${closed.url} is unreachable. Flag status comes from definition files only.`,
    ]);
    // Still working from the definition files: the stale flag is in the Problems panel.
    const problems = diagnosticsSet.get(`file://${join(fixture.root, 'src', 'checkout.ts')}`) ?? [];
    expect(problems.map((d) => d.code)).toContain('stale-flag');
  });
});

describe('commands', () => {
  it('"Aviary: Refresh" rescans the files and asks the engine again', async () => {
    const activated = await fixture.activate({ engineUrl: fixture.engine.url });
    const added = join(fixture.root, 'src', 'added.ts');
    writeFileSync(
      added,
      "import { OpenFeature } from '@openfeature/server-sdk';\nexport const on = OpenFeature.getClient().getBooleanValue('checkout-colr', false);\n",
    );
    const asked = fixture.engine.requests.length;
    expect(diagnosticsSet.get(`file://${added}`)).toBeUndefined();
    await activated.run(COMMAND.refresh);
    expect(diagnosticsSet.get(`file://${added}`)?.map((d) => d.message)).toEqual([
      "Flag 'checkout-colr' is not defined in any flag definition file. Did you mean 'checkout-color'?",
    ]);
    expect(fixture.engine.requests.length).toBeGreaterThan(asked);
  });

  it('"Aviary: Find Stale Flags" focuses the Flags view, lists stale flags and cleans up the picked one', async () => {
    const activated = await fixture.activate({ engineUrl: fixture.engine.url });
    appliedEdits.splice(0);
    quickPicks.splice(0);
    quickPickAnswers.push((items) => items[0]);
    await activated.run(COMMAND.findStaleFlags);
    expect(executedCommands.map((c) => c.id)).toEqual([
      COMMAND.findStaleFlags,
      'aviary.flags.focus',
      COMMAND.cleanUpFlag,
    ]);
    expect(quickPicks[0]?.labels).toEqual(['legacy-banner']);
    expect(executedCommands[2]?.args).toEqual([{ key: 'legacy-banner', value: 'false' }]);
    expect(appliedEdits).toHaveLength(1);
    expect(appliedEdits[0]?.metadata).toEqual({ isRefactoring: true });
  });

  it('"Aviary: Clean Up Flag..." from a quick fix applies the cleanup for the given flag and value', async () => {
    const activated = await fixture.activate({ engineUrl: fixture.engine.url });
    appliedEdits.splice(0);
    const uri = `file://${join(fixture.root, 'src', 'checkout.ts')}`;
    expect(await activated.run(COMMAND.cleanUpFlag, { uri, key: 'legacy-banner', value: 'false' })).toBe(true);
    expect(appliedEdits).toHaveLength(1);
    expect(appliedEdits[0]?.edit.replacements[0]?.metadata?.label).toBe("Remove flag 'legacy-banner' (keep false)");
  });
});
