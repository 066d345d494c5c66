import * as vscode from 'vscode';
import { COMMAND } from '../constants';
import type { FlagQueries } from '../flag-service';

/**
 * One quiet status bar item for the engine connection: connected, unreachable, unauthorized (the engine wants an
 * API token; clicking asks for one) or not configured.
 */
export class EngineStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('aviary.engine', vscode.StatusBarAlignment.Left, 0);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly flags: FlagQueries) {
    this.item.name = 'Aviary engine';
    this.subscription = flags.onDidChange(() => this.update());
    this.update();
    this.item.show();
  }

  update(): void {
    const engine = this.flags.engine;
    this.item.command = engine.status === 'unauthorized' ? COMMAND.setEngineToken : COMMAND.refresh;
    if (engine.status === 'connected') {
      this.item.text = '$(pulse) Aviary';
      this.item.tooltip = `Aviary engine connected: ${engine.url}. Click to refresh.`;
      this.item.backgroundColor = undefined;
    } else if (engine.status === 'unreachable') {
      this.item.text = '$(debug-disconnect) Aviary';
      this.item.tooltip = `Aviary engine unreachable at ${engine.url}: ${engine.error}. Flag status comes from definition files. Click to retry.`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else if (engine.status === 'unauthorized') {
      this.item.text = '$(lock) Aviary: unauthorized';
      this.item.tooltip = `Aviary engine at ${engine.url} refused the request (${engine.error}): it needs an API token. Click to set one (read scope is enough). Flag status comes from definition files.`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      this.item.text = '$(circle-outline) Aviary';
      this.item.tooltip =
        'No Aviary engine configured (setting aviary.engineUrl): flag status comes from definition files.';
      this.item.backgroundColor = undefined;
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
