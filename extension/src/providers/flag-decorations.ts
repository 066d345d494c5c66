import * as vscode from 'vscode';
import { inlineStatus } from '../core/format-status';
import type { FlagQueries } from '../flag-service';

/** The inline status after the end of each line holding a reference (when `aviary.inlineStyle` is `decoration`). */
export class FlagDecorations implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedOpen,
  });
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly flags: FlagQueries) {
    this.subscriptions = [
      flags.onDidChange(() => this.updateAll()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.updateAll()),
    ];
  }

  updateAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.update(editor);
  }

  private update(editor: vscode.TextEditor): void {
    if (this.flags.settings.inlineStyle !== 'decoration') {
      editor.setDecorations(this.type, []);
      return;
    }
    const document = editor.document;
    const byLine = new Map<number, string[]>();
    for (const reference of this.flags.referencesIn(document.uri)) {
      if (reference.key === null) continue;
      const summary = this.flags.summaryFor(document.uri, reference.key);
      if (!summary) continue;
      const line = document.positionAt(reference.start).line;
      const texts = byLine.get(line) ?? [];
      const text = inlineStatus(summary);
      if (!texts.includes(text)) texts.push(text);
      byLine.set(line, texts);
    }
    const options: vscode.DecorationOptions[] = [];
    for (const [line, texts] of byLine) {
      const end = document.lineAt(line).range.end;
      options.push({ range: new vscode.Range(end, end), renderOptions: { after: { contentText: texts.join('   ') } } });
    }
    editor.setDecorations(this.type, options);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.type.dispose();
  }
}
