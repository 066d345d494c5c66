import type { FlagReference } from '@aviary/engine/code';
import * as vscode from 'vscode';
import type { EngineTokens } from './auth/engine-tokens';
import { COMMAND, LANGUAGES } from './constants';
import { type EngineSnapshot, fetchEngineSnapshot } from './core/engine-client';
import type { FlagSummary } from './core/flag-summary';
import { FolderModel } from './core/folder-model';
import { readSettings, type Settings } from './core/settings';
import type { FlagScanner } from './scan/flag-scanner';
import { ScanCancelled } from './scan/scan-in-worker';

const UPDATE_DELAY_MS = 250;

/** What providers, views and commands read: the facts, and when they change. */
export interface FlagQueries {
  readonly settings: Settings;
  readonly engine: EngineSnapshot;
  readonly onDidChange: vscode.Event<void>;
  summaries(): FlagSummary[];
  summaryFor(uri: vscode.Uri, key: string): FlagSummary | undefined;
  referencesIn(uri: vscode.Uri): readonly FlagReference[];
  models(): FolderModel[];
}

/**
 * The extension's single source of flag facts: one `FolderModel` per workspace folder, updated per changed
 * document off the typing path (debounced), plus the engine snapshot. Providers read from it and listen to
 * `onDidChange`.
 */
export class FlagService implements FlagQueries, vscode.Disposable {
  private readonly folders = new Map<string, FolderModel>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private engineState: EngineSnapshot = { status: 'not-configured' };
  /** `status url` pairs already told to the user, so a failing engine interrupts once, not on every refresh. */
  private readonly reported = new Set<string>();
  /** Counts engine refreshes; only the newest one's answer is kept. */
  private engineRequests = 0;
  /** Counts full refreshes; a newer one supersedes an older one still scanning. */
  private refreshes = 0;
  private settingsValue: Settings;
  /** Fires after any change of references, definitions or engine data. */
  readonly onDidChange = this.changed.event;

  /**
   * `scanner`: runs the full scans (the extension passes a `WorkerScanner`); the service disposes it with itself.
   * `tokens`: API tokens for engines that require them (SecretStorage); without it no token is ever sent.
   */
  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly scanner: FlagScanner,
    private readonly tokens?: Pick<EngineTokens, 'get' | 'onDidChange'>,
  ) {
    this.settingsValue = this.readSettings();
    this.disposables.push(
      scanner,
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.isAnalysed(d)) this.folderOf(d.uri)?.closeDocument(d.uri.fsPath);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('aviary')) void this.refresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()),
    );
    if (tokens) this.disposables.push(tokens.onDidChange(() => void this.refreshEngine()));
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,json,yaml,yml}');
    this.disposables.push(
      watcher,
      watcher.onDidChange((uri) => this.onFileEvent(uri, false)),
      watcher.onDidCreate((uri) => this.onFileEvent(uri, false)),
      watcher.onDidDelete((uri) => this.onFileEvent(uri, true)),
    );
  }

  /** Writes a line to the Aviary output channel. */
  log(message: string): void {
    this.output.info(message);
  }

  get settings(): Settings {
    return this.settingsValue;
  }

  get engine(): EngineSnapshot {
    return this.engineState;
  }

  private readSettings(): Settings {
    const config = vscode.workspace.getConfiguration('aviary');
    return readSettings((key) => config.get(key));
  }

  /**
   * Reloads config, definitions and the engine, then rescans every folder (off this thread when the scanner is a
   * `WorkerScanner`). A newer refresh supersedes this one: its scans are cancelled and it stops. A folder whose
   * scan fails is logged as an error and left without references; the other folders go on.
   */
  async refresh(): Promise<void> {
    const refresh = ++this.refreshes;
    this.settingsValue = this.readSettings();
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    // Folders no longer open go now; the others keep their model until the new scan of it is done.
    const open = new Set(folders.map((f) => f.uri.fsPath));
    for (const root of this.folders.keys()) if (!open.has(root)) this.folders.delete(root);
    let superseded = false;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Aviary: scanning flags' },
      async (progress) => {
        for (const folder of folders) {
          const model = new FolderModel(folder.uri.fsPath, this.settingsValue, this.output, this.scanner);
          const definitionFiles = await this.findDefinitionFiles(folder);
          if (refresh !== this.refreshes) break;
          try {
            await model.load(definitionFiles, (done, total) => progress.report({ message: `${done}/${total} files` }));
          } catch (error) {
            if (error instanceof ScanCancelled) break;
            this.output.error(`scan of ${folder.uri.fsPath} failed: ${(error as Error).message}`);
          }
          if (refresh !== this.refreshes) break;
          this.folders.set(folder.uri.fsPath, model);
        }
        superseded = refresh !== this.refreshes;
        if (superseded) return;
        // Open editors may hold unsaved text that differs from the disk.
        for (const document of vscode.workspace.textDocuments) this.updateNow(document);
        await this.refreshEngine();
      },
    );
    if (!superseded) this.changed.fire();
  }

  private async findDefinitionFiles(folder: vscode.WorkspaceFolder): Promise<string[]> {
    const found = await Promise.all(
      this.settingsValue.definitionFiles.map((glob) =>
        vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), '**/node_modules/**', 100),
      ),
    );
    return [...new Set(found.flat().map((uri) => uri.fsPath))].sort();
  }

  /**
   * Fetches telemetry and verdicts, sending the engine's API token (from SecretStorage) when one is stored. In
   * untrusted workspaces VS Code hands out only the user's own `engineUrl` (it is a restricted setting), so a
   * workspace cannot point Aviary at a server of its choosing; tokens are bound to the URL they were set for.
   */
  async refreshEngine(): Promise<void> {
    const request = ++this.engineRequests;
    const url = this.settingsValue.engineUrl;
    const keys = [
      ...new Set(
        this.summaries()
          .filter((s) => s.references.length > 0)
          .map((s) => s.key),
      ),
    ];
    const token = url === null ? undefined : await this.tokens?.get(url);
    const snapshot = await fetchEngineSnapshot(url, keys, {
      now: Date.now(),
      rolledOutDays: this.settingsValue.rolledOutDays,
      token,
    });
    if (request !== this.engineRequests) return; // A newer refresh started meanwhile; its answer wins.
    this.engineState = snapshot;
    if (snapshot.status === 'unreachable' || snapshot.status === 'unauthorized') this.reportOnce(snapshot);
    if (snapshot.status === 'connected') {
      this.reported.delete(`unreachable ${snapshot.url}`);
      this.reported.delete(`unauthorized ${snapshot.url}`);
    }
    for (const model of this.folders.values()) model.setEngine(snapshot);
    this.changed.fire();
  }

  /** Tells the user once per engine URL and failure; the status bar keeps showing it without interruptions. */
  private reportOnce(snapshot: Extract<EngineSnapshot, { status: 'unreachable' | 'unauthorized' }>): void {
    const key = `${snapshot.status} ${snapshot.url}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.output.warn(`engine ${snapshot.status} at ${snapshot.url}: ${snapshot.error}`);
    if (snapshot.status === 'unreachable') {
      void vscode.window.showWarningMessage(
        `Aviary: the engine at ${snapshot.url} is unreachable. Flag status comes from definition files only.`,
      );
      return;
    }
    const action = 'Set Engine Token';
    void Promise.resolve(
      vscode.window.showWarningMessage(
        `Aviary: the engine at ${snapshot.url} refused the request (${snapshot.error}). It needs an API token (read scope is enough).`,
        action,
      ),
    ).then((choice) => {
      if (choice === action) void vscode.commands.executeCommand(COMMAND.setEngineToken);
    });
  }

  private folderOf(uri: vscode.Uri): FolderModel | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.folders.get(folder.uri.fsPath) : undefined;
  }

  private isAnalysed(document: vscode.TextDocument): boolean {
    return document.uri.scheme === 'file' && (LANGUAGES as readonly string[]).includes(document.languageId);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!this.isAnalysed(document)) return;
    const key = document.uri.toString();
    const previous = this.pending.get(key);
    if (previous) clearTimeout(previous);
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        if (this.updateNow(document)) this.changed.fire();
      }, UPDATE_DELAY_MS),
    );
  }

  /** Re-analyses one document; returns whether anything was analysed. */
  private updateNow(document: vscode.TextDocument): boolean {
    if (!this.isAnalysed(document) || document.isClosed) return false;
    const model = this.folderOf(document.uri);
    if (!model) return false;
    try {
      model.updateDocument(document.uri.fsPath, document.getText());
      return true;
    } catch (error) {
      this.output.error(`cannot analyse ${document.uri.fsPath}: ${(error as Error).message}`);
      return false;
    }
  }

  /** A file changed on disk: reload for config and definitions, else re-read it unless an editor holds it. */
  private onFileEvent(uri: vscode.Uri, deleted: boolean): void {
    const model = this.folderOf(uri);
    if (!model) return;
    if (model.isDefinitionOrConfigFile(uri.fsPath)) {
      void this.refresh();
      return;
    }
    if (deleted) model.removeFile(uri.fsPath);
    else {
      const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
      if (open) return; // The editor's text is authoritative; its change events keep it current.
      model.updateFromDisk(uri.fsPath);
    }
    this.changed.fire();
  }

  /** Every flag of every folder. */
  summaries(): FlagSummary[] {
    return [...this.folders.values()].flatMap((m) => m.summaries());
  }

  /** The flag summary for a key, as seen from the folder of `uri`. */
  summaryFor(uri: vscode.Uri, key: string): FlagSummary | undefined {
    return this.folderOf(uri)?.summary(key);
  }

  /** References in one document (resolved and unresolved). */
  referencesIn(uri: vscode.Uri): readonly FlagReference[] {
    return this.folderOf(uri)?.referencesIn(uri.fsPath) ?? [];
  }

  /** The model of the folder that holds `uri`, for commands that need the library directly. */
  modelFor(uri: vscode.Uri): FolderModel | undefined {
    return this.folderOf(uri);
  }

  /** Models of all folders. */
  models(): FolderModel[] {
    return [...this.folders.values()];
  }

  dispose(): void {
    this.refreshes += 1; // A refresh still scanning stops at its next step.
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const d of this.disposables) d.dispose();
  }
}
