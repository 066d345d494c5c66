// Code intelligence: flag references, staleness and cleanup. No `vscode` import anywhere below this folder.

export { type ApiMatcher, createApiMatcher, createPrefilter } from './api-matcher';
export type { FlagExpiry } from './expiry-comments';
export { type AnalyzeContext, analyzeSourceFile, type FileAnalysis } from './find-references';
export type { FlagReference, FlagWrapper } from './flag-reference';
export { camelCase } from './key-case';
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
export { type Evaluated, StaticEvaluator, type StaticValue } from './static-value';
