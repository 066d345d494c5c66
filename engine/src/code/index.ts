// Code intelligence: flag references, staleness and cleanup. No `vscode` import anywhere below this folder.

export { CandidateAnalyzer, type CandidateFile } from './analyze-files';
export { type ApiMatcher, createApiMatcher, createPrefilter } from './api-matcher';
// Cleanup codemod: per-file edits, skipped patterns and new diagnostics; the CLI (or the editor) applies them.
export * from './cleanup/index';
// Definitions, live status, staleness.
export { definitionDateMs } from './definition-date';
export { didYouMean } from './did-you-mean';
export type { FlagExpiry } from './expiry-comments';
export { type AnalyzeContext, analyzeSourceFile, type FileAnalysis } from './find-references';
export { type DocumentAnalysis, FlagAnalyzer } from './flag-analyzer';
// References: batch scan (CLI) and incremental per-document analysis (editor).
export type { FlagReference, FlagWrapper } from './flag-reference';
export { FlagWorkspace, type FlagWorkspaceOptions } from './flag-workspace';
export {
  constantVariant,
  DefinitionError,
  type FlagDefinition,
  loadFlagdDefinitions,
  parseFlagdDefinitions,
} from './flagd-definitions';
export { type CommandOutcome, runCheck, runScan, runStale, UsageError } from './flags-commands';
// CLI building blocks and reports.
export { addedLinesSince, GitError, gitRoot, parseAddedLines } from './git-diff';
export { camelCase } from './key-case';
export { fetchLiveStatus, type LiveFlagStatus, type LiveStatusResult } from './live-status';
export { CONFIG_FILE_NAMES, ConfigError, defaultConfig, findConfigFile, loadConfig, parseConfig } from './load-config';
// Configuration.
export { PRESETS, resolveApiSpecs } from './presets';
export { type Finding, RULES, staleFindings } from './report/findings';
export { type CheckResult, formatCheck, formatScan, formatStale, type OutputFormat } from './report/format-flags';
export { type SarifResult, type SarifRule, toSarif } from './report/sarif';
export { type ScanOptions, type ScanResult, scanFlags } from './scan';
export {
  type ApiSpec,
  type AviaryConfig,
  type AviaryConfigInput,
  aviaryConfigJsonSchema,
  aviaryConfigSchema,
  type PresetName,
  type StalenessConfig,
} from './sdk-config';
export { parseSource, SourceCache, type SourceHost } from './source-host';
export {
  assessStaleness,
  type FlagStatus,
  type KeepValue,
  literalValue,
  type StalenessInput,
  type StalenessReport,
  type StaleReason,
  type StaleReasonCode,
} from './staleness';
export { type Evaluated, lookupBinding, StaticEvaluator, type StaticValue } from './static-value';
