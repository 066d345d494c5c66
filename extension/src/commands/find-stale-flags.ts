import * as vscode from 'vscode';
import { COMMAND, VIEW_FLAGS } from '../constants';
import type { FlagService } from '../flag-service';

/** Rescans, shows the Flags view and lets the developer jump to a stale flag or clean it up. */
export async function findStaleFlags(flags: FlagService): Promise<void> {
  await flags.refresh();
  await vscode.commands.executeCommand(`${VIEW_FLAGS}.focus`);
  const stale = flags.summaries().filter((s) => s.stale);
  if (stale.length === 0) {
    void vscode.window.showInformationMessage('Aviary: no stale flags found.');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    stale.map((s) => ({
      label: s.key,
      description: `${s.stale?.keepValue ? `keep ${s.stale.keepValue} · ` : ''}${s.references.length} references`,
      detail: s.stale?.reason,
      summary: s,
    })),
    {
      title: `Aviary: ${stale.length} stale flag${stale.length === 1 ? '' : 's'}`,
      placeHolder: 'Pick one to clean up',
    },
  );
  if (!picked) return;
  await vscode.commands.executeCommand(COMMAND.cleanUpFlag, {
    key: picked.summary.key,
    ...(picked.summary.stale?.keepValue ? { value: picked.summary.stale.keepValue } : {}),
  });
}
