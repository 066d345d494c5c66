import { createApiMatcher } from './api-matcher';
import { analyzeSourceFile } from './find-references';
import type { FlagReference, FlagWrapper } from './flag-reference';
import type { ApiSpec } from './sdk-config';
import { parseSourceForScan, SourceCache } from './source-host';
import { StaticEvaluator } from './static-value';

/** One candidate file handed to the parser. */
export interface CandidateFile {
  path: string;
  displayPath: string;
  text: string;
  isTest: boolean;
}

/**
 * The parsing half of a scan (loaded only when some file passed the text prefilter, so that commands that find
 * nothing never load the TypeScript parser).
 */
export class CandidateAnalyzer {
  readonly sources: SourceCache;
  private readonly evaluator: StaticEvaluator;

  constructor(
    private readonly specs: readonly ApiSpec[],
    private readonly knownKeys: ReadonlySet<string> | undefined,
    sources?: SourceCache,
  ) {
    this.sources = sources ?? new SourceCache();
    this.evaluator = new StaticEvaluator(this.sources);
  }

  analyze(
    files: readonly CandidateFile[],
    wrappers: readonly FlagWrapper[],
  ): Map<string, { references: FlagReference[]; wrappers: FlagWrapper[] }> {
    const apis = createApiMatcher(this.specs, wrappers);
    const results = new Map<string, { references: FlagReference[]; wrappers: FlagWrapper[] }>();
    for (const file of files) {
      const sourceFile = this.sources.peek(file.path, file.text) ?? parseSourceForScan(file.path, file.text);
      this.sources.put(sourceFile);
      const context = { apis, evaluator: this.evaluator, displayPath: file.displayPath, isTest: file.isTest };
      results.set(
        file.path,
        analyzeSourceFile(sourceFile, this.knownKeys ? { ...context, knownKeys: this.knownKeys } : context),
      );
    }
    return results;
  }
}
