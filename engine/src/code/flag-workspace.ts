import { relative, resolve } from 'node:path';
import { type DocumentAnalysis, FlagAnalyzer } from './flag-analyzer';
import type { FlagReference } from './flag-reference';
import { type FlagDefinition, loadFlagdDefinitions } from './flagd-definitions';
import { fetchLiveStatus, type LiveFlagStatus } from './live-status';
import { loadConfig } from './load-config';
import { type ScanResult, scanFlags } from './scan';
import type { AviaryConfig } from './sdk-config';
import { assessStaleness, type FlagStatus, type StalenessReport } from './staleness';
import { toPosix } from './walk-files';

export interface FlagWorkspaceOptions {
  root: string;
  /** Config file; default `aviary.config.*` in the root. */
  configPath?: string;
  /** Overrides the config's engine URL (null: no live status). */
  engineUrl?: string | null;
  engineToken?: string;
  onProgress?: (phase: 'read' | 'parse', done: number, total: number) => void;
}

/**
 * Everything an editor needs about flags in one workspace: a full scan once, then per-document updates, with
 * definitions, live status and staleness kept consistent with what `aviary flags stale` would say.
 */
export class FlagWorkspace {
  private scan: ScanResult;
  private readonly documents = new Map<string, DocumentAnalysis>();
  private live: Map<string, LiveFlagStatus> | undefined;
  /** Why live status is missing, when an engine was configured but could not be read. */
  liveError: string | null = null;

  private constructor(
    readonly root: string,
    readonly config: AviaryConfig,
    readonly definitions: FlagDefinition[],
    readonly analyzer: FlagAnalyzer,
    scan: ScanResult,
  ) {
    this.scan = scan;
  }

  /** Loads the config and definitions and scans the workspace. Throws ConfigError / DefinitionError on bad input. */
  static async open(options: FlagWorkspaceOptions): Promise<FlagWorkspace> {
    const root = resolve(options.root);
    const { config } = loadConfig(options.configPath ? { path: options.configPath, dir: root } : { dir: root });
    const definitions = loadFlagdDefinitions(
      config.definitions.map((p) => ({ path: resolve(root, p), display: toPosix(relative(root, resolve(root, p))) })),
    );
    const knownKeys = new Set(definitions.map((d) => d.key));
    const scan = await scanFlags({
      root,
      config,
      knownKeys,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const analyzer = new FlagAnalyzer(root, config);
    analyzer.setWrappers(scan.wrappers);
    analyzer.setKnownKeys(knownKeys);
    const workspace = new FlagWorkspace(root, config, definitions, analyzer, scan);
    const engineUrl = options.engineUrl === undefined ? config.engine?.url : options.engineUrl;
    if (engineUrl) await workspace.refreshLive(engineUrl, options.engineToken);
    return workspace;
  }

  /** Reads live status again (for example on a timer). Failures are kept in `liveError`. */
  async refreshLive(engineUrl: string, token?: string, now = Date.now()): Promise<void> {
    const result = await fetchLiveStatus(engineUrl, {
      now,
      windowDays: this.config.staleness.rolledOutDays,
      ...(token ? { authToken: token } : {}),
    });
    if (result.ok) {
      this.live = result.flags;
      this.liveError = null;
    } else {
      this.liveError = result.error;
    }
  }

  /** Re-analyses an open document (unsaved text) and returns its references; staleness then includes them. */
  updateDocument(path: string, text: string): DocumentAnalysis {
    const analysis = this.analyzer.analyzeDocument(path, text);
    this.documents.set(this.display(path), analysis);
    return analysis;
  }

  closeDocument(path: string): void {
    this.analyzer.closeDocument(path);
  }

  /** Every reference: the last scan, with open documents' current analysis in place of their scanned state. */
  references(): FlagReference[] {
    const fromScan = this.scan.references.filter((r) => !this.documents.has(r.file));
    return [...fromScan, ...[...this.documents.values()].flatMap((d) => d.references)];
  }

  /** Staleness of every flag as of `now`. */
  staleness(now = Date.now()): StalenessReport {
    const expiries = [
      ...this.scan.expiries.filter((e) => !this.documents.has(e.file)),
      ...[...this.documents.values()].flatMap((d) => d.expiries),
    ];
    return assessStaleness({
      references: this.references(),
      definitions: this.definitions,
      ...(this.live ? { live: this.live } : {}),
      expiries,
      config: this.config.staleness,
      now,
    });
  }

  /** One flag's status (references, definition, live counts, reasons and value to keep). */
  statusOf(key: string, now = Date.now()): FlagStatus | undefined {
    return this.staleness(now).flags.find((f) => f.key === key);
  }

  /** Scans the whole workspace again (after a checkout or many file changes). */
  async rescan(): Promise<void> {
    this.scan = await scanFlags({
      root: this.root,
      config: this.config,
      knownKeys: new Set(this.definitions.map((d) => d.key)),
    });
    this.analyzer.setWrappers(this.scan.wrappers);
  }

  private display(path: string): string {
    return toPosix(relative(this.root, resolve(this.root, path)));
  }
}
