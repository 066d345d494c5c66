import type * as vscode from 'vscode';

/** SecretStorage key prefix; the engine URL follows it. */
const SECRET_PREFIX = 'aviary.engineToken:';

/**
 * API tokens for Aviary engines, kept in VS Code's SecretStorage (the OS keychain), never in settings or logs.
 * Each token is bound to the engine URL it was set for, so a workspace that points `aviary.engineUrl` at another
 * server never receives it.
 */
export class EngineTokens {
  /** Fires when a token changes, also from another window. */
  readonly onDidChange: vscode.Event<void>;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.onDidChange = (listener, thisArgs, disposables) =>
      secrets.onDidChange(
        (e) => {
          if (e.key.startsWith(SECRET_PREFIX)) listener.call(thisArgs);
        },
        undefined,
        disposables,
      );
  }

  /** The token for an engine URL (normalized as in the settings), if one was set. */
  async get(engineUrl: string): Promise<string | undefined> {
    return (await this.secrets.get(SECRET_PREFIX + engineUrl)) || undefined;
  }

  /** Stores the token for an engine URL; an empty token removes it. Returns whether a token is now stored. */
  async set(engineUrl: string, token: string): Promise<boolean> {
    const trimmed = token.trim();
    if (trimmed === '') {
      await this.secrets.delete(SECRET_PREFIX + engineUrl);
      return false;
    }
    await this.secrets.store(SECRET_PREFIX + engineUrl, trimmed);
    return true;
  }
}
