import * as vscode from 'vscode';
import type { FlagSummary } from '../core/flag-summary';
import type { FlagService } from '../flag-service';

export interface CleanUpArgs {
  uri?: string;
  key?: string;
  /** The value to keep, as source text; asked for when missing. */
  value?: string;
}

async function askValue(key: string, suggested: string | null | undefined): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: `Value to keep for '${key}'`,
    prompt: 'A JavaScript literal: true, false, a number or a quoted string',
    value: suggested ?? 'true',
    validateInput: (text) => (text.trim() === '' ? 'Enter the value the code should keep' : undefined),
  });
  return value?.trim();
}

async function pickFlag(flags: FlagService): Promise<{ key: string; value: string } | undefined> {
  const order = { stale: 0, active: 1, 'unused-definition': 2, unknown: 3 } as const;
  const summaries = flags
    .summaries()
    .filter((s) => s.references.length > 0)
    .sort((a, b) => order[a.category] - order[b.category] || a.key.localeCompare(b.key));
  if (summaries.length === 0) {
    void vscode.window.showInformationMessage('Aviary: no flag references in this workspace.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    summaries.map((s: FlagSummary) => ({
      label: s.key,
      description: s.stale?.keepValue ? `stale: keep ${s.stale.keepValue}` : s.category,
      detail: s.stale?.reason,
      summary: s,
    })),
    { title: 'Aviary: Clean Up Flag', placeHolder: 'Flag to remove from the code' },
  );
  if (!picked) return undefined;
  const value = await askValue(picked.summary.key, picked.summary.stale?.keepValue);
  return value === undefined ? undefined : { key: picked.summary.key, value };
}

/** A cleanup ready to apply: the edit over every changed file, and what to tell the developer once it is applied. */
export interface PreparedCleanup {
  edit: vscode.WorkspaceEdit;
  done: CleanedUpArgs;
}

/** What "flag removed" reports (the arguments of the internal `aviary.flagRemoved` command). */
export interface CleanedUpArgs {
  key: string;
  followUp: string;
  notes: number;
}

/**
 * Runs the library's cleanup codemod for `target` (open editors' unsaved texts included) and turns its changes into
 * one multi-file `WorkspaceEdit`; with `confirm`, every change needs confirmation in the refactor preview. Says why
 * when there is nothing to change or the cleanup failed, and returns undefined then.
 */
export function prepareCleanup(
  flags: FlagService,
  target: { key: string; value: string; uri?: string },
  confirm: boolean,
): PreparedCleanup | undefined {
  const uri = target.uri ? vscode.Uri.parse(target.uri) : undefined;
  const model = (uri && flags.modelFor(uri)) ?? flags.models().find((m) => m.summary(target.key)) ?? flags.models()[0];
  if (!model) return undefined;
  const openTexts = new Map(
    vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => [d.uri.fsPath, d.getText()]),
  );
  const result = model.cleanup(target.key, target.value, openTexts);
  if ('error' in result) {
    void vscode.window.showErrorMessage(`Aviary: ${result.error}`);
    return undefined;
  }
  for (const note of result.notes) flags.log(`cleanup ${target.key}: ${note}`);
  if (result.changes.length === 0) {
    const why = result.notes[0] ? ` ${result.notes[0]}` : '';
    void vscode.window.showInformationMessage(`Aviary: nothing to change for '${target.key}'.${why}`);
    return undefined;
  }
  const edit = new vscode.WorkspaceEdit();
  const label = `Remove flag '${target.key}' (keep ${target.value})`;
  for (const change of result.changes) {
    const file = vscode.Uri.file(change.path);
    for (const e of change.edits) {
      const range = new vscode.Range(
        e.range.start.line,
        e.range.start.character,
        e.range.end.line,
        e.range.end.character,
      );
      edit.replace(file, range, e.newText, { needsConfirmation: confirm, label, description: change.displayPath });
    }
  }
  const edits = result.changes.reduce((n, c) => n + c.edits.length, 0);
  flags.log(`cleanup ${target.key} = ${target.value}: ${edits} edits in ${result.changes.length} files`);
  return { edit, done: { key: target.key, followUp: result.followUp, notes: result.notes.length } };
}

/** Tells the developer a flag was removed from the code and what is left to do in the flag system. */
export function flagRemoved(flags: FlagService, done: CleanedUpArgs): void {
  flags.log(`cleanup ${done.key}: applied`);
  const notes = done.notes ? ` ${done.notes} note(s) in the Aviary output.` : '';
  void vscode.window.showInformationMessage(`Aviary: ${done.followUp}.${notes}`);
}

/**
 * "Aviary: Clean Up Flag...": removes a flag with the library's cleanup codemod and applies every file change as
 * one `WorkspaceEdit` that opens in the refactor preview, so nothing changes before the developer accepts it. (The
 * quick fix applies the same edit directly, with the preview one keystroke away: `FlagCodeActionProvider`.)
 */
export async function cleanUpFlag(flags: FlagService, args?: CleanUpArgs): Promise<boolean> {
  let target: { key: string; value: string } | undefined;
  if (args?.key && args.value) target = { key: args.key, value: args.value };
  else if (args?.key) {
    const value = await askValue(args.key, undefined);
    target = value === undefined ? undefined : { key: args.key, value };
  } else target = await pickFlag(flags);
  if (!target) return false;
  const prepared = prepareCleanup(flags, { ...target, ...(args?.uri ? { uri: args.uri } : {}) }, true);
  if (!prepared) return false;
  flags.log(`cleanup ${target.key}: previewing`);
  const applied = await vscode.workspace.applyEdit(prepared.edit, { isRefactoring: true });
  if (applied) flagRemoved(flags, prepared.done);
  else flags.log(`cleanup ${target.key}: not applied (discarded or failed)`);
  return applied;
}
