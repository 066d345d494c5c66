// The flag cleanup codemod: library API (no file writes) used by the CLI and the editor extension.
export {
  type CleanupEdit,
  type CleanupInput,
  type CleanupResult,
  type CleanupTreeOptions,
  cleanupFlag,
  cleanupFlagInTree,
  type FileCleanup,
  followUpMessage,
  textEdits,
} from './cleanup-flag';
export { type FlagValue, parseFlagValue } from './flag-literal';
export type { SkippedPattern } from './fold-file';
export { unifiedDiff } from './line-diff';
export type { CodeDiagnostic } from './type-diagnostics';
