// Code intelligence: flag references, staleness and cleanup. No `vscode` import anywhere below this folder.

export { type ApiMatcher, createApiMatcher, createPrefilter } from './api-matcher';
export { type CleanupEdit, cleanupFlag } from './cleanup/cleanup-flag';
export { type FlagValue, parseFlagValue } from './cleanup/flag-literal';
export type { FlagExpiry } from './expiry-comments';
export { type AnalyzeContext, analyzeSourceFile, type FileAnalysis } from './find-references';
// (extension, temporary until the owners export these)
export { type DocumentAnalysis, FlagAnalyzer } from './flag-analyzer';
export type { FlagReference, FlagWrapper } from './flag-reference';
export {
  DefinitionError,
  type FlagDefinition,
  type Json,
  loadFlagdDefinitions,
  parseFlagdDefinitions,
} from './flagd-definitions';
export { camelCase } from './key-case';
export { fetchLiveStatus, type LiveFlagStatus } from './live-status';
export { CONFIG_FILE_NAMES, ConfigError, defaultConfig, findConfigFile, loadConfig, parseConfig } from './load-config';
export { PRESETS, resolveApiSpecs } from './presets';
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
export { assessStaleness, type FlagStatus, literalValue, type StalenessReport } from './staleness';
export { type Evaluated, StaticEvaluator, type StaticValue } from './static-value';
