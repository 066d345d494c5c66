import * as vscode from 'vscode';
import { EngineTokens } from './auth/engine-tokens';
import {
  type CleanedUpArgs,
  type CleanUpArgs,
  cleanUpFlag,
  flagRemoved,
  prepareCleanup,
} from './commands/clean-up-flag';
import { findStaleFlags } from './commands/find-stale-flags';
import { openReference } from './commands/open-reference';
import { setEngineToken } from './commands/set-engine-token';
import { COMMAND, LANGUAGES, VIEW_FLAGS } from './constants';
import { FlagDiagnostics } from './diagnostics/flag-diagnostics';
import { FlagService } from './flag-service';
import { FlagCodeActionProvider } from './providers/flag-code-action-provider';
import { FlagCodeLensProvider } from './providers/flag-code-lens-provider';
import { FlagDecorations } from './providers/flag-decorations';
import { FlagHoverProvider } from './providers/flag-hover-provider';
import { WorkerScanner } from './scan/worker-scanner';
import { EngineStatusItem } from './status/engine-status-item';
import { FlagsTreeProvider } from './views/flags-tree-provider';

/** The bundled worker script that runs full scans off the extension host's thread (built next to extension.js). */
export const SCAN_WORKER_SCRIPT = 'dist/scan-worker.js';

/**
 * Registers everything (each disposable goes to `context.subscriptions`) and starts the first scan. Full scans
 * run on worker threads (the service disposes the scanner, and with it any worker still running).
 */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Aviary', { log: true });
  const tokens = new EngineTokens(context.secrets);
  const flags = new FlagService(output, new WorkerScanner(context.asAbsolutePath(SCAN_WORKER_SCRIPT)), tokens);
  const selector = LANGUAGES.map((language) => ({ language, scheme: 'file' }));
  const tree = new FlagsTreeProvider(flags);
  const lenses = new FlagCodeLensProvider(flags);
  context.subscriptions.push(
    output,
    flags,
    tree,
    lenses,
    new FlagDecorations(flags),
    new FlagDiagnostics(flags),
    new EngineStatusItem(flags),
    vscode.window.createTreeView(VIEW_FLAGS, { treeDataProvider: tree, showCollapseAll: true }),
    vscode.languages.registerHoverProvider(selector, new FlagHoverProvider(flags)),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.languages.registerCodeActionsProvider(
      selector,
      new FlagCodeActionProvider(flags, (target) => prepareCleanup(flags, target, false)),
      FlagCodeActionProvider.metadata,
    ),
    vscode.commands.registerCommand(COMMAND.refresh, () => flags.refresh()),
    vscode.commands.registerCommand(COMMAND.findStaleFlags, () => findStaleFlags(flags)),
    vscode.commands.registerCommand(COMMAND.cleanUpFlag, (args?: CleanUpArgs) => cleanUpFlag(flags, args)),
    vscode.commands.registerCommand(COMMAND.flagRemoved, (done: CleanedUpArgs) => flagRemoved(flags, done)),
    vscode.commands.registerCommand(COMMAND.setEngineToken, () => setEngineToken(flags, tokens)),
    vscode.commands.registerCommand(COMMAND.openReference, openReference),
    vscode.commands.registerCommand(COMMAND.showFlag, () => vscode.commands.executeCommand(`${VIEW_FLAGS}.focus`)),
  );
  void flags.refresh().catch((error: unknown) => output.error(`first scan failed: ${String(error)}`));
}

export function deactivate(): void {}
