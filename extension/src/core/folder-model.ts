import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import {
  type AviaryConfig,
  assessStaleness,
  type CleanupEdit,
  ConfigError,
  cleanupFlag,
  DefinitionError,
  defaultConfig,
  FlagAnalyzer,
  type FlagDefinition,
  type FlagExpiry,
  type FlagReference,
  type FlagValue,
  type FlagWrapper,
  literalValue,
  loadConfig,
  loadFlagdDefinitions,
  parseFlagValue,
  type StalenessReport,
} from '@aviary/engine/code';
import type { FlagScanner } from '../scan/flag-scanner';
import type { EngineSnapshot } from './engine-client';
import type { FlagSummary } from './flag-summary';
import type { Settings } from './settings';
import { toSummaries } from './to-summaries';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface CleanupChanges {
  /** Per file, the library's line-granular edits against the text it was given. */
  changes: Array<{ path: string; displayPath: string; edits: CleanupEdit[] }>;
  /** Patterns the codemod left in place, new type errors, files whose rewrite would not parse; one line each. */
  notes: string[];
  /** What to do after merging (archive the flag once deployed). */
  followUp: string;
}

/** The value to keep as the codemod wants it, from a JavaScript literal (`false`, `'blue'`, `3`) or bare text. */
export function keepValueOf(
  text: string,
  kind: FlagReference['valueKind'],
): { ok: true; value: FlagValue } | { ok: false; message: string } {
  const literal = literalValue(text);
  if (typeof literal === 'boolean' || typeof literal === 'number' || typeof literal === 'string') {
    return { ok: true, value: literal };
  }
  return parseFlagValue(text.trim(), kind);
}

/** The settings win over the team's `aviary.config.*` for what a developer may tune locally. */
export function effectiveConfig(config: AviaryConfig, settings: Settings): AviaryConfig {
  return {
    ...config,
    staleness: {
      ...config.staleness,
      rolledOutDays: settings.rolledOutDays,
      noEvaluationDays: settings.noEvaluationDays,
      lifetimes: { ...config.staleness.lifetimes, ...settings.lifetimes },
    },
  };
}

function toPosix(path: string): string {
  return path.split('\\').join('/');
}

/**
 * Everything Aviary knows about one workspace folder: config, definitions, references (one full scan, then one
 * document at a time through the library's incremental `FlagAnalyzer`), engine data, and the staleness report.
 */
export class FolderModel {
  private config: AviaryConfig = defaultConfig();
  private configFile: string | null = null;
  private definitionFiles = new Set<string>();
  private definitions: FlagDefinition[] = [];
  private analyzer: FlagAnalyzer | null = null;
  private readonly references = new Map<string, FlagReference[]>();
  private wrappers: FlagWrapper[] = [];
  private readonly expiries = new Map<string, FlagExpiry[]>();
  private engine: EngineSnapshot = { status: 'not-configured' };
  private revision = 0;
  private cache: { revision: number; report: StalenessReport; byKey: Map<string, FlagSummary> } | null = null;

  constructor(
    readonly root: string,
    private readonly settings: Settings,
    private readonly log: Logger,
    /** Runs the full scan: a worker thread in the extension, the library in-process in unit tests. */
    private readonly scanner: FlagScanner,
  ) {}

  /**
   * Loads config and definitions, then scans the folder with the injected scanner. Bad files are reported and the
   * rest keeps working; the scanner's own failure (or `ScanCancelled`) rejects.
   */
  async load(definitionFiles: readonly string[], onProgress?: (done: number, total: number) => void): Promise<void> {
    const explicit = resolve(this.root, this.settings.configFile);
    try {
      const loaded = loadConfig(existsSync(explicit) ? { path: explicit, dir: this.root } : { dir: this.root });
      this.config = effectiveConfig(loaded.config, this.settings);
      this.configFile = loaded.file;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.log.error(`${error.message} (using the built-in defaults)`);
      this.config = effectiveConfig(defaultConfig(), this.settings);
      this.configFile = explicit;
    }
    const files = [...definitionFiles, ...this.config.definitions.map((d) => resolve(this.root, d))];
    this.definitionFiles = new Set(files.map((f) => resolve(f)));
    try {
      this.definitions = loadFlagdDefinitions(
        [...this.definitionFiles].map((path) => ({ path, display: toPosix(relative(this.root, path)) })),
      );
    } catch (error) {
      if (!(error instanceof DefinitionError)) throw error;
      this.log.error(error.message);
      this.definitions = [];
    }
    const knownKeys = new Set(this.definitions.map((d) => d.key));
    const scan = await this.scanner.scan(
      { root: this.root, config: this.config, knownKeys: [...knownKeys] },
      (phase, done, total) => {
        if (phase === 'parse') onProgress?.(done, total);
      },
    );
    for (const e of scan.errors) this.log.warn(`${e.file}: ${e.message}`);
    this.references.clear();
    this.expiries.clear();
    for (const r of scan.references) this.references.set(r.file, [...(this.references.get(r.file) ?? []), r]);
    for (const e of scan.expiries) this.expiries.set(e.file, [...(this.expiries.get(e.file) ?? []), e]);
    this.analyzer = new FlagAnalyzer(this.root, this.config);
    this.analyzer.setWrappers(scan.wrappers);
    this.wrappers = scan.wrappers;
    this.analyzer.setKnownKeys(knownKeys);
    this.revision += 1;
    this.log.info(
      `${this.root}: ${scan.filesScanned} files scanned, ${scan.references.length} flag references, ${this.definitions.length} definitions`,
    );
  }

  /** Whether a change of this file needs a full reload (config or definitions). */
  isDefinitionOrConfigFile(path: string): boolean {
    const absolute = resolve(path);
    return this.definitionFiles.has(absolute) || (this.configFile !== null && absolute === resolve(this.configFile));
  }

  setEngine(engine: EngineSnapshot): void {
    this.engine = engine;
    this.revision += 1;
  }

  /** Re-analyses one document from its current text (the editor's unsaved text). */
  updateDocument(path: string, text: string): void {
    if (!this.analyzer) return;
    const display = toPosix(relative(this.root, path));
    if (display.startsWith('..')) return;
    const result = this.analyzer.analyzeDocument(path, text);
    if (result.references.length > 0) this.references.set(display, result.references);
    else this.references.delete(display);
    if (result.expiries.length > 0) this.expiries.set(display, result.expiries);
    else this.expiries.delete(display);
    this.revision += 1;
  }

  /** Re-reads a file that changed on disk and is not open in an editor. */
  updateFromDisk(path: string): void {
    this.analyzer?.fileChanged(path);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      this.removeFile(path);
      return;
    }
    this.updateDocument(path, text);
  }

  /** The editor closed a document: the disk is authoritative again. */
  closeDocument(path: string): void {
    this.analyzer?.closeDocument(path);
    this.updateFromDisk(path);
  }

  removeFile(path: string): void {
    this.analyzer?.fileChanged(path);
    const display = toPosix(relative(this.root, path));
    this.references.delete(display);
    this.expiries.delete(display);
    this.revision += 1;
  }

  referencesIn(path: string): readonly FlagReference[] {
    return this.references.get(toPosix(relative(this.root, path))) ?? [];
  }

  /** The library's staleness report and the summaries derived from it, recomputed only after a change. */
  private current(): { report: StalenessReport; byKey: Map<string, FlagSummary> } {
    if (this.cache?.revision === this.revision) return this.cache;
    const now = Date.now();
    const engine = this.engine.status === 'connected' ? this.engine : null;
    const report = assessStaleness({
      references: [...this.references.values()].flat(),
      definitions: this.definitions,
      ...(engine ? { live: engine.live } : {}),
      expiries: [...this.expiries.values()].flat(),
      config: this.config.staleness,
      now,
    });
    const byKey = new Map(toSummaries(report, engine, now).map((s) => [s.key, s]));
    this.cache = { revision: this.revision, report, byKey };
    return this.cache;
  }

  summaries(): FlagSummary[] {
    return [...this.current().byKey.values()];
  }

  summary(key: string): FlagSummary | undefined {
    return this.current().byKey.get(key);
  }

  unresolvedReferences(): FlagReference[] {
    return this.current().report.unresolved;
  }

  /**
   * Runs the library's cleanup codemod for `key` kept at `valueText` over every file that evaluates it. Open
   * editors' texts win over the disk. Nothing is written: the caller turns the edits into a `WorkspaceEdit`.
   */
  cleanup(key: string, valueText: string, openTexts: ReadonlyMap<string, string>): CleanupChanges | { error: string } {
    const references = [...this.references.values()].flat().filter((r) => r.key === key);
    if (references.length === 0) return { error: `no references to '${key}' in ${this.root}` };
    const value = keepValueOf(valueText, references[0]?.valueKind ?? 'unknown');
    if (!value.ok) return { error: `cannot keep ${valueText} for '${key}': ${value.message}` };
    const paths = [...new Set(references.map((r) => resolve(this.root, r.file)))];
    const result = cleanupFlag({
      key,
      value: value.value,
      files: paths.map((path) => ({ path, text: openTexts.get(path) ?? readFileSync(path, 'utf8') })),
      root: this.root,
      config: this.config,
      wrappers: this.wrappers,
    });
    const notes = [
      ...result.skipped.map((s) => `${s.file}:${s.line}:${s.column}: left in place: ${s.message}`),
      ...result.newDiagnostics.map(
        (d) => `${d.file}:${d.line}:${d.column}: new TypeScript error TS${d.code}: ${d.message}`,
      ),
      ...result.failed.map((f) => `${f.file}: ${f.message}`),
    ];
    return {
      changes: result.files.map((f) => ({ path: f.path, displayPath: f.displayPath, edits: f.edits })),
      notes,
      followUp: result.followUp,
    };
  }
}
