import type { FlagReference } from '@aviary/engine/code';

/** What the flag definition file says about a flag, reduced to what the editor shows. */
export interface DefinitionInfo {
  file: string;
  /** 1-based line of the flag's key in the definition file. */
  line: number;
  state: 'ENABLED' | 'DISABLED';
  variants: Record<string, unknown>;
  defaultVariant: string | null;
  /** Share of traffic per variant when the targeting has a `fractional` rollout, in percent. */
  rollout: Array<{ variant: string; percent: number }> | null;
  /** One line describing the targeting rules, or null without targeting. */
  targeting: string | null;
}

/** Evaluations the engine saw in the last 24 hours. */
export interface TelemetryInfo {
  byVariant: Record<string, number>;
  total: number;
  /** ISO time of the last evaluation ever seen. */
  lastSeen: string | null;
}

export type Verdict = 'go' | 'no-go' | 'inconclusive';

export interface VerdictInfo {
  verdict: Verdict;
  reason: string;
}

export interface StaleInfo {
  /** Why the flag is stale, with its evidence (one line per reason, most decisive first). */
  reason: string;
  /** The value the code should keep, as source text (`true`, `'blue'`); null when the evidence does not decide. */
  keepValue: string | null;
}

export type FlagCategory = 'stale' | 'active' | 'unknown' | 'unused-definition';

/** Everything the editor shows about one flag key. */
export interface FlagSummary {
  key: string;
  category: FlagCategory;
  /** Flag type (release, experiment, operational, kill-switch, permission). */
  type: string;
  definition: DefinitionInfo | null;
  references: FlagReference[];
  telemetry: TelemetryInfo | null;
  verdict: VerdictInfo | null;
  stale: StaleInfo | null;
  /** For keys that are referenced but not defined: the closest defined key. */
  suggestion: string | null;
  /** Days since the flag was created (definition metadata) or first seen by the engine, when known. */
  ageDays: number | null;
}
