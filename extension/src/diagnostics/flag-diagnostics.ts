import * as vscode from 'vscode';
import { DIAGNOSTIC, DIAGNOSTIC_SOURCE } from '../constants';
import { diagnosticsFor } from '../core/flag-findings';
import type { FlagQueries } from '../flag-service';

/** Stale flags, unknown keys and unresolvable keys in the Problems panel, for every file with references. */
export class FlagDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly subscription: vscode.Disposable;
  /** A fingerprint of the diagnostics last set, per URI. */
  private current = new Map<string, string>();

  constructor(private readonly flags: FlagQueries) {
    this.subscription = flags.onDidChange(() => this.update());
  }

  update(): void {
    const next = new Map<string, vscode.Diagnostic[]>();
    for (const model of this.flags.models()) {
      for (const finding of diagnosticsFor(model)) {
        const uri = vscode.Uri.file(finding.path);
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        const range = document
          ? new vscode.Range(document.positionAt(finding.start), document.positionAt(finding.end))
          : new vscode.Range(finding.line - 1, finding.column - 1, finding.endLine - 1, finding.endColumn - 1);
        const severity =
          finding.code === DIAGNOSTIC.dynamicKey
            ? vscode.DiagnosticSeverity.Information
            : vscode.DiagnosticSeverity.Warning;
        const diagnostic = new vscode.Diagnostic(range, finding.message, severity);
        diagnostic.source = DIAGNOSTIC_SOURCE;
        diagnostic.code = finding.code;
        const list = next.get(uri.toString()) ?? [];
        list.push(diagnostic);
        next.set(uri.toString(), list);
      }
    }
    // Only touch files whose diagnostics changed: every marker change re-triggers the editor's code actions.
    for (const uri of this.current.keys()) {
      if (!next.has(uri)) this.collection.delete(vscode.Uri.parse(uri));
    }
    const fingerprints = new Map<string, string>();
    for (const [uri, diagnostics] of next) {
      const fingerprint = JSON.stringify(
        diagnostics.map((d) => [
          d.code,
          d.message,
          d.range.start.line,
          d.range.start.character,
          d.range.end.line,
          d.range.end.character,
        ]),
      );
      fingerprints.set(uri, fingerprint);
      if (this.current.get(uri) !== fingerprint) {
        this.collection.set(vscode.Uri.parse(uri), diagnostics);
      }
    }
    this.current = fingerprints;
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
