import * as vscode from 'vscode';
import { COMMAND } from '../constants';
import { inlineStatus } from '../core/format-status';
import type { FlagQueries } from '../flag-service';

/** The inline status as a CodeLens above each reference (when `aviary.inlineStyle` is `codeLens`). */
export class FlagCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly flags: FlagQueries) {
    this.subscription = flags.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (this.flags.settings.inlineStyle !== 'codeLens') return [];
    const lenses: vscode.CodeLens[] = [];
    for (const reference of this.flags.referencesIn(document.uri)) {
      if (reference.key === null) continue;
      const summary = this.flags.summaryFor(document.uri, reference.key);
      if (!summary) continue;
      const range = new vscode.Range(document.positionAt(reference.start), document.positionAt(reference.end));
      lenses.push(
        new vscode.CodeLens(range, {
          title: inlineStatus(summary),
          command: COMMAND.showFlag,
          arguments: [reference.key],
          tooltip: 'Show this flag in the Aviary Flags view',
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
