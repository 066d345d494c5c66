import * as vscode from 'vscode';
import type { EngineTokens } from '../auth/engine-tokens';
import type { FlagService } from '../flag-service';

/**
 * "Aviary: Set Engine Token": asks for the API token of the configured engine (read scope is enough) in a password
 * box and keeps it in SecretStorage; an empty entry removes it, Escape changes nothing. The engine is asked again at
 * once. The token itself is never shown, logged or written to settings.
 */
export async function setEngineToken(flags: FlagService, tokens: EngineTokens): Promise<boolean> {
  const url = flags.settings.engineUrl;
  if (url === null) {
    void vscode.window.showInformationMessage(
      'Aviary: set aviary.engineUrl first; the token is stored for that engine only.',
    );
    return false;
  }
  const had = (await tokens.get(url)) !== undefined;
  const entered = await vscode.window.showInputBox({
    title: `Aviary: API token for ${url}`,
    prompt: had
      ? 'A token is stored for this engine. Enter a new one, or leave empty to remove it. Read scope is enough.'
      : 'The engine API token (read scope is enough). It is kept in the OS keychain, not in settings.',
    password: true,
    ignoreFocusOut: true,
    placeHolder: had ? '(leave empty to remove the stored token)' : 'token',
  });
  if (entered === undefined) return false;
  const stored = await tokens.set(url, entered);
  flags.log(stored ? `engine token stored for ${url}` : `engine token removed for ${url}`);
  await flags.refreshEngine();
  void vscode.window.showInformationMessage(
    stored ? `Aviary: token stored for ${url}.` : `Aviary: token removed for ${url}.`,
  );
  return true;
}
