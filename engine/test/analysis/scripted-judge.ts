import type { JudgeMetricSpec, JudgeOptions, MetricJudgement, MetricSamples } from '../../src/judge/judge-types';

/** What the scripted judge returns for one metric: its harm p-value and whether it would be proven safe. */
export interface Script {
  p: number;
  safe?: boolean;
  mde?: number;
  samplesNeeded?: number;
  throws?: string;
}

export interface ScriptedJudge {
  judge: (spec: JudgeMetricSpec, samples: MetricSamples, options: JudgeOptions) => MetricJudgement;
  calls: { name: string; alpha: number; samples: MetricSamples; sequential: boolean }[];
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * A test double for `judgeMetric` (tests only): the harm decision follows a
 * scripted p-value (`harmful` iff p <= alpha), so the analysis's multiplicity
 * handling, health checks and verdict can be checked exactly.
 */
export function scriptedJudge(scripts: Record<string, Script>): ScriptedJudge {
  const calls: ScriptedJudge['calls'] = [];
  const judge = (spec: JudgeMetricSpec, samples: MetricSamples, options: JudgeOptions): MetricJudgement => {
    calls.push({ name: spec.name, alpha: options.alpha, samples, sequential: options.sequential });
    const script = scripts[spec.name] ?? { p: 0.5, safe: true };
    if (script.throws) throw new Error(script.throws);
    const harmful = script.p <= options.alpha;
    const summary =
      samples.kind === 'continuous'
        ? { baseline: mean(samples.baseline), canary: mean(samples.canary) }
        : { baseline: 1, canary: 1 };
    const absolute = summary.canary - summary.baseline;
    return {
      name: spec.name,
      classification: harmful ? 'high' : 'pass',
      harm: harmful ? 'harmful' : script.safe ? 'safe' : 'undecided',
      quantity: samples.kind === 'rate' ? 'rate' : 'mean',
      effect: { absolute, relative: summary.baseline === 0 ? null : absolute / summary.baseline },
      ci: { lower: absolute - options.alpha, upper: absolute + options.alpha, level: 1 - options.alpha },
      pValue: script.p,
      n:
        samples.kind === 'continuous'
          ? { baseline: samples.baseline.length, canary: samples.canary.length }
          : { baseline: 100, canary: 100 },
      test: 'scripted',
      reason: harmful ? `${spec.name} got worse` : `${spec.name} looks fine`,
      mde: script.mde ?? null,
      samplesNeeded: script.samplesNeeded ?? null,
      summary,
    };
  };
  return { judge, calls };
}
