import * as vscode from 'vscode';
import type { PreparedCleanup } from '../commands/clean-up-flag';
import { COMMAND, DIAGNOSTIC, DIAGNOSTIC_SOURCE } from '../constants';
import { keyTextOffsets, referenceAt } from '../core/reference-range';
import type { FlagQueries } from '../flag-service';

/** Builds the cleanup edit of a "Remove flag" quick fix, with what to report once it is applied. */
export type PrepareRemoval = (target: { key: string; value: string; uri: string }) => PreparedCleanup | undefined;

/** "Remove flag 'x' (keep VALUE)": its edit is computed only when the developer applies or previews it. */
export class RemoveFlagAction extends vscode.CodeAction {
  constructor(readonly target: { key: string; value: string; uri: string }) {
    super(`Remove flag '${target.key}' (keep ${target.value})`, vscode.CodeActionKind.QuickFix);
  }
}

/**
 * Quick fixes for Aviary diagnostics: remove a stale flag, or change an unknown key. "Remove flag" is two clicks
 * (light bulb, fix): the cleanup's multi-file edit applies at once; Ctrl+Enter on the fix opens it in the refactor
 * preview instead (VS Code offers that for any code action with an edit).
 */
export class FlagCodeActionProvider implements vscode.CodeActionProvider<vscode.CodeAction> {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(
    private readonly flags: FlagQueries,
    private readonly prepareRemoval: PrepareRemoval,
  ) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const reference = referenceAt(this.flags.referencesIn(document.uri), document.offsetAt(diagnostic.range.start));
      if (!reference || reference.key === null) continue;
      const summary = this.flags.summaryFor(document.uri, reference.key);
      if (!summary) continue;
      if (diagnostic.code === DIAGNOSTIC.stale && summary.stale?.keepValue) {
        const action = new RemoveFlagAction({
          key: summary.key,
          value: summary.stale.keepValue,
          uri: document.uri.toString(),
        });
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        actions.push(action);
      } else if (diagnostic.code === DIAGNOSTIC.unknown && summary.suggestion) {
        const offsets = keyTextOffsets(document.getText(), reference);
        if (!offsets) continue;
        const quote = reference.keyText.startsWith('"') ? '"' : reference.keyText.startsWith('`') ? '`' : "'";
        const action = new vscode.CodeAction(`Change to '${summary.suggestion}'`, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(
          document.uri,
          new vscode.Range(document.positionAt(offsets.start), document.positionAt(offsets.end)),
          `${quote}${summary.suggestion}${quote}`,
        );
        actions.push(action);
      }
    }
    return actions;
  }

  /** Runs the cleanup for a "Remove flag" fix; after the edit is applied, `aviary.flagRemoved` reports it. */
  resolveCodeAction(action: vscode.CodeAction): vscode.CodeAction {
    if (!(action instanceof RemoveFlagAction)) return action;
    const prepared = this.prepareRemoval(action.target);
    if (!prepared) return action; // the reason was shown; without an edit the fix does nothing
    action.edit = prepared.edit;
    action.command = { command: COMMAND.flagRemoved, title: action.title, arguments: [prepared.done] };
    return action;
  }
}
