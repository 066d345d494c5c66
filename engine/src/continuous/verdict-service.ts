import type { VerdictResult } from '../analysis/verdict-types';
import { parseDuration } from '../config/parse-duration';
import type { Cohort, TimeWindow } from '../model/cohort';
import type { MetricProvider } from '../providers/metric-provider';
import type { AnalysisDefinition } from './analysis-definition';
import type { AnalyzeWindow, ContinuousAnalysis } from './continuous-analysis';
import type { JudgementRecord, VerdictValue } from './judgement-history';

/** The answer every controller contract is built from. */
export interface ServedVerdict {
  verdict: VerdictValue;
  reason: string;
  /** Compact per-metric results. */
  metrics: ServedMetric[];
  /** Kayenta-compatible 0-100 score when known. */
  score: number | null;
  analysis: string | null;
  /** When it was judged (ISO) and over which window. */
  judgedAt: string;
  window: { from: string; to: string } | null;
  baseline: Cohort | null;
  canary: Cohort | null;
  inputDigest: string | null;
  /** `history`: the latest recorded judgement; `judged`: computed for this request; `pending`: not decided in time. */
  origin: 'history' | 'judged' | 'pending';
}

export interface ServedMetric {
  name: string;
  classification: string;
  harm: string | null;
  critical: boolean;
  reason: string;
  effect: unknown;
}

/** What a request asks for: a declared analysis, or two cohorts judged with the canary config of an analysis. */
export type VerdictQuery =
  | { kind: 'analysis'; id: string }
  | { kind: 'cohorts'; configFrom: string | null; baseline: Cohort; canary: Cohort; lookbackMs: number };

export type VerdictLookup = { ok: true; verdict: ServedVerdict } | { ok: false; status: 400 | 404; message: string };

function metricsOf(result: unknown): ServedMetric[] {
  const metrics = (result as Partial<VerdictResult> | null)?.metrics;
  if (!Array.isArray(metrics)) return [];
  return metrics.map((m) => ({
    name: m.name,
    classification: m.classification,
    harm: m.harm ?? null,
    critical: m.critical ?? false,
    reason: m.reason,
    effect: m.effect ?? null,
  }));
}

function scoreOf(result: unknown): number | null {
  const score = (result as Partial<VerdictResult> | null)?.score;
  return typeof score === 'number' ? score : null;
}

export function servedFromRecord(record: JudgementRecord, definition: AnalysisDefinition | null): ServedVerdict {
  return {
    verdict: record.verdict,
    reason: record.reason,
    metrics: metricsOf(record.result),
    score: scoreOf(record.result),
    analysis: record.analysisId,
    judgedAt: new Date(record.at).toISOString(),
    window: { from: new Date(record.window.from).toISOString(), to: new Date(record.window.to).toISOString() },
    baseline: definition?.baseline ?? null,
    canary: definition?.canary ?? null,
    inputDigest: record.inputDigest,
    origin: 'history',
  };
}

function pending(reason: string, analysis: string | null, now: number): ServedVerdict {
  return {
    verdict: 'inconclusive',
    reason,
    metrics: [],
    score: null,
    analysis,
    judgedAt: new Date(now).toISOString(),
    window: null,
    baseline: null,
    canary: null,
    inputDigest: null,
    origin: 'pending',
  };
}

/** Resolves after `ms` with `undefined` (a timer that does not keep the process alive). */
function timeout(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}

export interface VerdictServiceOptions {
  continuous: ContinuousAnalysis;
  analyze: AnalyzeWindow;
  providerFor: (definition: AnalysisDefinition) => MetricProvider;
  now?: () => number;
}

/**
 * Answers "what is the verdict now?" fast, for controllers with short timeouts:
 * a declared analysis answers from its latest judgement when that is younger
 * than two intervals, else judges now; ad-hoc cohorts are judged with the
 * canary config and source of a declared analysis. Anything not decided
 * within `deadlineMs` is an inconclusive "still judging" answer, never an error.
 */
export function createVerdictService(options: VerdictServiceOptions) {
  const now = options.now ?? Date.now;

  async function forAnalysis(id: string, deadlineMs: number): Promise<VerdictLookup> {
    const status = options.continuous.get(id);
    const definition = options.continuous.definition(id);
    if (!status || !definition) {
      const known = options.continuous.list().map((a) => a.id);
      return { ok: false, status: 404, message: `no analysis "${id}" (known: ${known.join(', ') || 'none'})` };
    }
    const latest = status.latest;
    if (latest && (status.state === 'stopped' || now() - latest.at < 2 * status.everyMs)) {
      return { ok: true, verdict: servedFromRecord(latest, definition) };
    }
    const judged = await Promise.race([options.continuous.judgeNow(id), timeout(deadlineMs)]);
    if (judged) return { ok: true, verdict: { ...servedFromRecord(judged, definition), origin: 'judged' } };
    if (latest) return { ok: true, verdict: servedFromRecord(latest, definition) };
    return {
      ok: true,
      verdict: pending(
        `analysis ${id} has no judgement yet (its window is shorter than one step, or judging is still running)`,
        id,
        now(),
      ),
    };
  }

  async function forCohorts(
    query: Extract<VerdictQuery, { kind: 'cohorts' }>,
    deadlineMs: number,
  ): Promise<VerdictLookup> {
    const all = options.continuous.list();
    const fromId = query.configFrom ?? (all.length === 1 ? all[0]?.id : undefined);
    const definition = fromId ? options.continuous.definition(fromId) : null;
    if (!definition) {
      return {
        ok: false,
        status: 400,
        message: query.configFrom
          ? `config=${query.configFrom}: no analysis with that id to take the canary config from`
          : `name the canary config with config=<analysis id> (known: ${all.map((a) => a.id).join(', ') || 'none'})`,
      };
    }
    const end = now();
    const stepMs = parseDuration(definition.config.step);
    const to = Math.floor(end / stepMs) * stepMs;
    const window: TimeWindow = { from: Math.floor((end - query.lookbackMs) / stepMs) * stepMs, to, step: stepMs };
    const run = options
      .analyze(
        definition.config,
        options.providerFor(definition),
        { baseline: query.baseline, canary: query.canary },
        window,
      )
      .then(
        (result): ServedVerdict => ({
          verdict: result.verdict,
          reason: result.reason,
          metrics: metricsOf(result),
          score: scoreOf(result),
          analysis: null,
          judgedAt: new Date(end).toISOString(),
          window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
          baseline: query.baseline,
          canary: query.canary,
          inputDigest: (result as Partial<VerdictResult>).inputDigest ?? null,
          origin: 'judged',
        }),
      )
      .catch((error: unknown) =>
        pending(`analysis failed: ${error instanceof Error ? error.message : error}`, null, end),
      );
    const verdict = await Promise.race([run, timeout(deadlineMs)]);
    return { ok: true, verdict: verdict ?? pending(`not decided within ${deadlineMs} ms; ask again`, null, end) };
  }

  return {
    lookup(query: VerdictQuery, deadlineMs = 5000): Promise<VerdictLookup> {
      return query.kind === 'analysis' ? forAnalysis(query.id, deadlineMs) : forCohorts(query, deadlineMs);
    },
  };
}

export type VerdictService = ReturnType<typeof createVerdictService>;
