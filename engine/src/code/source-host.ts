import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { blankQuietBlocks } from './blank-quiet-blocks';
import { ts } from './typescript';

/** Gives parsed source files by absolute path and resolves relative imports between them. */
export interface SourceHost {
  /** Changes whenever some file's content may have changed (for caches of derived facts). */
  readonly version: number;
  getSourceFile(path: string): ts.SourceFile | undefined;
  resolveModule(fromFile: string, specifier: string): string | undefined;
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

export function scriptKindFor(path: string): ts.ScriptKind {
  switch (extname(path)) {
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.jsx':
      return ts.ScriptKind.JSX;
    case '.js':
    case '.mjs':
    case '.cjs':
      return ts.ScriptKind.JS;
    default:
      return ts.ScriptKind.TS;
  }
}

/** Parses with parent pointers on every node. Syntax only: no program, no checker. */
export function parseSource(path: string, text: string): ts.SourceFile {
  return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKindFor(path));
}

/**
 * Parses for the reference finder: no parent pointers and no JSDoc parsing, about a quarter cheaper. The finder
 * sets parents on the paths it walks and on the declarations it reads (`ensureParents`).
 */
export function parseSourceForScan(path: string, text: string): ts.SourceFile {
  return ts.createSourceFile(
    path,
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    false,
    scriptKindFor(path),
  );
}

/** Trees parsed from blanked text: the `{`, `}` offsets of the blocks parsed as empty. */
const partialTrees = new WeakMap<ts.SourceFile, ReadonlyArray<readonly [number, number]>>();

/**
 * Parses a candidate file for the reference finder, given the offsets of the API names in it (sorted): statement
 * blocks without any are parsed as empty (`blankQuietBlocks`), which skips most of a typical file. The tree is
 * used only where that is checked to be exact: every blanked range must come back as an empty block and the parse
 * must have no errors, else the whole text is parsed. The returned tree carries the original text, so node
 * positions, lines and `getText()` are those of a full parse. JSX files, and files where `hits` is undefined,
 * are always parsed whole.
 */
export function parseCandidate(path: string, text: string, hits: readonly number[] | undefined): ts.SourceFile {
  const kind = scriptKindFor(path);
  const jsx = kind === ts.ScriptKind.TSX || kind === ts.ScriptKind.JSX;
  const blanked = hits && !jsx ? blankQuietBlocks(text, hits) : undefined;
  if (blanked) {
    const sourceFile = parseSourceForScan(path, blanked.text);
    if (isExactPartialParse(sourceFile, blanked.ranges)) {
      (sourceFile as { text: string }).text = text;
      partialTrees.set(sourceFile, blanked.ranges);
      return sourceFile;
    }
  }
  return parseSourceForScan(path, text);
}

/**
 * Whether a tree from `parseCandidate` has every subtree that contains one of `hits` (sorted offsets; undefined:
 * the whole file is needed).
 */
export function coversHits(sourceFile: ts.SourceFile, hits: readonly number[] | undefined): boolean {
  const ranges = partialTrees.get(sourceFile);
  if (!ranges) return true;
  if (!hits) return false;
  let h = 0;
  for (const [open, close] of ranges) {
    while (h < hits.length && (hits[h] as number) <= open) h += 1;
    if (h < hits.length && (hits[h] as number) < close) return false;
  }
  return true;
}

function isExactPartialParse(sourceFile: ts.SourceFile, ranges: ReadonlyArray<readonly [number, number]>): boolean {
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics;
  if (!diagnostics || diagnostics.length > 0) return false;
  return ranges.every(([open, close]) => isEmptyBlockAt(sourceFile, open, close));
}

/** Whether the tree has an empty statement block or case block spanning exactly `{` at `open` to `}` at `close`. */
function isEmptyBlockAt(sourceFile: ts.SourceFile, open: number, close: number): boolean {
  let node: ts.Node = sourceFile;
  for (;;) {
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (child.pos <= open && open < child.end) {
        next = child;
        return true;
      }
      return undefined;
    });
    if (!next) return false;
    node = next;
    if (node.end === close + 1 && node.getStart(sourceFile) === open) {
      if (ts.isBlock(node)) return node.statements.length === 0;
      if (ts.isCaseBlock(node)) return node.clauses.length === 0;
      return false;
    }
  }
}

const parented = new WeakSet<ts.Node>();

/** Gives `node` (a statement of `container`) and everything under it parent pointers, once. */
export function ensureParents(node: ts.Node, container: ts.Node): void {
  if (parented.has(node)) return;
  parented.add(node);
  if (!node.parent) (node as { parent: ts.Node }).parent = container;
  const bind = (parent: ts.Node): void => {
    ts.forEachChild(parent, (child) => {
      (child as { parent: ts.Node }).parent = parent;
      bind(child);
    });
  };
  bind(node);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * A cache of parsed files read from disk, with in-memory overlays for documents being edited (the editor's
 * unsaved text wins over the disk). Relative specifiers are resolved the way TypeScript's Bundler resolution
 * does for local files: exact file, with each extension (a `.js` written for a `.ts` file included), or `index.*`.
 */
export class SourceCache implements SourceHost {
  private readonly parsed = new Map<string, ts.SourceFile | null>();
  private readonly overlays = new Map<string, string>();
  private readonly resolved = new Map<string, string | null>();
  private generation = 0;

  /** Bumped whenever a file's content may have changed: caches derived from files compare against it. */
  get version(): number {
    return this.generation;
  }

  /** Sets the text of a document (editor buffer); the next lookup re-parses it. */
  setOverlay(path: string, text: string): void {
    this.overlays.set(path, text);
    this.changed(path);
  }

  removeOverlay(path: string): void {
    this.overlays.delete(path);
    this.changed(path);
  }

  /** Forgets a parsed file (it changed on disk). */
  invalidate(path: string): void {
    this.changed(path);
  }

  private changed(path: string): void {
    this.parsed.delete(path);
    this.resolved.clear();
    this.generation += 1;
  }

  /** Stores an already-parsed file (the scanner parsed it anyway). */
  put(sourceFile: ts.SourceFile): void {
    const previous = this.parsed.get(sourceFile.fileName);
    if (previous && previous !== sourceFile) this.generation += 1;
    this.parsed.set(sourceFile.fileName, sourceFile);
  }

  getSourceFile(path: string): ts.SourceFile | undefined {
    const cached = this.parsed.get(path);
    if (cached !== undefined) return cached ?? undefined;
    let text = this.overlays.get(path);
    if (text === undefined) {
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        this.parsed.set(path, null);
        return undefined;
      }
    }
    const sourceFile = parseSourceForScan(path, text);
    this.parsed.set(path, sourceFile);
    return sourceFile;
  }

  /** The parsed file if it is cached and still has this text (no disk access). */
  peek(path: string, text: string): ts.SourceFile | undefined {
    const cached = this.parsed.get(path);
    return cached && cached.text === text ? cached : undefined;
  }

  resolveModule(fromFile: string, specifier: string): string | undefined {
    if (!specifier.startsWith('.') && !specifier.startsWith('/')) return undefined;
    const base = resolve(dirname(fromFile), specifier);
    const cached = this.resolved.get(base);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.findModuleFile(base);
    this.resolved.set(base, found ?? null);
    return found;
  }

  private findModuleFile(base: string): string | undefined {
    const candidates: string[] = [];
    const ext = extname(base);
    if (EXTENSIONS.includes(ext)) {
      const stem = base.slice(0, -ext.length);
      if (ext === '.js' || ext === '.jsx') candidates.push(`${stem}.ts`, `${stem}.tsx`);
      if (ext === '.mjs') candidates.push(`${stem}.mts`);
      if (ext === '.cjs') candidates.push(`${stem}.cts`);
      candidates.push(base);
    } else {
      for (const e of EXTENSIONS) candidates.push(base + e);
      for (const e of EXTENSIONS) candidates.push(`${base}/index${e}`);
    }
    for (const candidate of candidates) {
      if (this.overlays.has(candidate) || this.parsed.get(candidate) || (existsSync(candidate) && isFile(candidate))) {
        return candidate;
      }
    }
    return undefined;
  }
}
