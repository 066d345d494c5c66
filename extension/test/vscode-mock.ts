import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A light stand-in for the `vscode` module: the value classes providers construct (Range, Hover, CodeLens, …) and
 * the few registries they call, recording what was set. Enough to run providers over the real library in vitest.
 */
export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    this.start = typeof a === 'number' ? new Position(a, b as number) : a;
    this.end = typeof a === 'number' ? new Position(c as number, d as number) : (b as Position);
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static parse(text: string): Uri {
    return new Uri('file', text.replace(/^file:\/\//, ''));
  }
  toString(): string {
    return `file://${this.fsPath}`;
  }
}

export class MarkdownString {
  isTrusted = false;
  constructor(readonly value: string) {}
}

export class Hover {
  constructor(
    readonly contents: MarkdownString,
    readonly range?: Range,
  ) {}
}

export class CodeLens {
  constructor(
    readonly range: Range,
    readonly command?: { title: string; command: string; arguments?: unknown[] },
  ) {}
}

export class CodeActionKind {
  static readonly QuickFix = new CodeActionKind('quickfix');
  constructor(readonly value: string) {}
}

/** Metadata VS Code attaches to an edit (`needsConfirmation` puts it in the refactor preview). */
export interface WorkspaceEditEntryMetadata {
  needsConfirmation: boolean;
  label: string;
  description?: string;
}

export class WorkspaceEdit {
  readonly replacements: Array<{ uri: Uri; range: Range; text: string; metadata?: WorkspaceEditEntryMetadata }> = [];
  replace(uri: Uri, range: Range, text: string, metadata?: WorkspaceEditEntryMetadata): void {
    this.replacements.push({ uri, range, text, ...(metadata ? { metadata } : {}) });
  }
}

export class CodeAction {
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  command?: { title: string; command: string; arguments?: unknown[] };
  edit?: WorkspaceEdit;
  constructor(
    readonly title: string,
    readonly kind: CodeActionKind,
  ) {}
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export class Diagnostic {
  source?: string;
  code?: string;
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: DiagnosticSeverity,
  ) {}
}

export class EventEmitter<T> {
  private listeners: Array<(value: T) => void> = [];
  readonly event = (listener: (value: T) => void) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(value: T): void {
    for (const l of this.listeners) l(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class ThemeIcon {
  constructor(readonly id: string) {}
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class TreeItem {
  description?: string;
  tooltip?: MarkdownString;
  contextValue?: string;
  iconPath?: ThemeIcon;
  id?: string;
  command?: { title: string; command: string; arguments?: unknown[] };
  constructor(
    readonly label: string,
    readonly collapsibleState: TreeItemCollapsibleState,
  ) {}
}

export enum DecorationRangeBehavior {
  ClosedOpen = 1,
}

/** Diagnostics set through `languages.createDiagnosticCollection`, by URI string. */
export const diagnosticsSet = new Map<string, Diagnostic[]>();

/**
 * Registrations still alive (commands, providers, listeners, status bar items, watchers…), by a description. Every
 * `dispose` removes its entry, so a test can check that disposing `context.subscriptions` leaves nothing behind.
 */
export const live = new Map<symbol, string>();

/** A disposable registration, counted in `live` until disposed. */
function track(what: string, onDispose?: () => void): { dispose(): void } {
  const id = Symbol(what);
  live.set(id, what);
  return {
    dispose: () => {
      live.delete(id);
      onDispose?.();
    },
  };
}

/** An event whose listeners count as live registrations; `fire` delivers to the listeners still subscribed. */
function trackedEvent<T>(what: string) {
  const listeners = new Set<(value: T) => void>();
  const event = (listener: (value: T) => void) => {
    listeners.add(listener);
    return track(what, () => listeners.delete(listener));
  };
  const fire = (value: T) => {
    for (const listener of [...listeners]) listener(value);
  };
  return { event, fire };
}

export const languages = {
  createDiagnosticCollection: () => ({
    clear: () => diagnosticsSet.clear(),
    set: (uri: Uri, list: Diagnostic[]) => diagnosticsSet.set(uri.toString(), list),
    delete: (uri: Uri) => diagnosticsSet.delete(uri.toString()),
    dispose: () => diagnosticsSet.clear(),
  }),
  registerHoverProvider: () => track('hover provider'),
  registerCodeLensProvider: () => track('CodeLens provider'),
  registerCodeActionsProvider: () => track('code action provider'),
};

export interface WorkspaceFolder {
  uri: Uri;
  name: string;
  index: number;
}

/** `new RelativePattern(folder, glob)`: a glob under a workspace folder. */
export class RelativePattern {
  readonly base: string;
  constructor(
    base: WorkspaceFolder | Uri | string,
    readonly pattern: string,
  ) {
    this.base = typeof base === 'string' ? base : 'uri' in base ? base.uri.fsPath : base.fsPath;
  }
}

/** A glob (`**`, `*`, `?`, `{a,b}`) as a regular expression over `/`-separated relative paths. */
function globRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob[i] as string;
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '{') source += '(?:';
    else if (c === '}') source += ')';
    else if (c === ',') source += '|';
    else source += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules') return [];
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? walk(join(dir, entry.name), relative) : [relative];
  });
}

/** Values `workspace.getConfiguration(section).get(key)` returns, by `section.key` (tests set them). */
export const configuration = new Map<string, unknown>();

/** Every `workspace.applyEdit` call, in order. */
export const appliedEdits: Array<{ edit: WorkspaceEdit; metadata?: { isRefactoring?: boolean } }> = [];

export const workspaceEvents = {
  changeTextDocument: trackedEvent<{ document: TextDocument }>('onDidChangeTextDocument'),
  openTextDocument: trackedEvent<TextDocument>('onDidOpenTextDocument'),
  closeTextDocument: trackedEvent<TextDocument>('onDidCloseTextDocument'),
  changeConfiguration: trackedEvent<{ affectsConfiguration(section: string): boolean }>('onDidChangeConfiguration'),
  changeWorkspaceFolders: trackedEvent<void>('onDidChangeWorkspaceFolders'),
  grantWorkspaceTrust: trackedEvent<void>('onDidGrantWorkspaceTrust'),
};

export const workspace = {
  textDocuments: [] as TextDocument[],
  workspaceFolders: undefined as WorkspaceFolder[] | undefined,
  getWorkspaceFolder(uri: Uri): WorkspaceFolder | undefined {
    return workspace.workspaceFolders?.find((f) => uri.fsPath.startsWith(`${f.uri.fsPath}/`));
  },
  getConfiguration(section: string) {
    return { get: (key: string) => configuration.get(`${section}.${key}`) };
  },
  /** Walks the pattern's folder on disk (skipping `node_modules`) and matches the glob. */
  async findFiles(pattern: RelativePattern, _exclude?: string, max = Number.POSITIVE_INFINITY): Promise<Uri[]> {
    const regExp = globRegExp(pattern.pattern);
    return walk(pattern.base)
      .filter((path) => regExp.test(path))
      .slice(0, max)
      .map((path) => Uri.file(join(pattern.base, path)));
  },
  createFileSystemWatcher() {
    const watcher = track('file system watcher');
    return {
      onDidChange: trackedEvent<Uri>('watcher.onDidChange').event,
      onDidCreate: trackedEvent<Uri>('watcher.onDidCreate').event,
      onDidDelete: trackedEvent<Uri>('watcher.onDidDelete').event,
      dispose: watcher.dispose,
    };
  },
  async applyEdit(edit: WorkspaceEdit, metadata?: { isRefactoring?: boolean }): Promise<boolean> {
    appliedEdits.push({ edit, ...(metadata ? { metadata } : {}) });
    return true;
  },
  onDidChangeTextDocument: workspaceEvents.changeTextDocument.event,
  onDidOpenTextDocument: workspaceEvents.openTextDocument.event,
  onDidCloseTextDocument: workspaceEvents.closeTextDocument.event,
  onDidChangeConfiguration: workspaceEvents.changeConfiguration.event,
  onDidChangeWorkspaceFolders: workspaceEvents.changeWorkspaceFolders.event,
  onDidGrantWorkspaceTrust: workspaceEvents.grantWorkspaceTrust.event,
};

/** A text document over a string, with VS Code's offset/position mapping. */
export class TextDocument {
  readonly uri: Uri;
  readonly languageId = 'typescript';
  readonly isClosed = false;
  private readonly lineStarts: number[];
  constructor(
    path: string,
    private readonly text: string,
  ) {
    this.uri = Uri.file(path);
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i += 1) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }
  getText(): string {
    return this.text;
  }
  offsetAt(position: Position): number {
    return (this.lineStarts[position.line] ?? this.text.length) + position.character;
  }
  positionAt(offset: number): Position {
    let line = 0;
    while (line + 1 < this.lineStarts.length && (this.lineStarts[line + 1] as number) <= offset) line += 1;
    return new Position(line, offset - (this.lineStarts[line] as number));
  }
  lineAt(line: number): { range: Range } {
    const start = this.lineStarts[line] ?? 0;
    const next = this.lineStarts[line + 1];
    const end = next === undefined ? this.text.length : next - 1;
    return { range: new Range(this.positionAt(start), this.positionAt(end)) };
  }
}

/** Decorations set on editors, by decoration type id. */
export const decorationsSet = new Map<number, unknown[]>();
let decorationTypes = 0;

/** Editors tests make visible: each records `setDecorations` calls into `decorationsSet`. */
export const visibleTextEditors: Array<{
  document: TextDocument;
  setDecorations(type: { id: number }, o: unknown[]): void;
}> = [];

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

/** A status bar item as the extension leaves it. */
export interface StatusBarItem {
  id: string;
  name?: string;
  text: string;
  tooltip?: string;
  command?: string;
  backgroundColor?: ThemeColor;
  visible: boolean;
  disposed: boolean;
}

/** Status bar items created, in order. */
export const statusBarItems: StatusBarItem[] = [];

/** Lines written to output channels, as `level: text`. */
export const outputLines: string[] = [];

/** Messages shown to the user (`showInformationMessage` and friends), in order. */
export const messages: Array<{ level: 'info' | 'warning' | 'error'; text: string; items: string[] }> = [];

/** Answers for the next `showInputBox` calls, in order (`undefined` is Escape); the options asked with. */
export const inputBoxAnswers: Array<string | undefined> = [];
export const inputBoxes: Array<Record<string, unknown>> = [];

/** Answers for the next `showQuickPick` calls: each picks from the offered items (`undefined` is Escape). */
export const quickPickAnswers: Array<(items: Array<{ label: string }>) => { label: string } | undefined> = [];
export const quickPicks: Array<{ labels: string[]; options: Record<string, unknown> }> = [];

function message(level: 'info' | 'warning' | 'error') {
  return (text: string, ...items: string[]) => {
    messages.push({ level, text, items });
    return Promise.resolve(undefined);
  };
}

export const window = {
  visibleTextEditors,
  createTextEditorDecorationType: () => {
    decorationTypes += 1;
    return { id: decorationTypes, dispose: () => {} };
  },
  onDidChangeVisibleTextEditors: () => track('onDidChangeVisibleTextEditors'),
  createOutputChannel: (_name: string, _options?: { log: true }) => {
    const channel = track('output channel');
    const write = (level: string) => (text: string) => outputLines.push(`${level}: ${text}`);
    return {
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
      debug: write('debug'),
      trace: write('trace'),
      appendLine: write('line'),
      dispose: channel.dispose,
    };
  },
  createStatusBarItem: (id: string) => {
    const item: StatusBarItem & { show(): void; hide(): void; dispose(): void } = {
      id,
      text: '',
      visible: false,
      disposed: false,
      show: () => {
        item.visible = true;
      },
      hide: () => {
        item.visible = false;
      },
      dispose: track('status bar item', () => {
        item.disposed = true;
      }).dispose,
    };
    statusBarItems.push(item);
    return item;
  },
  createTreeView: () => track('tree view'),
  withProgress: <T>(
    _options: unknown,
    task: (progress: { report(value: unknown): void }, token: unknown) => Promise<T>,
  ): Promise<T> => task({ report: () => {} }, { isCancellationRequested: false }),
  showInformationMessage: message('info'),
  showWarningMessage: message('warning'),
  showErrorMessage: message('error'),
  showInputBox: async (options: Record<string, unknown>) => {
    inputBoxes.push(options);
    return inputBoxAnswers.shift();
  },
  showQuickPick: async <T extends { label: string }>(items: T[], options: Record<string, unknown>) => {
    quickPicks.push({ labels: items.map((i) => i.label), options });
    return quickPickAnswers.shift()?.(items) as T | undefined;
  },
  showTextDocument: async () => undefined,
};

/** Commands registered and not yet disposed, by id. */
export const registeredCommands = new Map<string, (...args: unknown[]) => unknown>();

/** Every `executeCommand` call, in order (also those without a registered handler, like `view.focus`). */
export const executedCommands: Array<{ id: string; args: unknown[] }> = [];

export const commands = {
  registerCommand(id: string, handler: (...args: unknown[]) => unknown) {
    if (registeredCommands.has(id)) throw new Error(`command '${id}' already exists`);
    registeredCommands.set(id, handler);
    return track(`command ${id}`, () => registeredCommands.delete(id));
  },
  async executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    executedCommands.push({ id, args });
    return registeredCommands.get(id)?.(...args);
  },
};

/** SecretStorage in memory, with VS Code's change event. */
export class MemorySecretStorage {
  readonly values = new Map<string, string>();
  private readonly changed = trackedEvent<{ key: string }>('secrets.onDidChange');
  readonly onDidChange = this.changed.event;
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.changed.fire({ key });
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.changed.fire({ key });
  }
}

/** Forgets what earlier tests recorded (answers, messages, edits, commands, items, settings). */
export function resetMock(): void {
  for (const list of [
    appliedEdits,
    statusBarItems,
    outputLines,
    messages,
    inputBoxAnswers,
    inputBoxes,
    quickPickAnswers,
    quickPicks,
    executedCommands,
    workspace.textDocuments,
  ] as unknown[][]) {
    list.splice(0, list.length);
  }
  configuration.clear();
  workspace.workspaceFolders = undefined;
}

/** An editor over a document, recording decorations. */
export function editorOf(document: TextDocument) {
  return {
    document,
    setDecorations: (type: { id: number }, options: unknown[]) => decorationsSet.set(type.id, options),
  };
}
