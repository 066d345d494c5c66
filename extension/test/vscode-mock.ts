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

export class WorkspaceEdit {
  readonly replacements: Array<{ uri: Uri; range: Range; text: string }> = [];
  replace(uri: Uri, range: Range, text: string): void {
    this.replacements.push({ uri, range, text });
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

export const languages = {
  createDiagnosticCollection: () => ({
    clear: () => diagnosticsSet.clear(),
    set: (uri: Uri, list: Diagnostic[]) => diagnosticsSet.set(uri.toString(), list),
    dispose: () => diagnosticsSet.clear(),
  }),
};

export const workspace = { textDocuments: [] as TextDocument[] };

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

export const window = {
  visibleTextEditors,
  createTextEditorDecorationType: () => {
    decorationTypes += 1;
    return { id: decorationTypes, dispose: () => {} };
  },
  onDidChangeVisibleTextEditors: () => ({ dispose: () => {} }),
};

/** An editor over a document, recording decorations. */
export function editorOf(document: TextDocument) {
  return {
    document,
    setDecorations: (type: { id: number }, options: unknown[]) => decorationsSet.set(type.id, options),
  };
}
