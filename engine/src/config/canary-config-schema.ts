import { z } from 'zod';

/** A duration: a number of seconds, or a string such as `90s`, `5m`, `1h`, `500ms`. */
export const durationSchema = z
  .union([
    z.number().nonnegative().describe('seconds'),
    z
      .string()
      .regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/, 'expected a duration such as "30s", "5m" or "1h"')
      .describe('duration with unit: ms, s, m, h or d'),
  ])
  .describe('A duration: seconds as a number, or a string with a unit ("90s", "5m", "1h").');

const marginSchema = z
  .strictObject({
    relative: z.number().nonnegative().optional().describe('Tolerated harm relative to the baseline (0.05 = 5%).'),
    absolute: z.number().nonnegative().optional().describe('Tolerated harm in the unit of the compared quantity.'),
  })
  .describe('How much harm is tolerated before a change counts as a regression.');

export const canaryMetricSchema = z
  .strictObject({
    name: z.string().min(1).describe('Metric name in this config (unique); also the default `query`.'),
    kind: z
      .enum(['continuous', 'rate', 'latency'])
      .describe('continuous: one value per bucket; rate: events/trials counts; latency: an OTel histogram.'),
    query: z
      .string()
      .min(1)
      .optional()
      .describe('What to read: an OTel metric name (store) or a PromQL template. Default: `name`.'),
    statistic: z
      .enum(['mean', 'sum', 'count', 'rate', 'last', 'max', 'min'])
      .optional()
      .describe('For continuous metrics: which statistic of a bucket is compared.'),
    denominator: z
      .string()
      .min(1)
      .optional()
      .describe('For rate metrics: what to read for the trials (e.g. the request counter); `query` gives the events.'),
    quantile: z.number().gt(0).lt(1).optional().describe('For latency metrics: the compared quantile (default 0.99).'),
    filter: z
      .record(z.string(), z.string())
      .optional()
      .describe('Extra attributes that must match exactly (e.g. http.route).'),
    direction: z.enum(['increase', 'decrease', 'either']).default('either').describe('Which change is harm.'),
    margin: marginSchema.default({}),
    critical: z.boolean().default(false).describe('A failing critical metric alone means no-go (and a score of 0).'),
    mustHaveData: z
      .boolean()
      .default(false)
      .describe('Missing data for this metric means no-go instead of inconclusive.'),
    gating: z
      .boolean()
      .default(true)
      .describe('Gating metrics decide the verdict (Holm); informational ones are reported only (Benjamini-Hochberg).'),
    group: z.string().min(1).optional().describe('Score group (Kayenta `groups`); default: the metric name.'),
    weight: z.number().nonnegative().optional().describe("Weight of the metric's group in the 0-100 score."),
  })
  .describe('One metric compared between baseline and canary.');

const canaryConfigSchemaBase = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).describe('Name of this canary analysis.'),
    description: z.string().optional(),
    alpha: z.number().gt(0).lt(1).default(0.05).describe('Family-wise false no-go rate.'),
    minSamples: z.int().positive().default(30).describe('Minimum samples per cohort; below it a metric is not judged.'),
    warmup: durationSchema.default(0).describe('Skipped at the start of the window.'),
    step: durationSchema.default('1m').describe('Bucket size when reading from a store.'),
    sequential: z
      .boolean()
      .default(false)
      .describe('Always-valid tests, so the verdict may be polled repeatedly without inflating false alarms.'),
    expectedSplit: z
      .strictObject({ baseline: z.number().positive(), canary: z.number().positive() })
      .optional()
      .describe('Expected traffic split (any scale, e.g. 90/10) for the sample-ratio-mismatch check.'),
    srmAlpha: z.number().gt(0).lt(1).default(0.001).describe('Significance level of the sample-ratio-mismatch check.'),
    thresholds: z
      .strictObject({
        pass: z.number().min(0).max(100),
        marginal: z.number().min(0).max(100),
      })
      .default({ pass: 95, marginal: 75 })
      .describe('Kayenta-compatible score thresholds.'),
    groups: z
      .record(z.string(), z.number().nonnegative())
      .optional()
      .describe('Group weights (Kayenta `classifier.groupWeights`), summing to 100 when all groups are weighted.'),
    metrics: z.array(canaryMetricSchema).min(1).describe('The compared metrics.'),
  })
  .describe('Aviary canary analysis config.');

export const canaryConfigSchema = canaryConfigSchemaBase.superRefine((config, ctx) => {
  for (const issue of crossFieldIssues(config)) ctx.addIssue({ code: 'custom', ...issue });
});

export type CanaryConfigInput = z.input<typeof canaryConfigSchema>;
export type CanaryConfig = z.output<typeof canaryConfigSchema>;
export type CanaryMetric = z.output<typeof canaryMetricSchema>;

interface CrossFieldIssue {
  path: (string | number)[];
  message: string;
}

const KIND_ONLY: Record<'statistic' | 'denominator' | 'quantile', CanaryMetric['kind']> = {
  statistic: 'continuous',
  denominator: 'rate',
  quantile: 'latency',
};

/** Weights within this distance of 100 count as summing to 100 (decimal weights such as 33.3 + 33.3 + 33.4). */
const WEIGHT_TOLERANCE = 1e-9;

/** Rules that span several fields: unique names, kind-specific fields, thresholds, group weights. */
function crossFieldIssues(config: z.output<typeof canaryConfigSchemaBase>): CrossFieldIssue[] {
  const issues: CrossFieldIssue[] = [];
  if (config.thresholds.marginal > config.thresholds.pass) {
    issues.push({ path: ['thresholds', 'marginal'], message: `expected marginal <= pass (${config.thresholds.pass})` });
  }
  const seen = new Map<string, number>();
  const groupWeights = new Map<string, { weight: number; index: number }>();
  config.metrics.forEach((metric, index) => {
    const first = seen.get(metric.name);
    if (first !== undefined) {
      issues.push({
        path: ['metrics', index, 'name'],
        message: `duplicate metric name "${metric.name}" (also metrics[${first}])`,
      });
    } else seen.set(metric.name, index);
    for (const [field, kind] of Object.entries(KIND_ONLY) as [keyof typeof KIND_ONLY, CanaryMetric['kind']][]) {
      if (metric[field] !== undefined && metric.kind !== kind) {
        issues.push({
          path: ['metrics', index, field],
          message: `\`${field}\` applies only to kind ${kind}, not ${metric.kind}`,
        });
      }
    }
    if (metric.critical && !metric.gating) {
      issues.push({ path: ['metrics', index, 'gating'], message: 'a critical metric must be gating' });
    }
    const group = metric.group ?? metric.name;
    if (metric.weight !== undefined) {
      const fromGroups = config.groups?.[group];
      const other = groupWeights.get(group);
      if (fromGroups !== undefined && fromGroups !== metric.weight) {
        issues.push({
          path: ['metrics', index, 'weight'],
          message: `group "${group}" already has weight ${fromGroups} in \`groups\``,
        });
      } else if (other && other.weight !== metric.weight) {
        issues.push({
          path: ['metrics', index, 'weight'],
          message: `group "${group}" already has weight ${other.weight} (metrics[${other.index}])`,
        });
      } else groupWeights.set(group, { weight: metric.weight, index });
    }
  });
  const metricGroups = new Set(config.metrics.map((m) => m.group ?? m.name));
  for (const name of Object.keys(config.groups ?? {})) {
    if (!metricGroups.has(name)) issues.push({ path: ['groups', name], message: `no metric is in group "${name}"` });
  }
  const weights = new Map<string, number>(Object.entries(config.groups ?? {}));
  for (const [group, { weight }] of groupWeights) weights.set(group, weight);
  if (weights.size > 0) {
    const sum = [...weights.values()].reduce((a, b) => a + b, 0);
    const allWeighted = [...metricGroups].every((g) => weights.has(g));
    const path = config.groups ? ['groups'] : ['metrics'];
    if (allWeighted && Math.abs(sum - 100) > WEIGHT_TOLERANCE) {
      issues.push({ path, message: `expected group weights summing to 100, got ${sum}` });
    } else if (!allWeighted && sum > 100 + WEIGHT_TOLERANCE) {
      issues.push({
        path,
        message: `expected group weights summing to at most 100 (unweighted groups share the rest), got ${sum}`,
      });
    }
  }
  return issues;
}
