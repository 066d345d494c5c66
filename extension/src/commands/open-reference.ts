import * as vscode from 'vscode';

/** Opens a file at a 1-based line and column. */
export async function openReference(path: string, line: number, column: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
  await vscode.window.showTextDocument(vscode.Uri.file(path), { selection: new vscode.Range(position, position) });
}
