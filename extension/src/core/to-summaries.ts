import {
  definitionDateMs,
  type FlagDefinition,
  type FlagStatus,
  type LiveFlagStatus,
  type StalenessReport,
} from '@aviary/engine/code';
import type { DefinitionInfo, FlagCategory, FlagSummary, StaleInfo, VerdictInfo } from './flag-summary';

const DAY_MS = 86_400_000;

/** A JSON value as flagd definitions hold it. */
type Json = FlagDefinition['variants'][string];

function isRecord(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first `fractional` rule anywhere in a targeting tree, as percentages per variant. */
export function rolloutOf(targeting: Json | undefined): Array<{ variant: string; percent: number }> | null {
  if (Array.isArray(targeting)) {
    for (const item of targeting) {
      const found = rolloutOf(item);
      if (found) return found;
    }
    return null;
  }
  if (!isRecord(targeting)) return null;
  const fractional = targeting.fractional;
  if (Array.isArray(fractional)) {
    // The first element may be a bucketing expression instead of a bucket.
    const buckets = fractional.filter((b): b is Json[] => Array.isArray(b) && typeof b[0] === 'string');
    const weights = buckets.map((b) => ({ variant: b[0] as string, weight: typeof b[1] === 'number' ? b[1] : 1 }));
    const total = weights.reduce((sum, w) => sum + w.weight, 0);
    if (total > 0) return weights.map((w) => ({ variant: w.variant, percent: (100 * w.weight) / total }));
  }
  for (const value of Object.values(targeting)) {
    const found = rolloutOf(value);
    if (found) return found;
  }
  return null;
}

/** A one-line description of the targeting: the JsonLogic operators it uses. */
export function targetingText(targeting: Json | undefined): string | null {
  if (targeting === undefined || targeting === null || (isRecord(targeting) && Object.keys(targeting).length === 0)) {
    return null;
  }
  const operators = new Set<string>();
  const walk = (node: Json) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isRecord(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key !== 'var') operators.add(key);
        walk(value);
      }
    }
  };
  walk(targeting);
  const rollout = rolloutOf(targeting);
  const rules = [...operators].filter((o) => o !== 'fractional');
  const parts: string[] = [];
  if (rollout) parts.push(`fractional rollout ${rollout.map((r) => `${round(r.percent)}% ${r.variant}`).join(' / ')}`);
  if (rules.length > 0) parts.push(`rules using ${rules.join(', ')}`);
  return parts.join('; ') || 'custom targeting';
}

function round(percent: number): string {
  return String(Math.round(percent * 10) / 10);
}

function definitionInfo(definition: FlagDefinition): DefinitionInfo {
  return {
    file: definition.file,
    line: definition.line,
    state: definition.state,
    variants: definition.variants,
    defaultVariant: definition.defaultVariant,
    rollout: rolloutOf(definition.targeting),
    targeting: targetingText(definition.targeting),
  };
}

/** A JSON value as the source text of a JavaScript literal (`'blue'`, `true`, `3`, `{"a":1}`). */
export function sourceLiteral(value: Json): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return JSON.stringify(value);
}

function staleInfo(status: FlagStatus): StaleInfo | null {
  // An undefined key is a typo or a missing definition first; a definition without code is archived, not cleaned.
  if (status.reasons.some((r) => r.code === 'undefined-flag') || status.references.length === 0) return null;
  const reasons = status.reasons.filter((r) => r.code !== 'undefined-flag' && r.code !== 'unreferenced');
  if (reasons.length === 0) return null;
  const decided = reasons.find((r) => r.keep !== null);
  return {
    reason: reasons.map((r) => r.message).join('; '),
    keepValue: decided?.keep ? sourceLiteral(decided.keep.value) : null,
  };
}

function categoryOf(status: FlagStatus, stale: StaleInfo | null): FlagCategory {
  if (status.reasons.some((r) => r.code === 'undefined-flag')) return 'unknown';
  if (status.references.length === 0) return 'unused-definition';
  return stale ? 'stale' : 'active';
}

const VERDICTS = new Map<string, VerdictInfo['verdict']>([
  ['go', 'go'],
  ['no-go', 'no-go'],
  ['nogo', 'no-go'],
  ['inconclusive', 'inconclusive'],
]);

/** A verdict decision string from the engine, normalized; null for anything else. */
export function verdictOf(decision: { decision: string; reason?: string } | null | undefined): VerdictInfo | null {
  const verdict = decision ? VERDICTS.get(decision.decision.toLowerCase()) : undefined;
  return verdict && decision ? { verdict, reason: decision.reason ?? '' } : null;
}

export interface EngineView {
  /** Live status with a one-day window: what the inline status and hover show. */
  lastDay: ReadonlyMap<string, LiveFlagStatus>;
  /** Latest verdict per key (from `/api/flags` or the continuous analyses). */
  verdicts: ReadonlyMap<string, VerdictInfo>;
}

/** Turns the library's staleness report and the engine's data into what the editor shows, one summary per key. */
export function toSummaries(report: StalenessReport, engine: EngineView | null, now: number): FlagSummary[] {
  return report.flags.map((status) => {
    const stale = staleInfo(status);
    const day = engine?.lastDay.get(status.key) ?? null;
    const since = definitionDateMs(status.definition?.metadata.createdAt) ?? status.live?.firstSeen ?? day?.firstSeen;
    const total = day ? Object.values(day.recent).reduce((a, b) => a + b, 0) : 0;
    return {
      key: status.key,
      category: categoryOf(status, stale),
      type: status.type,
      definition: status.definition ? definitionInfo(status.definition) : null,
      references: status.references,
      telemetry: day ? { byVariant: { ...day.recent }, total, lastSeen: new Date(day.lastSeen).toISOString() } : null,
      verdict: engine?.verdicts.get(status.key) ?? verdictOf(day?.verdict ?? status.live?.verdict),
      stale,
      suggestion: status.didYouMean ?? null,
      ageDays: since !== undefined && now >= since ? Math.floor((now - since) / DAY_MS) : null,
    };
  });
}
