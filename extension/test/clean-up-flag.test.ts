import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as vscode from 'vscode';
import { type CleanedUpArgs, cleanUpFlag, flagRemoved, prepareCleanup } from '../src/commands/clean-up-flag';
import { COMMAND } from '../src/constants';
import { FlagService } from '../src/flag-service';
import { FlagCodeActionProvider, RemoveFlagAction } from '../src/providers/flag-code-action-provider';
import { inProcessScanner } from '../src/scan/flag-scanner';
import { fixtureCopy } from './extension-harness';
import {
  appliedEdits,
  configuration,
  inputBoxAnswers,
  messages,
  quickPickAnswers,
  quickPicks,
  resetMock,
  Uri,
  type WorkspaceEdit,
  window,
  workspace,
} from './vscode-mock';

/** A second file evaluating the stale `legacy-banner` (the fixture's `src/checkout.ts` is the first). */
const bannerSource = `import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export async function bannerText(): Promise<string> {
  const legacy = await client.getBooleanValue('legacy-banner', true);
  return legacy ? 'Old banner' : 'New banner';
}
`;

let files: ReturnType<typeof fixtureCopy>;
let flags: FlagService;

beforeAll(async () => {
  resetMock();
  files = fixtureCopy({ 'src/banner.ts': bannerSource });
  workspace.workspaceFolders = [{ uri: Uri.file(files.root), name: 'fixture', index: 0 }];
  configuration.set('aviary.engineUrl', '');
  flags = new FlagService(
    window.createOutputChannel('Aviary', { log: true }) as unknown as vscode.LogOutputChannel,
    inProcessScanner,
  );
  await flags.refresh();
});

afterAll(() => {
  flags?.dispose();
  files?.remove();
});

/** The file texts after applying the edit's replacements (bottom-up per file, as VS Code does). */
function applied(edit: WorkspaceEdit): Map<string, string> {
  const texts = new Map<string, string>();
  const byFile = new Map<string, WorkspaceEdit['replacements']>();
  for (const r of edit.replacements) byFile.set(r.uri.fsPath, [...(byFile.get(r.uri.fsPath) ?? []), r]);
  for (const [path, replacements] of byFile) {
    const lines = readFileSync(path, 'utf8').split('\n');
    const offset = (p: { line: number; character: number }) =>
      lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    let text = lines.join('\n');
    for (const r of [...replacements].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
      text = text.slice(0, offset(r.range.start)) + r.text + text.slice(offset(r.range.end));
    }
    texts.set(path, text);
  }
  return texts;
}

describe('Aviary: Clean Up Flag...', () => {
  it('removes a flag used in two files with one WorkspaceEdit opened in the refactor preview', async () => {
    appliedEdits.splice(0);
    const checkout = join(files.root, 'src', 'checkout.ts');
    const banner = join(files.root, 'src', 'banner.ts');
    expect(
      flags
        .summaries()
        .find((s) => s.key === 'legacy-banner')
        ?.references.map((r) => r.file),
    ).toEqual(['src/banner.ts', 'src/checkout.ts']);

    expect(await cleanUpFlag(flags, { key: 'legacy-banner', value: 'false' })).toBe(true);

    expect(appliedEdits).toHaveLength(1);
    const [{ edit, metadata }] = appliedEdits as [(typeof appliedEdits)[number]];
    expect(metadata).toEqual({ isRefactoring: true });
    expect(new Set(edit.replacements.map((r) => r.uri.fsPath))).toEqual(new Set([checkout, banner]));
    for (const r of edit.replacements) {
      expect(r.metadata).toMatchObject({ needsConfirmation: true, label: "Remove flag 'legacy-banner' (keep false)" });
    }
    const after = applied(edit);
    expect(after.get(banner)).not.toContain('legacy-banner');
    expect(after.get(banner)).toContain("'New banner'");
    expect(after.get(banner)).not.toContain("'Old banner'");
    expect(after.get(checkout)).not.toContain('legacy-banner');
    expect(after.get(checkout)).not.toContain('Showing the legacy banner');
    expect(after.get(checkout)).toContain("getBooleanValue('new-pricing', false)");
  });

  it('as a quick fix, applies the same multi-file edit at once and reports the follow-up afterwards', () => {
    appliedEdits.splice(0);
    messages.splice(0);
    const checkout = join(files.root, 'src', 'checkout.ts');
    const uri = Uri.file(checkout).toString();
    const provider = new FlagCodeActionProvider(flags, (target) => prepareCleanup(flags, target, false));
    const action = provider.resolveCodeAction(new RemoveFlagAction({ key: 'legacy-banner', value: 'false', uri }));
    const edit = action.edit as unknown as WorkspaceEdit;
    // Both files in one edit; no change needs confirmation, so choosing the fix applies it (Ctrl+Enter previews it).
    expect(new Set(edit.replacements.map((r) => r.uri.fsPath))).toEqual(
      new Set([checkout, join(files.root, 'src', 'banner.ts')]),
    );
    for (const r of edit.replacements) expect(r.metadata?.needsConfirmation).toBe(false);
    expect(applied(edit).get(checkout)).not.toContain('legacy-banner');
    expect(appliedEdits).toEqual([]); // VS Code applies a code action's edit itself
    expect(action.command?.command).toBe(COMMAND.flagRemoved);
    flagRemoved(flags, action.command?.arguments?.[0] as CleanedUpArgs);
    expect(messages.map((m) => [m.level, m.text])).toEqual([
      ['info', expect.stringMatching(/^Aviary: .*legacy-banner.*\.$/)],
    ]);
  });

  it('as a quick fix, does nothing (and says why) when the flag is no longer in the code', () => {
    messages.splice(0);
    const provider = new FlagCodeActionProvider(flags, (target) => prepareCleanup(flags, target, false));
    const uri = Uri.file(join(files.root, 'src', 'checkout.ts')).toString();
    const action = provider.resolveCodeAction(new RemoveFlagAction({ key: 'no-such-flag', value: 'true', uri }));
    expect([action.edit, action.command]).toEqual([undefined, undefined]);
    expect(messages.length).toBe(1);
  });

  it('without arguments, offers stale flags first and asks the value to keep', async () => {
    appliedEdits.splice(0);
    quickPicks.splice(0);
    quickPickAnswers.push((items) => items.find((i) => i.label === 'legacy-banner'));
    inputBoxAnswers.push('false');
    expect(await cleanUpFlag(flags)).toBe(true);
    expect(quickPicks[0]?.labels[0]).toBe('legacy-banner');
    expect(appliedEdits).toHaveLength(1);
    expect(new Set(appliedEdits[0]?.edit.replacements.map((r) => r.uri.fsPath)).size).toBe(2);
  });

  it('changes nothing when the pick is dismissed', async () => {
    appliedEdits.splice(0);
    quickPickAnswers.push(() => undefined);
    expect(await cleanUpFlag(flags)).toBe(false);
    expect(appliedEdits).toEqual([]);
  });
});
