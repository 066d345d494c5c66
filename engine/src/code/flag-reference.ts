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
  /** 0-based offsets of the evaluation (call, JSX element, or destructured binding) in the file text. */
  start: number;
  end: number;
  /** Why `key` is null, e.g. `parameter "key" of flagFor`; absent when resolved. */
  unresolvedReason?: string;
  /** The wrapper function that this call goes through, when the evaluation is reached through a wrapper. */
  viaWrapper?: string;
}

/**
 * A function that evaluates a flag and is called by others: either with the key as a parameter
 * (`keyArg` set: its calls are reported as references) or with a fixed key (`key` set).
 */
export interface FlagWrapper {
  name: string;
  file: string;
  line: number;
  sdk: string;
  valueKind: FlagReference['valueKind'];
  /** Parameter index of the key, when the key is passed in. */
  keyArg: number | null;
  /** Parameter index of the default value, when it is passed in. */
  defaultArg: number | null;
  /** The default value parameter's own initializer (`fallback = false` gives `false`), used when a call omits it. */
  defaultValue: string | null;
  /** The fixed key, when the wrapper always evaluates the same flag. */
  key: string | null;
}
