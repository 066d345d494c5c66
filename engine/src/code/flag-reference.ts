/** One place in source code where a feature flag is evaluated. */
export interface FlagReference {
  /** The resolved flag key, or `null` when it cannot be resolved statically (reported, never silently missed). */
  key: string | null;
  /** Source text of the key argument, e.g. `'new-checkout'` or `FLAGS.checkout` or `` `exp-${id}` ``. */
  keyText: string;
  /** Absolute or workspace-relative path, as given to the scanner. */
  file: string;
  /** 1-based line and column of the evaluation call (or JSX element). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The call as written, e.g. `client.getBooleanValue` or `useFlag` or `<FeatureFlag>`. */
  call: string;
  /** SDK preset or custom config entry that matched, e.g. `openfeature`, `launchdarkly`, `unleash`. */
  sdk: string;
  valueKind: 'boolean' | 'string' | 'number' | 'object' | 'unknown';
  /** Source text of the default value argument, if any. */
  defaultValue: string | null;
  /** Name of the enclosing function, method or component, if any. */
  enclosingFunction: string | null;
  isTest: boolean;
}
