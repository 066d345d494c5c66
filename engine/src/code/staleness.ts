import { definitionDateMs } from './definition-date';
import { didYouMean } from './did-you-mean';
import type { FlagExpiry } from './expiry-comments';
import type { FlagReference } from './flag-reference';
import { constantVariant, type FlagDefinition, type Json } from './flagd-definitions';
import type { LiveFlagStatus } from './live-status';
import type { StalenessConfig } from './sdk-config';

export type StaleReasonCode =
  | 'fully-rolled-out'
  | 'disabled'
  | 'no-evaluations'
  | 'expired'
  | 'lifetime-exceeded'
  | 'undefined-flag'
  | 'unreferenced';

/** The value the code should keep when the flag is removed, and where that answer comes from. */
export interface KeepValue {
  value: Json;
  /** The variant that serves it, when known. */
  variant: string | null;
  source: 'definition' | 'telemetry' | 'code-default';
}

export interface StaleReason {
  code: StaleReasonCode;
  /** One sentence a reviewer can check, with the evidence (file, dates, counts). */
  message: string;
  /** The value to keep; null when the evidence does not decide it (the message then says so). */
  keep: KeepValue | null;
  /** ISO date the condition started, when known. */
  since?: string;
}

export interface FlagStatus {
  key: string;
  references: FlagReference[];
  definition: FlagDefinition | null;
  live: LiveFlagStatus | null;
  /** Flag type (release, experiment, operational, kill-switch, permission, ...). */
  type: string;
  stale: boolean;
  reasons: StaleReason[];
  /** For flags referenced but not defined: the closest defined key. */
  didYouMean?: string;
}

export interface StalenessInput {
  references: readonly FlagReference[];
  definitions: readonly FlagDefinition[];
  /** Live status from an engine; undefined when none was asked for. */
  live?: ReadonlyMap<string, LiveFlagStatus>;
  expiries?: readonly FlagExpiry[];
  config: StalenessConfig;
  /** Epoch ms; tests pass a fixed one. */
  now: number;
}

export interface StalenessReport {
  now: string;
  flags: FlagStatus[];
  /** References whose key could not be resolved statically (never silently dropped). */
  unresolved: FlagReference[];
}

const DAY = 86_400_000;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Parses a default value written in code (`true`, `'on'`, `3`, `{}`) when it is a plain literal. */
export function literalValue(text: string): Json | undefined {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  const quoted = /^(['"`])((?:\\.|(?!\1)[^\\])*)\1$/.exec(t);
  if (quoted && !(quoted[1] === '`' && quoted[2]?.includes('${'))) {
    return (quoted[2] ?? '').replace(/\\(.)/g, '$1');
  }
  try {
    return JSON.parse(t) as Json;
  } catch {
    return undefined;
  }
}

/** The default value all references agree on, if they do. */
function codeDefault(references: readonly FlagReference[]): KeepValue | null {
  const values = references.map((r) => (r.defaultValue === null ? undefined : literalValue(r.defaultValue)));
  if (values.length === 0 || values.some((v) => v === undefined)) return null;
  const first = JSON.stringify(values[0]);
  if (values.some((v) => JSON.stringify(v) !== first)) return null;
  return { value: values[0] as Json, variant: null, source: 'code-default' };
}

const TRUE_NAMES = new Set(['on', 'true', 'enabled', 'yes']);
const FALSE_NAMES = new Set(['off', 'false', 'disabled', 'no']);

/**
 * The value a variant serves: from the definition, else read from the variant name (for boolean evaluations,
 * flagd-style `on`/`off` mean true/false), else the name itself (string flags often use it as the value).
 */
function variantValue(definition: FlagDefinition | null, variant: string, boolean = false): Json {
  if (definition && Object.hasOwn(definition.variants, variant)) return definition.variants[variant] as Json;
  const name = variant.toLowerCase();
  if (boolean && TRUE_NAMES.has(name)) return true;
  if (boolean && FALSE_NAMES.has(name)) return false;
  const literal = literalValue(variant);
  return literal === undefined ? variant : literal;
}

function describe(keep: KeepValue | null): string {
  if (!keep) return 'the value to keep is not decided by this evidence';
  const shown = JSON.stringify(keep.value);
  return keep.variant !== null ? `keep ${shown} (variant "${keep.variant}")` : `keep ${shown} (the code default)`;
}

/** The one variant served in the recent window, if exactly one was. */
function onlyServed(live: LiveFlagStatus): { variant: string; count: number } | undefined {
  const served = Object.entries(live.recent).filter(([, n]) => n > 0);
  if (served.length !== 1) return undefined;
  const [variant, count] = served[0] as [string, number];
  return { variant, count };
}

/**
 * Decides, per flag, whether it is stale and why, and which value its code should keep. Evidence: flagd
 * definitions (state, targeting, metadata.expiresAt/type/createdAt), live evaluation counts from an engine,
 * `@flag-expires` comments, and the references themselves. Permanent flag types (lifetime null: kill switches,
 * permissions by default) are never called stale for being rolled out, disabled or old.
 */
export function assessStaleness(input: StalenessInput): StalenessReport {
  const { config, now } = input;
  const byKey = new Map<string, FlagReference[]>();
  const unresolved: FlagReference[] = [];
  for (const reference of input.references) {
    if (reference.key === null) {
      unresolved.push(reference);
      continue;
    }
    const list = byKey.get(reference.key) ?? [];
    list.push(reference);
    byKey.set(reference.key, list);
  }
  const definitions = new Map(input.definitions.map((d) => [d.key, d]));
  const keys = new Set<string>([...byKey.keys(), ...definitions.keys()]);
  const expiries = new Map<string, FlagExpiry>();
  for (const expiry of input.expiries ?? []) {
    if (expiry.key && (!expiries.has(expiry.key) || (expiries.get(expiry.key)?.date ?? '') > expiry.date)) {
      expiries.set(expiry.key, expiry);
    }
  }
  const liveHasData = input.live !== undefined && input.live.size > 0;

  const flags: FlagStatus[] = [];
  for (const key of [...keys].sort()) {
    const references = byKey.get(key) ?? [];
    const definition = definitions.get(key) ?? null;
    const live = input.live?.get(key) ?? null;
    const metaType = definition?.metadata.type ?? definition?.metadata.flagType;
    const type = typeof metaType === 'string' ? metaType : config.defaultType;
    const lifetime = Object.hasOwn(config.lifetimes, type)
      ? (config.lifetimes[type] ?? null)
      : (config.lifetimes[config.defaultType] ?? null);
    const permanent = lifetime === null;
    const reasons: StaleReason[] = [];
    const fallback = codeDefault(references);
    const boolean = references.length > 0 && references.every((r) => r.valueKind === 'boolean');
    const where = definition ? `${definition.file}:${definition.line}` : '';

    // What is served today, as far as the evidence says (used for "keep" of expiry/lifetime reasons).
    let served: KeepValue | null = null;
    const constant = definition?.state === 'ENABLED' ? constantVariant(definition) : undefined;
    if (constant) {
      served =
        constant.variant === null
          ? fallback
          : { value: variantValue(definition, constant.variant), variant: constant.variant, source: 'definition' };
    } else if (definition?.state === 'DISABLED') {
      served = fallback;
    }
    const recentOnly = live ? onlyServed(live) : undefined;
    if (recentOnly && (!definition || definition.state === 'ENABLED')) {
      served = {
        value: variantValue(definition, recentOnly.variant, boolean),
        variant: recentOnly.variant,
        source: 'telemetry',
      };
    }

    if (definition?.state === 'DISABLED' && !permanent) {
      reasons.push({
        code: 'disabled',
        message: `DISABLED in ${where}: every evaluation returns the code default; ${describe(fallback)}`,
        keep: fallback,
      });
    }
    if (constant && !permanent) {
      const keep = served?.source === 'definition' || constant.variant === null ? served : null;
      const keepDefinition =
        constant.variant === null
          ? fallback
          : {
              value: variantValue(definition, constant.variant),
              variant: constant.variant,
              source: 'definition' as const,
            };
      reasons.push({
        code: 'fully-rolled-out',
        message: `ENABLED in ${where} with ${constant.why}: everyone gets ${constant.variant === null ? 'the code default' : `"${constant.variant}"`}; ${describe(keepDefinition)}`,
        keep: keep ?? keepDefinition,
      });
    }
    if (live && recentOnly && !permanent && live.firstSeen <= now - config.rolledOutDays * DAY) {
      const keep: KeepValue = {
        value: variantValue(definition, recentOnly.variant, boolean),
        variant: recentOnly.variant,
        source: 'telemetry',
      };
      reasons.push({
        code: 'fully-rolled-out',
        message: `only variant "${recentOnly.variant}" was served in the last ${config.rolledOutDays} days (${recentOnly.count} evaluations); ${describe(keep)}`,
        keep,
        since: isoDay(live.windowFrom),
      });
    }
    if (input.live !== undefined) {
      if (live && live.lastSeen < now - config.noEvaluationDays * DAY) {
        reasons.push({
          code: 'no-evaluations',
          message: `no evaluations since ${isoDay(live.lastSeen)} (more than ${config.noEvaluationDays} days); ${describe(served ?? fallback)}`,
          keep: served ?? fallback,
          since: isoDay(live.lastSeen),
        });
      } else if (!live && liveHasData && references.length > 0) {
        reasons.push({
          code: 'no-evaluations',
          message: `the engine has recorded no evaluations of this flag; ${describe(served ?? fallback)}`,
          keep: served ?? fallback,
        });
      }
    }
    const expiresAt = definitionDateMs(definition?.metadata.expiresAt);
    const comment = expiries.get(key);
    const commentAt = comment ? definitionDateMs(comment.date) : undefined;
    const expiry =
      expiresAt !== undefined && (commentAt === undefined || expiresAt <= commentAt)
        ? { at: expiresAt, where: `metadata.expiresAt in ${where}` }
        : commentAt !== undefined && comment
          ? { at: commentAt, where: `@flag-expires at ${comment.file}:${comment.line}` }
          : undefined;
    if (expiry && expiry.at <= now) {
      reasons.push({
        code: 'expired',
        message: `expired on ${isoDay(expiry.at)} (${expiry.where}); ${describe(served)}`,
        keep: served,
        since: isoDay(expiry.at),
      });
    }
    const createdAt = definitionDateMs(definition?.metadata.createdAt) ?? live?.firstSeen;
    if (lifetime !== null && createdAt !== undefined && now - createdAt > lifetime * DAY) {
      const age = Math.floor((now - createdAt) / DAY);
      reasons.push({
        code: 'lifetime-exceeded',
        message: `${type} flag is ${age} days old, past its expected lifetime of ${lifetime} days (potentially stale); ${describe(served)}`,
        keep: served,
        since: isoDay(createdAt + lifetime * DAY),
      });
    }
    let suggestion: string | undefined;
    if (!definition && input.definitions.length > 0 && references.length > 0) {
      suggestion = didYouMean(key, definitions.keys());
      reasons.push({
        code: 'undefined-flag',
        message: `referenced but not defined in the flag definitions${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; the provider returns the code default: ${describe(fallback)}`,
        keep: fallback,
      });
    }
    if (definition && references.length === 0) {
      reasons.push({
        code: 'unreferenced',
        message: `defined in ${where} but never referenced in the scanned code: safe to archive`,
        keep: null,
      });
    }
    const status: FlagStatus = { key, references, definition, live, type, stale: reasons.length > 0, reasons };
    if (suggestion) status.didYouMean = suggestion;
    flags.push(status);
  }
  return { now: new Date(now).toISOString(), flags, unresolved };
}
