import * as vscode from 'vscode';
import { escapeMarkdown, hoverMarkdown } from '../core/format-status';
import { referenceAt } from '../core/reference-range';
import type { FlagQueries } from '../flag-service';

/** Hover on a flag evaluation: the whole story of the flag. */
export class FlagHoverProvider implements vscode.HoverProvider {
  constructor(private readonly flags: FlagQueries) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const reference = referenceAt(this.flags.referencesIn(document.uri), document.offsetAt(position));
    if (!reference) return undefined;
    const range = new vscode.Range(document.positionAt(reference.start), document.positionAt(reference.end));
    if (reference.key === null) {
      const why = reference.unresolvedReason ? ` (${escapeMarkdown(reference.unresolvedReason)})` : '';
      return new vscode.Hover(
        new vscode.MarkdownString(
          `**Flag key cannot be resolved statically:** \`${reference.keyText}\`${why}. Aviary cannot tell which flag this evaluates.`,
        ),
        range,
      );
    }
    const summary = this.flags.summaryFor(document.uri, reference.key);
    if (!summary) return undefined;
    const markdown = new vscode.MarkdownString(hoverMarkdown(summary));
    markdown.isTrusted = false;
    return new vscode.Hover(markdown, range);
  }
}
