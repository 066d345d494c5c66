import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { ts } from 'ts-morph';
import { CandidateAnalyzer } from '../analyze-files';
import type { FlagReference, FlagWrapper } from '../flag-reference';
import { defaultConfig } from '../load-config';
import { resolveApiSpecs } from '../presets';
import { scanFlags } from '../scan';
import type { AviaryConfig } from '../sdk-config';
import { parseSource, SourceCache } from '../source-host';
import { toPosix } from '../walk-files';
import { type FlagValue, parseFlagValue } from './flag-literal';
import { FileFolder, type FlagEvaluation, type SkippedPattern } from './fold-file';
import { diffLines, splitLines } from './line-diff';
import { removeNewlyUnused } from './remove-unused';
import { type CodeDiagnostic, newTypeDiagnostics } from './type-diagnostics';
import { findWrapperCalls, wrapperCallsIn } from './wrapper-calls';
import { type WrapperTransform, wrapperTransform } from './wrapper-transform';

/** A replacement in the original text, with both offsets and 0-based line/character positions (LSP-style). */
export interface CleanupEdit {
  start: number;
  end: number;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

export interface FileCleanup {
  /** Absolute path. */
  path: string;
  displayPath: string;
  originalText: string;
  newText: string;
  /** Line-granular edits that turn `originalText` into `newText`, in order, non-overlapping. */
  edits: CleanupEdit[];
  /** Evaluations of the flag replaced in this file. */
  evaluations: number;
}

export interface CleanupResult {
  key: string;
  value: FlagValue;
  files: FileCleanup[];
  /** Constructs left in place, with file and line. */
  skipped: SkippedPattern[];
  /** TypeScript diagnostics of touched files that did not exist before the rewrite (empty when not checked). */
  newDiagnostics: CodeDiagnostic[];
  /** Files whose rewrite did not parse: they are not in `files` and must not be written. */
  failed: Array<{ file: string; message: string }>;
  /** What to do next in the flag system. */
  followUp: string;
}

export interface CleanupInput {
  key: string;
  value: FlagValue;
  /** Files to clean, with their current text (an editor's unsaved buffer, or the disk). */
  files: ReadonlyArray<{ path: string; text: string }>;
  /** Repository root, for display paths (default: the current directory). */
  root?: string;
  /** SDK presets and custom APIs (default: `defaultConfig()`). */
  config?: AviaryConfig;
  /** References from an earlier scan (offsets into the given texts); found again when absent. */
  references?: readonly FlagReference[];
  /** Wrappers from an earlier scan, so that calls through them in these files are found. */
  wrappers?: readonly FlagWrapper[];
  /** Type-check touched files before and after (default true). */
  checkTypes?: boolean;
}

export function followUpMessage(key: string): string {
  return `archive flag ${key} in your flag system after this change is deployed`;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (const line of splitLines(text)) starts.push((starts[starts.length - 1] as number) + line.length);
  return starts;
}

/** Turns a before/after pair into line-granular edits against `before`. */
export function textEdits(before: string, after: string): CleanupEdit[] {
  const starts = lineStarts(before);
  const offsetOf = (line: number) => starts[Math.min(line, starts.length - 1)] as number;
  const position = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - (starts[lo] as number) };
  };
  return diffLines(before, after).map((change) => {
    const start = offsetOf(change.oldStart);
    const end = offsetOf(change.oldStart + change.oldLines.length);
    return { start, end, range: { start: position(start), end: position(end) }, newText: change.newLines.join('') };
  });
}

/** The first syntax error of a text, with its line, or `undefined` when it parses. */
export function parseError(path: string, text: string, parsed?: ts.SourceFile): string | undefined {
  const sf = (parsed ?? parseSource(path, text)) as ts.SourceFile & { parseDiagnostics?: ts.Diagnostic[] };
  const first = sf.parseDiagnostics?.[0];
  if (!first) return undefined;
  const { line } = sf.getLineAndCharacterOfPosition(first.start ?? 0);
  return `line ${line + 1}: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}`;
}

/**
 * Removes one flag from the given files: every evaluation becomes `value` and the code that depended on it is
 * folded. Nothing is written: the caller applies `newText` or `edits`. This is the API the editor extension calls.
 */
export function cleanupFlag(input: CleanupInput): CleanupResult {
  const root = resolve(input.root ?? '.');
  const config = input.config ?? defaultConfig();
  const display = (path: string) => toPosix(relative(root, path));
  const result: CleanupResult = {
    key: input.key,
    value: input.value,
    files: [],
    skipped: [],
    newDiagnostics: [],
    failed: [],
    followUp: followUpMessage(input.key),
  };
  const files = input.files.map((f) => ({ path: isAbsolute(f.path) ? f.path : resolve(root, f.path), text: f.text }));
  const byFile = new Map<string, FlagReference[]>();
  const foundWrappers: FlagWrapper[] = [];
  if (input.references) {
    for (const ref of input.references) {
      if (ref.key !== input.key) continue;
      const path = isAbsolute(ref.file) ? ref.file : resolve(root, ref.file);
      byFile.set(path, [...(byFile.get(path) ?? []), ref]);
    }
  } else {
    // The key is known: destructured camelCase names (`useFlags()`) map back to it.
    const analyzer = new CandidateAnalyzer(resolveApiSpecs(config.presets, config.apis), new Set([input.key]));
    const candidates = files.map((f) => ({ path: f.path, displayPath: display(f.path), text: f.text, isTest: false }));
    let wrappers = [...(input.wrappers ?? [])];
    let analyses = analyzer.analyze(candidates, wrappers);
    const found = [...analyses.values()].flatMap((a) => a.wrappers).filter((w) => w.keyArg !== null);
    foundWrappers.push(...[...analyses.values()].flatMap((a) => a.wrappers));
    if (found.length > 0) {
      wrappers = [...wrappers, ...found];
      analyses = analyzer.analyze(candidates, wrappers);
    }
    // Calls of exported wrappers of this one flag, imported from their module by the given files.
    const fixed = [...wrappers, ...[...analyses.values()].flatMap((a) => a.wrappers)].filter(
      (w) => w.keyArg === null && w.key === input.key,
    );
    const host = new SourceCache();
    for (const file of files) host.setOverlay(file.path, file.text);
    for (const file of files) {
      const refs = (analyses.get(file.path)?.references ?? []).filter((r) => r.key === input.key);
      // Same-file calls of a constant wrapper are folded by the file's own pass; only imports matter here.
      const imported = fixed.filter((w) => w.file !== display(file.path) && file.text.includes(w.name));
      if (imported.length > 0) {
        refs.push(...wrapperCallsIn(parseSource(file.path, file.text), imported, root, display(file.path), host));
      }
      if (refs.length > 0) byFile.set(file.path, refs);
    }
  }
  const wrappers = new Map<string, FlagWrapper>();
  for (const w of [...(input.wrappers ?? []), ...foundWrappers]) {
    if (w.keyArg !== null || w.key === input.key) wrappers.set(w.name, w);
  }
  const textOf = (displayPath: string): string | undefined => {
    const path = resolve(root, displayPath);
    const given = files.find((f) => f.path === path);
    if (given) return given.text;
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  const transforms = new Map<string, WrapperTransform | undefined>();
  const transformFor = (name: string): WrapperTransform | undefined => {
    if (transforms.has(name)) return transforms.get(name);
    const wrapper = wrappers.get(name);
    const text = wrapper ? textOf(wrapper.file) : undefined;
    const transform =
      wrapper && text !== undefined
        ? wrapperTransform(parseSource(resolve(root, wrapper.file), text), wrapper)
        : undefined;
    transforms.set(name, transform);
    return transform;
  };
  const touched = new Map<string, { before: string; after: string }>();
  for (const file of files) {
    const refs = byFile.get(file.path);
    if (!refs) continue;
    const sf = parseSource(file.path, file.text);
    const evaluations: FlagEvaluation[] = [];
    for (const r of refs) {
      if (!r.viaWrapper) {
        evaluations.push({ start: r.start, end: r.end, call: r.call });
        continue;
      }
      const transform = transformFor(r.viaWrapper);
      if (transform === undefined) {
        result.skipped.push({
          file: r.file,
          line: r.line,
          column: r.column,
          message: `call through wrapper ${r.viaWrapper}, which does more than return the evaluation: left unchanged`,
        });
        continue;
      }
      if (transform.kind === 'negate' && typeof input.value !== 'boolean') continue;
      const value = transform.kind === 'negate' ? !input.value : input.value;
      evaluations.push({
        start: r.start,
        end: r.end,
        call: r.call,
        value,
        ...(transform.async ? { awaited: true } : {}),
      });
    }
    const evaluators = new Set([...wrappers.keys()].map((name) => name.slice(name.lastIndexOf('.') + 1)));
    const folder = new FileFolder(sf, evaluations, input.value, display(file.path), evaluators);
    const folded = folder.run();
    result.skipped.push(...folded.skipped);
    if (!folded.changed) continue;
    const { text: newText, sourceFile } = removeNewlyUnused(sf, folded.text, file.path);
    const error = parseError(file.path, newText, sourceFile);
    if (error) {
      result.failed.push({ file: display(file.path), message: `the rewrite would not parse (${error}); not written` });
      continue;
    }
    touched.set(file.path, { before: file.text, after: newText });
    result.files.push({
      path: file.path,
      displayPath: display(file.path),
      originalText: file.text,
      newText,
      edits: textEdits(file.text, newText),
      evaluations: folder.evaluationCount,
    });
  }
  result.skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  if ((input.checkTypes ?? true) && touched.size > 0) result.newDiagnostics = newTypeDiagnostics(touched, display);
  return result;
}

export interface CleanupTreeOptions {
  key: string;
  /** The value to keep, or its command-line text, read according to how the flag is evaluated. */
  value: FlagValue | { text: string };
  root: string;
  paths?: readonly string[];
  config: AviaryConfig;
  checkTypes?: boolean;
  onProgress?: (phase: 'read' | 'parse', done: number, total: number) => void;
}

/** Scans a tree for the flag (wrappers across files included) and cleans the files that evaluate it. */
export async function cleanupFlagInTree(
  options: CleanupTreeOptions,
): Promise<CleanupResult & { references: FlagReference[] }> {
  const root = resolve(options.root);
  const scan = await scanFlags({
    root,
    config: options.config,
    knownKeys: new Set([options.key]),
    ...(options.paths ? { paths: options.paths } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const display = (path: string) => toPosix(relative(root, path));
  const read = (path: string): string | undefined => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  const references = [
    ...scan.references.filter((r) => r.key === options.key),
    ...findWrapperCalls({
      root,
      config: options.config,
      wrappers: scan.wrappers.filter((w) => w.key === options.key),
      read,
      display,
      ...(options.paths ? { paths: options.paths } : {}),
    }),
  ];
  let value: FlagValue;
  if (typeof options.value === 'object') {
    const kinds = new Set(references.map((r) => r.valueKind));
    kinds.delete('unknown');
    if (kinds.size > 1) {
      throw new Error(`flag ${options.key} is evaluated as ${[...kinds].join(' and ')}; clean it up by hand`);
    }
    const parsed = parseFlagValue(options.value.text, [...kinds][0] ?? 'unknown');
    if (!parsed.ok) throw new Error(`--value: ${parsed.message}`);
    value = parsed.value;
  } else {
    value = options.value;
  }
  const paths = [...new Set(references.map((r) => resolve(root, r.file)))];
  const files = paths.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  const result = cleanupFlag({
    key: options.key,
    value,
    files,
    root,
    config: options.config,
    references,
    wrappers: scan.wrappers,
    ...(options.checkTypes === undefined ? {} : { checkTypes: options.checkTypes }),
  });
  return { ...result, references };
}
