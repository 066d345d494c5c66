import * as vscode from 'vscode';
import { COMMAND, DIAGNOSTIC, DIAGNOSTIC_SOURCE } from '../constants';
import { keyTextOffsets, referenceAt } from '../core/reference-range';
import type { FlagQueries } from '../flag-service';

/** Quick fixes for Aviary diagnostics: remove a stale flag (previewed cleanup), or change an unknown key. */
export class FlagCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(private readonly flags: FlagQueries) {}

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
        const action = new vscode.CodeAction(
          `Remove flag '${summary.key}' (keep ${summary.stale.keepValue})`,
          vscode.CodeActionKind.QuickFix,
        );
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        action.command = {
          command: COMMAND.cleanUpFlag,
          title: action.title,
          arguments: [{ uri: document.uri.toString(), key: summary.key, value: summary.stale.keepValue }],
        };
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
}
