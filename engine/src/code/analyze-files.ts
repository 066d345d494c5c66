import { type ApiMatcher, createApiMatcher } from './api-matcher';
import { analyzeSourceFile } from './find-references';
import type { FlagReference, FlagWrapper } from './flag-reference';
import type { ApiSpec } from './sdk-config';
import { coversHits, parseCandidate, SourceCache } from './source-host';
import { StaticEvaluator } from './static-value';

/**
 * Offsets of the API names in a file, for `parseCandidate`; undefined when the file uses a destructuring API:
 * the finder then walks the whole file (a flag bag can be read anywhere in its scope), so nothing may be skipped.
 */
function apiHits(text: string, apis: ApiMatcher): number[] | undefined {
  const hits: number[] = [];
  for (const match of text.matchAll(apis.namePattern)) {
    const word = /^[\w$]+/.exec(text.slice(match.index, match.index + 64))?.[0] ?? '';
    if (apis.destructures.has(match[0]) || apis.destructures.has(word)) return undefined;
    hits.push(match.index);
  }
  return hits;
}

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
  /** Parsed files; candidates' trees may have blocks without an API name parsed as empty (`parseCandidate`). */
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
      const hits = apiHits(file.text, apis);
      const cached = this.sources.peek(file.path, file.text);
      // A tree parsed for fewer names (before wrappers were known) may have skipped a block that now matters.
      const sourceFile = cached && coversHits(cached, hits) ? cached : parseCandidate(file.path, file.text, hits);
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
