import { isAbsolute, relative, resolve } from 'node:path';
import type { CandidateAnalyzer, CandidateFile } from './analyze-files';
import { createPrefilter, wrapperCallName } from './api-matcher';
import { BudgetedTexts } from './budgeted-texts';
import { type FlagExpiry, findExpiryComments, mentionsExpiry } from './expiry-comments';
import type { FlagReference, FlagWrapper } from './flag-reference';
import { anyGlob } from './glob';
import { ParallelReader } from './parallel-reader';
import { resolveApiSpecs } from './presets';
import type { AviaryConfig } from './sdk-config';
import { toPosix, walkSourceFiles } from './walk-files';

export interface ScanOptions {
  /** Repository root: references carry paths relative to it, globs are matched against them. */
  root: string;
  /** Files or folders to scan (relative to `root` or absolute); default `config.include`, else `root`. */
  paths?: readonly string[];
  config: AviaryConfig;
  /** Known flag keys (from definitions), to map camelCased destructured names back to keys. */
  knownKeys?: ReadonlySet<string>;
  /** Called while reading and parsing (for a progress line on a TTY). */
  onProgress?: (phase: 'read' | 'parse', done: number, total: number) => void;
  /**
   * Read and prefilter the files on worker threads running `readerScript` (the bundle's `dist/scan-reader.js`),
   * while this thread loads the parser as soon as a first candidate is found and analyses the candidates batch by
   * batch as they arrive (in file order). Used for trees of at least
   * `PARALLEL_READ_FROM` files; the results are the same as reading here. One reader by default: on two cores a
   * second one slowed the parser's loading more than it sped up the reading.
   */
  parallel?: { readerScript: string | URL; readers?: number };
}

export interface ScanResult {
  references: FlagReference[];
  wrappers: FlagWrapper[];
  expiries: FlagExpiry[];
  filesScanned: number;
  /** Files that passed the text prefilter and were parsed. */
  filesParsed: number;
  errors: Array<{ file: string; message: string }>;
  /**
   * Where the time went, in ms: listing files, reading + text prefilter, parsing + analysing candidates. With
   * reader threads the parser loads, and the candidates read so far are analysed, during the read phase, so that
   * work counts there.
   */
  timings: { walkMs: number; readMs: number; analyzeMs: number };
}

/** Keep file texts between the prefilter and the wrapper pass while they fit in this budget. */
const TEXT_BUDGET = 96 * 1024 * 1024;
const MAX_WRAPPER_ROUNDS = 3;
/** Below this many files the read takes a few tens of ms, about what starting a reader thread costs. */
export const PARALLEL_READ_FROM = 2000;

export function isTestPath(config: AviaryConfig): (relativePath: string) => boolean {
  return anyGlob(config.testFiles);
}

/**
 * Scans a tree for flag evaluations: a text prefilter on the API names over every file, then a syntax-tree
 * analysis of only the candidate files, then further passes for wrapper functions discovered on the way.
 */
export async function scanFlags(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const root = resolve(options.root);
  const { config } = options;
  const specs = resolveApiSpecs(config.presets, config.apis);
  const excluded = anyGlob(config.exclude);
  const isTest = isTestPath(config);
  const requested = options.paths?.length ? options.paths : config.include.length ? config.include : ['.'];
  const files = walkSourceFiles(
    root,
    requested.map((p) => (isAbsolute(p) ? p : resolve(root, p))),
    excluded,
  );
  const walked = performance.now();
  const display = (path: string) => toPosix(relative(root, path));
  const errors: ScanResult['errors'] = [];
  const texts = new BudgetedTexts(TEXT_BUDGET);
  const read = (path: string): string | undefined => {
    const text = texts.read(path);
    if (typeof text === 'string') return text;
    errors.push({ file: display(path), message: text.message });
    return undefined;
  };

  const names = specs.map((s) => s.name);
  const candidates: CandidateFile[] = [];
  const expiryTexts: CandidateFile[] = [];
  const candidateFile = (path: string, text: string): CandidateFile => ({
    path,
    displayPath: display(path),
    text,
    isTest: isTest(display(path)),
  });
  let analyzerLoad: Promise<CandidateAnalyzer> | undefined;
  const loadAnalyzer = () => {
    analyzerLoad ??= import('./analyze-files').then(
      ({ CandidateAnalyzer }) => new CandidateAnalyzer(specs, options.knownKeys),
    );
    return analyzerLoad;
  };
  const reader =
    options.parallel && files.length >= PARALLEL_READ_FROM
      ? new ParallelReader(options.parallel.readerScript, files, names, {
          readers: options.parallel.readers ?? 1,
          budget: TEXT_BUDGET,
          onRead: (done) => {
            if (done < files.length) options.onProgress?.('read', done, files.length);
          },
        })
      : undefined;
  // A tree this large nearly always has candidates: the parser loads now, while the reader thread starts up.
  if (reader) loadAnalyzer().catch(() => {});
  try {
    return await analyzeTree();
  } finally {
    await reader?.close();
  }

  async function analyzeTree(): Promise<ScanResult> {
    const perFile = new Map<string, { references: FlagReference[]; wrappers: FlagWrapper[] }>();
    let analyzer: CandidateAnalyzer | undefined;
    let analyzed = 0;
    /** Analyses the candidates found since the last call (loading the parser on first use). */
    const analyzeNew = async (progress: Pick<ScanOptions, 'onProgress'>) => {
      if (analyzed === candidates.length) return;
      analyzer ??= await loadAnalyzer();
      analyzeInChunks(analyzer, candidates.slice(analyzed), [], perFile, progress);
      analyzed = candidates.length;
    };
    if (reader) {
      // Candidates are analysed batch by batch, in file order, while the reader goes on with the next files
      // (parse progress only once reading is done: until then the read progress is the one shown).
      for (let batch = await reader.next(); batch; batch = await reader.next()) {
        for (const f of batch)
          (f.candidate ? candidates : expiryTexts).push(candidateFile(files[f.index] as string, f.text));
        await analyzeNew({});
      }
      for (const e of reader.readErrors()) errors.push({ file: display(files[e.index] as string), message: e.message });
    } else {
      const matchesApi = createPrefilter(names);
      for (let i = 0; i < files.length; i += 1) {
        const path = files[i] as string;
        const text = read(path);
        if (text === undefined) continue;
        if (matchesApi(text)) candidates.push(candidateFile(path, text));
        else if (mentionsExpiry(text)) expiryTexts.push(candidateFile(path, text));
        if (options.onProgress && (i & 255) === 0) options.onProgress('read', i, files.length);
      }
    }
    options.onProgress?.('read', files.length, files.length);
    const readDone = performance.now();

    await analyzeNew(options);

    // Wrappers found so far make their callers evaluations too: look for their names in the remaining files.
    const seen = new Set<string>();
    for (let round = 0; analyzer && round < MAX_WRAPPER_ROUNDS; round += 1) {
      const wrappers = [...perFile.values()].flatMap((r) => r.wrappers).filter((w) => w.keyArg !== null);
      const fresh = wrappers.filter((w) => !seen.has(wrapperCallName(w.name)));
      if (fresh.length === 0) break;
      for (const w of fresh) seen.add(wrapperCallName(w.name));
      const matchesWrapper = createPrefilter(fresh.map((w) => wrapperCallName(w.name)));
      const again: CandidateFile[] = [];
      if (reader) {
        const { found, errors: failed } = await reader.match(fresh.map((w) => wrapperCallName(w.name)));
        for (const e of failed) errors.push({ file: display(files[e.index] as string), message: e.message });
        for (const f of found) again.push(candidateFile(files[f.index] as string, f.text));
      } else {
        for (const path of files) {
          const text = read(path);
          if (text !== undefined && matchesWrapper(text)) again.push(candidateFile(path, text));
        }
      }
      analyzeInChunks(analyzer, again, wrappers, perFile, options);
    }

    const references: FlagReference[] = [];
    const wrappers: FlagWrapper[] = [];
    const expiries: FlagExpiry[] = [];
    for (const file of [...candidates, ...expiryTexts]) {
      const result = perFile.get(file.path);
      const fileRefs = result?.references ?? [];
      expiries.push(
        ...findExpiryComments(file.text, file.displayPath, (line) => fileRefs.find((r) => r.line === line)?.key),
      );
    }
    for (const result of perFile.values()) {
      references.push(...result.references);
      wrappers.push(...result.wrappers);
    }
    references.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start));
    return {
      references,
      wrappers: dedupeWrappers(wrappers),
      expiries,
      filesScanned: files.length,
      filesParsed: perFile.size,
      errors,
      timings: { walkMs: walked - started, readMs: readDone - walked, analyzeMs: performance.now() - readDone },
    };
  }
}

function analyzeInChunks(
  analyzer: CandidateAnalyzer,
  files: readonly CandidateFile[],
  wrappers: readonly FlagWrapper[],
  into: Map<string, { references: FlagReference[]; wrappers: FlagWrapper[] }>,
  options: Pick<ScanOptions, 'onProgress'>,
): void {
  const chunk = 64;
  for (let i = 0; i < files.length; i += chunk) {
    const results = analyzer.analyze(files.slice(i, i + chunk), wrappers);
    for (const [path, result] of results) into.set(path, result);
    options.onProgress?.('parse', Math.min(i + chunk, files.length), files.length);
  }
}

function dedupeWrappers(wrappers: readonly FlagWrapper[]): FlagWrapper[] {
  const byKey = new Map<string, FlagWrapper>();
  for (const w of wrappers) byKey.set(`${w.file}:${w.line}:${w.name}`, w);
  return [...byKey.values()];
}
