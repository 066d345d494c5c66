import { z } from 'zod';
import { analyzeSamples } from '../../analysis/analyze-samples';
import { kayentaScore } from '../../analysis/kayenta-score';
import type { MetricResult, SamplesByMetric } from '../../analysis/verdict-types';
import { canaryConfigSchema } from '../../config/canary-config-schema';
import { formatPath } from '../../config/load-canary-config';
import type { Classification } from '../../judge/judge-types';
import { type KayentaClassification, type KayentaSideStats, kayentaJudgeMetric } from '../../judge/kayenta-judge';
import { HttpError } from '../http-error';
import type { RouteFactory } from '../route';
import { sendJson } from '../send-json';
import { readJsonBody } from './json-body';

/** A Kayenta double: a number, or `"NaN"`/`null` for a gap (and `"Infinity"` spelled as a string). */
const kayentaDouble = z.union([z.number(), z.null(), z.string()]).transform((value, ctx) => {
  if (value === null) return Number.NaN;
  if (typeof value === 'number') return value;
  const parsed = Number(value);
  if (value.trim() === '' || (Number.isNaN(parsed) && value !== 'NaN')) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a number` });
    return z.NEVER;
  }
  return parsed;
});

const scopeSchema = z.object({ startTimeMillis: z.number().optional(), stepMillis: z.number().positive().optional() });

const canarySettingsSchema = z
  .object({
    direction: z.string().optional(),
    nanStrategy: z.string().optional(),
    critical: z.boolean().optional(),
    mustHaveData: z.boolean().optional(),
    muted: z.boolean().optional(),
    effectSize: z
      .object({
        measure: z.string().optional(),
        allowedIncrease: z.number().optional(),
        allowedDecrease: z.number().optional(),
        criticalIncrease: z.number().optional(),
        criticalDecrease: z.number().optional(),
      })
      .optional(),
  })
  .default({});

/** Kayenta's `RemoteJudgeRequest`: unknown fields are ignored, as Kayenta's own Jackson mapping does. */
const remoteJudgeRequestSchema = z.object({
  canaryConfig: z.object({
    name: z.string().optional(),
    judge: z
      .object({ name: z.string().optional(), judgeConfigurations: z.record(z.string(), z.unknown()).optional() })
      .optional(),
    metrics: z
      .array(
        z.object({
          name: z.string().min(1),
          groups: z.array(z.string()).default([]),
          analysisConfigurations: z.object({ canary: canarySettingsSchema }).partial().default({}),
        }),
      )
      .min(1),
    classifier: z
      .object({
        groupWeights: z.record(z.string(), z.number()).default({}),
        scoreThresholds: z.object({ pass: z.number(), marginal: z.number() }).optional(),
      })
      .default({ groupWeights: {} }),
  }),
  scoreThresholds: z.object({ pass: z.number(), marginal: z.number() }).optional(),
  metricSetPairList: z
    .array(
      z.object({
        name: z.string().min(1),
        id: z.string().optional(),
        tags: z.record(z.string(), z.string()).default({}),
        values: z.object({ control: z.array(kayentaDouble), experiment: z.array(kayentaDouble) }),
        scopes: z.object({ control: scopeSchema.optional(), experiment: scopeSchema.optional() }).partial().default({}),
      }),
    )
    .default([]),
});

type RemoteJudgeRequest = z.output<typeof remoteJudgeRequestSchema>;
type KayentaSettings = z.output<typeof canarySettingsSchema>;

const CLASSIFICATION: Record<Classification, KayentaClassification> = {
  pass: 'Pass',
  high: 'High',
  low: 'Low',
  nodata: 'Nodata',
  error: 'Error',
};

function direction(value: string | undefined): 'increase' | 'decrease' | 'either' {
  return value === 'increase' || value === 'decrease' ? value : 'either';
}

/** Kayenta's meanRatio effect-size gate as Aviary's relative margin (e.g. allowedIncrease 1.1 -> 10%). */
function marginOf(settings: KayentaSettings): { relative?: number } {
  const effect = settings.effectSize;
  if (!effect || (effect.measure !== undefined && effect.measure !== 'meanRatio')) return {};
  const dir = direction(settings.direction);
  const up = effect.allowedIncrease !== undefined ? effect.allowedIncrease - 1 : 0;
  const down = effect.allowedDecrease !== undefined ? 1 - effect.allowedDecrease : 0;
  const relative = dir === 'increase' ? up : dir === 'decrease' ? down : Math.max(up, down);
  return relative > 0 ? { relative } : {};
}

function sideStats(stats: KayentaSideStats) {
  return { stats: { min: stats.min, max: stats.max, mean: stats.mean, std: stats.stdev, count: stats.count } };
}

/** JSON has no NaN: Kayenta itself writes non-finite doubles as strings. */
function finiteOr(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

function timestamps(scope: { startTimeMillis?: number; stepMillis?: number } | undefined, length: number) {
  if (scope?.startTimeMillis === undefined || scope.stepMillis === undefined) return undefined;
  const { startTimeMillis, stepMillis } = scope;
  return Array.from({ length }, (_, i) => startTimeMillis + i * stepMillis);
}

function withoutGaps(values: number[], times: number[] | undefined, strategy: string | undefined) {
  if (strategy === 'replace') return { values: values.map((v) => (Number.isNaN(v) ? 0 : v)), times };
  const keep = values.map((v) => !Number.isNaN(v));
  return { values: values.filter((_, i) => keep[i]), times: times?.filter((_, i) => keep[i]) };
}

/**
 * Judges a Kayenta `RemoteJudgeRequest` with Aviary's statistics and answers
 * Kayenta's `CanaryJudgeResult`. Each metric set pair becomes one continuous
 * Aviary metric (time-aligned by the pair's scopes); gaps follow the metric's
 * `nanStrategy`; `critical`, `mustHaveData`, `direction` and the meanRatio
 * effect-size gate (as a relative margin) carry over; `muted` metrics are
 * reported but not scored. Scoring is Kayenta's weighted group sum with the
 * request's `scoreThresholds` (falling back to the config's classifier). Each
 * result also carries `kayentaClassification`, what NetflixACAJudge would have
 * said, so a migration can compare both judges on the same data.
 * `judge.judgeConfigurations` may set `alpha` (default 0.05) and `minSamples`
 * (default 5 points per side).
 */
export function judgeKayentaRequest(request: RemoteJudgeRequest) {
  const settingsByName = new Map(request.canaryConfig.metrics.map((m) => [m.name, m]));
  for (const [index, pair] of request.metricSetPairList.entries()) {
    if (!settingsByName.has(pair.name)) {
      throw new HttpError(
        400,
        `metricSetPairList[${index}].name: "${pair.name}" is not a metric of canaryConfig (known: ${[...settingsByName.keys()].join(', ')})`,
      );
    }
  }
  const judgeConfig = request.canaryConfig.judge?.judgeConfigurations ?? {};
  const alpha = typeof judgeConfig.alpha === 'number' ? judgeConfig.alpha : 0.05;
  const minSamples = typeof judgeConfig.minSamples === 'number' ? judgeConfig.minSamples : 5;
  const thresholds = request.scoreThresholds ??
    request.canaryConfig.classifier.scoreThresholds ?? { pass: 95, marginal: 75 };

  const pairs = request.metricSetPairList.map((pair, index) => {
    const metric = settingsByName.get(pair.name);
    const settings = metric?.analysisConfigurations.canary ?? {};
    const groups = metric && metric.groups.length > 0 ? metric.groups : [pair.name];
    return { pair, settings, groups, key: `${index}:${pair.name}` };
  });
  const parsedConfig = canaryConfigSchema.safeParse({
    name: request.canaryConfig.name ?? 'kayenta-remote-judge',
    alpha,
    minSamples,
    thresholds: { pass: Math.max(thresholds.pass, thresholds.marginal), marginal: thresholds.marginal },
    metrics: pairs.map(({ key, settings, groups }) => ({
      name: key,
      kind: 'continuous',
      direction: direction(settings.direction),
      margin: marginOf(settings),
      critical: settings.critical ?? false,
      mustHaveData: settings.mustHaveData ?? false,
      gating: settings.muted !== true || settings.critical === true,
      group: groups[0],
    })),
  });
  if (!parsedConfig.success) {
    const issue = parsedConfig.error.issues[0];
    throw new HttpError(400, `canaryConfig: ${formatPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}`);
  }
  const config = parsedConfig.data;
  const samples: Record<string, SamplesByMetric[string]> = {};
  const kayenta = pairs.map(({ pair, settings, key }) => {
    const control = withoutGaps(
      pair.values.control,
      timestamps(pair.scopes.control, pair.values.control.length),
      settings.nanStrategy,
    );
    const experiment = withoutGaps(
      pair.values.experiment,
      timestamps(pair.scopes.experiment, pair.values.experiment.length),
      settings.nanStrategy,
    );
    if (control.values.length === 0 || experiment.values.length === 0) {
      samples[key] = { kind: 'nodata', message: 'no data points after removing NaN gaps' };
    } else {
      samples[key] = {
        kind: 'continuous',
        baseline: control.values,
        canary: experiment.values,
        ...(control.times && experiment.times
          ? { baselineTimestamps: control.times, canaryTimestamps: experiment.times }
          : {}),
      };
    }
    return kayentaJudgeMetric(pair.values.control, pair.values.experiment, {
      direction: direction(settings.direction),
      nanStrategy: settings.nanStrategy === 'replace' ? 'replace' : 'remove',
      critical: settings.critical,
      mustHaveData: settings.mustHaveData,
      effectSize: {
        measure: settings.effectSize?.measure === 'cles' ? 'cles' : 'meanRatio',
        allowedIncrease: settings.effectSize?.allowedIncrease,
        allowedDecrease: settings.effectSize?.allowedDecrease,
      },
      criticalThresholds: {
        increase: settings.effectSize?.criticalIncrease,
        decrease: settings.effectSize?.criticalDecrease,
      },
    });
  });
  const verdict = analyzeSamples(config, samples);
  const byKey = new Map(verdict.metrics.map((m) => [m.name, m]));

  const results = pairs.map(({ pair, settings, groups, key }, index) => {
    const result = byKey.get(key) as MetricResult;
    const reference = kayenta[index];
    let classification = CLASSIFICATION[result.classification];
    if (classification === 'Nodata' && settings.mustHaveData && !settings.critical) classification = 'NodataFailMetric';
    const failed = classification !== 'Pass';
    return {
      name: pair.name,
      id: pair.id ?? key,
      tags: pair.tags,
      classification,
      classificationReason: result.reason,
      groups,
      experimentMetadata: reference ? sideStats(reference.experimentStats) : {},
      controlMetadata: reference ? sideStats(reference.controlStats) : {},
      resultMetadata: {
        ratio: finiteOr(reference?.deviation ?? Number.NaN),
        test: result.test,
        pValue: result.pValue,
        adjustedPValue: result.adjustedPValue,
        effect: result.effect,
        ci: result.ci,
        harm: result.harm,
      },
      critical: (settings.critical ?? false) && failed,
      muted: settings.muted ?? false,
      kayentaClassification: reference?.classification ?? 'Error',
      kayentaClassificationReason: reference?.classificationReason ?? '',
    };
  });

  // Kayenta scores a metric in every group it lists; muted metrics are not scored.
  const scored: MetricResult[] = [];
  pairs.forEach(({ settings, groups, key }) => {
    const result = byKey.get(key) as MetricResult;
    if (settings.muted) return;
    for (const group of groups) scored.push({ ...result, group });
  });
  const scoring = kayentaScore({ ...config, groups: { ...request.canaryConfig.classifier.groupWeights } }, scored);
  const label = { pass: 'Pass', marginal: 'Marginal', fail: 'Fail' } as const;
  return {
    judgeName: 'Aviary-v1',
    results,
    groupScores: scoring.groups.map((group) => ({
      name: group.name,
      score: group.score ?? 0,
      noData: group.score === null,
      classification:
        group.score === null
          ? 'Nodata'
          : group.score >= thresholds.pass
            ? 'Pass'
            : group.score >= thresholds.marginal
              ? 'Marginal'
              : 'Fail',
      classificationReason: group.score === null ? 'no metric of the group had data' : '',
    })),
    score: {
      score: scoring.value,
      classification: label[scoring.classification],
      classificationReason: scoring.reason,
    },
    aviary: { verdict: verdict.verdict, reason: verdict.reason, inputDigest: verdict.inputDigest },
  };
}

/** `POST /judge`: Kayenta's RemoteJudge contract (enable `kayenta.remote-judge` with this server's base URL). */
export const kayentaRoutes: RouteFactory = () => [
  {
    method: 'POST',
    path: '/judge',
    handle: async (ctx) => {
      const parsed = remoteJudgeRequestSchema.safeParse(await readJsonBody(ctx));
      if (!parsed.success) {
        const issues = parsed.error.issues.slice(0, 5).map((i) => `${formatPath(i.path) || '(root)'}: ${i.message}`);
        throw new HttpError(400, `not a Kayenta RemoteJudgeRequest: ${issues.join('; ')}`);
      }
      sendJson(ctx.res, 200, judgeKayentaRequest(parsed.data));
    },
  },
];
