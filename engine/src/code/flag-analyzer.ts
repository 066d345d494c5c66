import { relative, resolve } from 'node:path';
import { type ApiMatcher, createApiMatcher, createPrefilter } from './api-matcher';
import { type FlagExpiry, findExpiryComments, mentionsExpiry } from './expiry-comments';
import { analyzeSourceFile, type FileAnalysis } from './find-references';
import type { FlagWrapper } from './flag-reference';
import { resolveApiSpecs } from './presets';
import { isTestPath } from './scan';
import type { ApiSpec, AviaryConfig } from './sdk-config';
import { parseSourceForScan, SourceCache } from './source-host';
import { StaticEvaluator } from './static-value';
import { ts } from './typescript';
import { toPosix } from './walk-files';

export interface DocumentAnalysis extends FileAnalysis {
  expiries: FlagExpiry[];
}

/**
 * Incremental, per-document analysis for editors: keeps parsed files and resolved imports between calls, so
 * re-analysing one edited file costs one parse of it plus a walk of the subtrees that mention an API name.
 * Feed it the wrappers and known keys from a full `scanFlags` so that wrapper calls and camelCased keys resolve.
 */
export class FlagAnalyzer {
  readonly sources = new SourceCache();
  private readonly evaluator = new StaticEvaluator(this.sources);
  private readonly specs: ApiSpec[];
  private readonly isTest: (path: string) => boolean;
  private apis: ApiMatcher;
  private mentionsApi: (text: string) => boolean;
  private knownKeys: ReadonlySet<string> | undefined;
  /** The last parse of each open document, reused by TypeScript's incremental parser on the next edit. */
  private readonly documents = new Map<string, ts.SourceFile>();

  constructor(
    private readonly root: string,
    config: AviaryConfig,
  ) {
    this.specs = resolveApiSpecs(config.presets, config.apis);
    this.isTest = isTestPath(config);
    this.apis = createApiMatcher(this.specs);
    this.mentionsApi = createPrefilter(this.apis.names);
  }

  /** Wrapper functions found by a full scan: their call sites count as evaluations. */
  setWrappers(wrappers: readonly FlagWrapper[]): void {
    this.apis = createApiMatcher(this.specs, wrappers);
    this.mentionsApi = createPrefilter(this.apis.names);
  }

  /** Defined flag keys (maps LaunchDarkly's camelCased names back to keys). */
  setKnownKeys(keys: ReadonlySet<string>): void {
    this.knownKeys = keys;
  }

  /** Analyses the current text of a document (unsaved edits included). `path` is absolute or relative to root. */
  analyzeDocument(path: string, text: string): DocumentAnalysis {
    const absolute = resolve(this.root, path);
    this.sources.setOverlay(absolute, text);
    const displayPath = toPosix(relative(this.root, absolute));
    const hasExpiry = mentionsExpiry(text);
    if (!this.mentionsApi(text)) {
      return {
        references: [],
        wrappers: [],
        expiries: hasExpiry ? findExpiryComments(text, displayPath, () => null) : [],
      };
    }
    const previous = this.documents.get(absolute);
    const sourceFile = previous ? reparse(previous, text) : parseSourceForScan(absolute, text);
    this.documents.set(absolute, sourceFile);
    this.sources.put(sourceFile);
    const context = { apis: this.apis, evaluator: this.evaluator, displayPath, isTest: this.isTest(displayPath) };
    const result = analyzeSourceFile(sourceFile, this.knownKeys ? { ...context, knownKeys: this.knownKeys } : context);
    const expiries = hasExpiry
      ? findExpiryComments(text, displayPath, (line) => result.references.find((r) => r.line === line)?.key)
      : [];
    return { ...result, expiries };
  }

  /** The document was closed: read it from disk again from now on. */
  closeDocument(path: string): void {
    this.documents.delete(resolve(this.root, path));
    this.sources.removeOverlay(resolve(this.root, path));
  }

  /** A file changed on disk (a constant another file imports may have changed). */
  fileChanged(path: string): void {
    this.sources.invalidate(resolve(this.root, path));
  }
}

/**
 * Re-parses an edited document incrementally: the changed span is the text between the common prefix and the
 * common suffix, and TypeScript reuses the nodes outside it. The previous tree must not be used afterwards.
 */
function reparse(previous: ts.SourceFile, text: string): ts.SourceFile {
  const old = previous.text;
  if (old === text) return previous;
  const max = Math.min(old.length, text.length);
  let prefix = 0;
  while (prefix < max && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix += 1;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)
  ) {
    suffix += 1;
  }
  const span = ts.createTextSpan(prefix, old.length - prefix - suffix);
  return ts.updateSourceFile(previous, text, ts.createTextChangeRange(span, text.length - prefix - suffix));
}
