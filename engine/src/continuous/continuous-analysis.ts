import { createHash } from 'node:crypto';
import { canonicalJson } from '../analysis/canonical-json';
import type { CanaryConfig } from '../config';
import { parseDuration } from '../config/parse-duration';
import type { Cohort, TimeWindow } from '../model/cohort';
import type { Measurement, MeasurementRequest, MetricProvider } from '../providers/metric-provider';
import type { AnalysisDefinition, WebhookTarget } from './analysis-definition';
import type { JudgementHistory, JudgementRecord, VerdictValue } from './judgement-history';
import type { WebhookDispatcher } from './webhook-dispatcher';

/** The part of a verdict this module relies on; the rest is stored and served as is. */
export interface VerdictLike {
  verdict: VerdictValue;
  reason: string;
}

/** Computes a verdict (the analysis layer's `analyzeWindow`). */
export type AnalyzeWindow = (
  config: CanaryConfig,
  provider: MetricProvider,
  cohorts: { baseline: Cohort; canary: Cohort },
  window: TimeWindow,
) => Promise<VerdictLike>;

export interface ContinuousAnalysisOptions {
  history: JudgementHistory;
  dispatcher: WebhookDispatcher;
  analyze: AnalyzeWindow;
  /** The provider for an analysis's `source` (the embedded store, or Prometheus). */
  providerFor: (definition: AnalysisDefinition) => MetricProvider;
  /** Webhooks for every analysis (`webhooks` at the top of the analyses file, or CLI flags). */
  webhooks?: WebhookTarget[];
  now?: () => number;
  /** Called when a judgement throws (the analysis keeps running; the run is recorded as inconclusive). */
  onError?: (analysisId: string, error: unknown) => void;
}

export interface AnalysisStatus {
  id: string;
  origin: 'file' | 'api';
  state: 'running' | 'stopped';
  stoppedBecause: string | null;
  startedAt: number;
  everyMs: number;
  nextAt: number | null;
  latest: JudgementRecord | null;
  declared: Record<string, unknown>;
}

export interface ContinuousAnalysis {
  /** Adds (or replaces) an analysis and schedules it; API analyses are persisted. */
  add(definition: AnalysisDefinition, origin: 'file' | 'api'): AnalysisStatus;
  remove(id: string): boolean;
  get(id: string): AnalysisStatus | null;
  definition(id: string): AnalysisDefinition | null;
  list(): AnalysisStatus[];
  /** Judges now (outside the schedule); resolves to the recorded judgement, or null when the window is empty. */
  judgeNow(id: string): Promise<JudgementRecord | null>;
  /** Starts the timers for all analyses. */
  start(): void;
  /** Stops all timers and waits for judgements in flight. */
  stop(): Promise<void>;
}

interface Entry {
  definition: AnalysisDefinition;
  origin: 'file' | 'api';
  startedAt: number;
  timer: NodeJS.Timeout | null;
  nextAt: number | null;
  running: Promise<JudgementRecord | null> | null;
  stoppedBecause: string | null;
}

/** A provider wrapper that remembers every request and measurement, for the input digest. */
function recording(provider: MetricProvider): { provider: MetricProvider; digest: (extra: unknown) => string } {
  const seen: { request: MeasurementRequest; measurement: Measurement }[] = [];
  return {
    provider: {
      name: provider.name,
      async measure(request) {
        const measurement = await provider.measure(request);
        seen.push({ request, measurement });
        return measurement;
      },
    },
    digest(extra) {
      const inputs = seen.map((entry) => canonicalJson(entry)).sort();
      return createHash('sha256').update(canonicalJson(extra)).update(inputs.join('\n')).digest('hex');
    },
  };
}

/** The window judged at `now`: whole steps, from the lookback (or the start) to the last complete step. */
export function windowAt(definition: AnalysisDefinition, startedAt: number, now: number): TimeWindow | null {
  const step = Math.max(1, parseDuration(definition.config.step));
  const to = Math.floor(now / step) * step;
  const start = definition.lookbackMs === null ? startedAt : now - definition.lookbackMs;
  const from = Math.floor(start / step) * step;
  return to - from >= step ? { from, to, step } : null;
}

/**
 * Continuous analysis: judges each declared analysis on its schedule, appends
 * every judgement to the history, and on a verdict change queues a signed
 * webhook event. Judgements of one analysis never overlap; a failing judgement
 * is recorded as inconclusive with the error as reason. Timers are unref'd and
 * all I/O is asynchronous, so the server keeps ingesting while analyses run.
 */
export function createContinuousAnalysis(options: ContinuousAnalysisOptions): ContinuousAnalysis {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let started = false;

  function status(entry: Entry): AnalysisStatus {
    return {
      id: entry.definition.id,
      origin: entry.origin,
      state: entry.stoppedBecause === null ? 'running' : 'stopped',
      stoppedBecause: entry.stoppedBecause,
      startedAt: entry.startedAt,
      everyMs: entry.definition.everyMs,
      nextAt: entry.nextAt,
      latest: options.history.latest(entry.definition.id),
      declared: entry.definition.declared,
    };
  }

  function schedule(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    entry.nextAt = null;
    if (!started || entry.stoppedBecause !== null) return;
    entry.nextAt = now() + entry.definition.everyMs;
    entry.timer = setTimeout(() => {
      entry.timer = null;
      void judge(entry).finally(() => {
        if (entries.get(entry.definition.id) === entry) schedule(entry);
      });
    }, entry.definition.everyMs);
    entry.timer.unref();
  }

  /**
   * Stops the analysis after a verdict in `stop.on`, or once `stop.after` has
   * passed since it started. Cancels the pending timer too: a judgement asked for
   * outside the schedule (`judgeNow`) can be the one that stops it.
   */
  function stopIfDone(entry: Entry, record: JudgementRecord): void {
    const { definition } = entry;
    if (definition.stopOn.includes(record.verdict)) entry.stoppedBecause = `verdict ${record.verdict} reached`;
    else if (definition.stopAfterMs !== null && now() - entry.startedAt >= definition.stopAfterMs) {
      entry.stoppedBecause = `ran for ${definition.stopAfterMs / 1000} s`;
    }
    if (entry.stoppedBecause !== null) schedule(entry);
  }

  async function run(entry: Entry): Promise<JudgementRecord | null> {
    const { definition } = entry;
    const at = now();
    const window = windowAt(definition, entry.startedAt, at);
    if (!window) return null;
    const source = recording(options.providerFor(definition));
    let verdict: VerdictLike;
    try {
      verdict = await options.analyze(
        definition.config,
        source.provider,
        { baseline: definition.baseline, canary: definition.canary },
        window,
      );
    } catch (error) {
      options.onError?.(definition.id, error);
      verdict = {
        verdict: 'inconclusive',
        reason: `analysis failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (entries.get(definition.id) !== entry) return null;
    const previous = options.history.latest(definition.id);
    const record = options.history.append({
      analysisId: definition.id,
      at,
      window: { from: window.from, to: window.to },
      verdict: verdict.verdict,
      reason: verdict.reason,
      release: definition.canary.release ?? null,
      flag: definition.canary.flag ?? null,
      result: verdict,
      inputDigest: source.digest({ declared: definition.declared, window }),
    });
    if (record.changed) {
      options.dispatcher.enqueue(
        `${definition.id}:${record.seq}`,
        {
          type: 'verdict.changed',
          analysis: definition.id,
          previous: previous?.verdict ?? null,
          verdict: record.verdict,
          reason: record.reason,
          at: new Date(record.at).toISOString(),
          window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
          baseline: definition.baseline,
          canary: definition.canary,
          seq: record.seq,
          inputDigest: record.inputDigest,
          result: verdict,
        },
        [...(options.webhooks ?? []), ...definition.webhooks],
      );
    }
    stopIfDone(entry, record);
    return record;
  }

  function judge(entry: Entry): Promise<JudgementRecord | null> {
    if (!entry.running) {
      entry.running = run(entry).finally(() => {
        entry.running = null;
      });
    }
    return entry.running;
  }

  return {
    add(definition, origin) {
      const existing = entries.get(definition.id);
      if (existing?.timer) clearTimeout(existing.timer);
      const stored = options.history.analyses().find((a) => a.id === definition.id);
      const startedAt = stored?.createdAt ?? now();
      options.history.saveAnalysis({
        id: definition.id,
        origin,
        declared: definition.declared,
        input: definition.input,
        createdAt: startedAt,
      });
      const entry: Entry = {
        definition,
        origin,
        startedAt,
        timer: null,
        nextAt: null,
        running: null,
        stoppedBecause: null,
      };
      entries.set(definition.id, entry);
      schedule(entry);
      return status(entry);
    },
    remove(id) {
      const entry = entries.get(id);
      if (!entry) return false;
      if (entry.timer) clearTimeout(entry.timer);
      entries.delete(id);
      options.history.deleteAnalysis(id, now());
      return true;
    },
    get(id) {
      const entry = entries.get(id);
      return entry ? status(entry) : null;
    },
    definition: (id) => entries.get(id)?.definition ?? null,
    list: () => [...entries.values()].map(status),
    judgeNow(id) {
      const entry = entries.get(id);
      return entry ? judge(entry) : Promise.resolve(null);
    },
    start() {
      started = true;
      for (const entry of entries.values()) schedule(entry);
    },
    async stop() {
      started = false;
      for (const entry of entries.values()) schedule(entry);
      await Promise.all([...entries.values()].map((e) => e.running));
    },
  };
}
