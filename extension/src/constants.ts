/** Command ids (declared in package.json `contributes.commands`). */
export const COMMAND = {
  findStaleFlags: 'aviary.findStaleFlags',
  cleanUpFlag: 'aviary.cleanUpFlag',
  /** Internal: run after a "Remove flag" quick fix was applied, to report the follow-up. */
  flagRemoved: 'aviary.flagRemoved',
  refresh: 'aviary.refresh',
  openReference: 'aviary.openReference',
  showFlag: 'aviary.showFlag',
  setEngineToken: 'aviary.setEngineToken',
} as const;

export const VIEW_FLAGS = 'aviary.flags';

/** Codes that link Aviary diagnostics to their quick fixes. */
export const DIAGNOSTIC = {
  stale: 'stale-flag',
  unknown: 'unknown-flag',
  dynamicKey: 'dynamic-flag-key',
} as const;

export const DIAGNOSTIC_SOURCE = 'aviary';

/** Languages whose documents are analysed (also the activation events). */
export const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;
