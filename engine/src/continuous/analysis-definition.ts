import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { type CanaryConfig, canaryConfigSchema, loadCanaryConfig } from '../config';
import { durationSchema } from '../config/canary-config-schema';
import { parseDuration } from '../config/parse-duration';
import type { Cohort } from '../model/cohort';
import { prometheusProviderSchema } from '../providers/prometheus/prometheus-provider';
import { parseYamlWithSchema, validateWithSchema } from './parse-yaml-with-schema';

export const cohortSchema = z
  .strictObject({
    service: z.string().min(1).optional(),
    release: z.string().min(1).optional(),
    env: z.string().min(1).optional(),
    flag: z.string().min(1).optional(),
    variant: z.string().min(1).optional(),
    attributes: z.record(z.string(), z.string()).optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'a cohort needs at least one field');

/** Why every webhook needs a key: the explanation in the validation error. */
export const WEBHOOK_SECRET_REQUIRED =
  'give `secret` (at least 16 characters) or `secretEnv` (an environment variable holding it): verdict events are always signed with HMAC-SHA256 so receivers can tell them from forgeries';

/**
 * A webhook target. The signing key is required, not optional: a receiver that
 * acts on verdicts (pages someone, pauses a rollout) must be able to reject
 * forged or replayed events, so Aviary never sends unsigned deliveries.
 */
export const webhookSchema = z
  .strictObject({
    url: z.url(),
    /** HMAC-SHA256 key; or `secretEnv`, the name of an environment variable holding it. */
    secret: z.string().min(16, 'must be at least 16 characters').optional(),
    secretEnv: z.string().min(1).optional(),
  })
  .refine((hook) => hook.secret !== undefined || hook.secretEnv !== undefined, {
    message: WEBHOOK_SECRET_REQUIRED,
    path: ['secret'],
  })
  .refine((hook) => hook.secret === undefined || hook.secretEnv === undefined, {
    message: 'give either `secret` or `secretEnv`, not both',
    path: ['secretEnv'],
  });

/** A resolved webhook. `secret` is null only for targets built in code; declared ones always have one. */
export type WebhookTarget = { url: string; secret: string | null };

const analysisInputSchema = z.strictObject({
  /** Stable id used in URLs (`/api/analyses/:id`) and in the history. */
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'letters, digits, ".", "_" and "-" (max 128)'),
  description: z.string().optional(),
  /** The canary config: a path (relative to the analyses file; files only) or the config inline. */
  config: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  baseline: cohortSchema,
  canary: cohortSchema,
  /** Where the data comes from: Aviary's own store, or a Prometheus-compatible source. */
  source: z.union([z.literal('store'), z.strictObject({ prometheus: prometheusProviderSchema })]).default('store'),
  /** How often to judge. */
  every: durationSchema.default('1m'),
  /** Window length judged each time; without it, everything since the analysis started (cumulative). */
  lookback: durationSchema.optional(),
  /** When to stop judging: after a duration, and/or once a verdict is reached. */
  stop: z
    .strictObject({
      after: durationSchema.optional(),
      on: z.array(z.enum(['go', 'no-go', 'inconclusive'])).default([]),
    })
    .default({ on: [] }),
  /** Webhooks called on a verdict change of this analysis (in addition to the file-level ones). */
  webhooks: z.array(webhookSchema).default([]),
});

export const analysesFileSchema = z.strictObject({
  analyses: z.array(analysisInputSchema).default([]),
  /** Webhooks called on every analysis's verdict change. */
  webhooks: z.array(webhookSchema).default([]),
});

export type AnalysisInput = z.input<typeof analysisInputSchema>;

/** A validated analysis, ready to schedule. Durations are milliseconds. */
export interface AnalysisDefinition {
  id: string;
  description?: string;
  config: CanaryConfig;
  baseline: Cohort;
  canary: Cohort;
  source: 'store' | { prometheus: z.output<typeof prometheusProviderSchema> };
  everyMs: number;
  lookbackMs: number | null;
  stopAfterMs: number | null;
  stopOn: ('go' | 'no-go' | 'inconclusive')[];
  webhooks: WebhookTarget[];
  /** The definition as given (for `GET /api/analyses/:id`), secrets removed. */
  declared: Record<string, unknown>;
  /** The validated input, secrets included, to restore API analyses after a restart. */
  input: AnalysisInput;
}

export type DefinitionResult<T> = { ok: true; value: T } | { ok: false; issues: string[] };

function resolveWebhooks(hooks: z.output<typeof webhookSchema>[], where: string, issues: string[]): WebhookTarget[] {
  return hooks.map((hook, index) => {
    let secret = hook.secret ?? null;
    if (hook.secretEnv) {
      secret = process.env[hook.secretEnv] ?? null;
      if (!secret)
        issues.push(`${where}: webhooks[${index}].secretEnv: environment variable ${hook.secretEnv} is not set`);
    }
    return { url: hook.url, secret };
  });
}

function redact(input: z.output<typeof analysisInputSchema>): Record<string, unknown> {
  const source =
    input.source === 'store'
      ? 'store'
      : {
          prometheus: {
            ...input.source.prometheus,
            auth: input.source.prometheus.auth ? { type: input.source.prometheus.auth.type } : undefined,
          },
        };
  return { ...input, source, webhooks: input.webhooks.map((w) => ({ url: w.url })) };
}

/**
 * Turns a validated analysis entry into a definition: loads or validates its
 * canary config (`baseDir` set: paths allowed, relative to it; null: inline only,
 * as for the HTTP API) and resolves durations and webhook secrets.
 */
export function toDefinition(
  input: z.output<typeof analysisInputSchema>,
  where: string,
  baseDir: string | null,
): DefinitionResult<AnalysisDefinition> {
  const issues: string[] = [];
  let config: CanaryConfig | undefined;
  if (typeof input.config === 'string') {
    if (baseDir === null) {
      issues.push(`${where}: config: give the canary config inline (file paths are only allowed in --analyses files)`);
    } else {
      try {
        config = loadCanaryConfig(resolve(baseDir, input.config));
      } catch (error) {
        issues.push(`${where}: config: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } else {
    const parsed = validateWithSchema(input.config, canaryConfigSchema, `${where}: config`);
    if (parsed.ok) config = parsed.value;
    else issues.push(...parsed.issues);
  }
  const webhooks = resolveWebhooks(input.webhooks, where, issues);
  if (!config || issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      id: input.id,
      description: input.description,
      config,
      baseline: input.baseline,
      canary: input.canary,
      source: input.source,
      everyMs: Math.max(1000, parseDuration(input.every)),
      lookbackMs: input.lookback === undefined ? null : parseDuration(input.lookback),
      stopAfterMs: input.stop.after === undefined ? null : parseDuration(input.stop.after),
      stopOn: input.stop.on,
      webhooks,
      declared: redact(input),
      input,
    },
  };
}

/** Validates one analysis sent to `POST /api/analyses` (inline canary config only); also restores stored ones. */
export function parseAnalysisBody(body: unknown): DefinitionResult<AnalysisDefinition> {
  const parsed = validateWithSchema(body, analysisInputSchema, 'body');
  if (!parsed.ok) return parsed;
  return toDefinition(parsed.value, 'body', null);
}

/** Reads `--analyses FILE`: the analyses and the global webhooks. Every problem is reported with file and line. */
export function loadAnalysesFile(
  file: string,
): DefinitionResult<{ analyses: AnalysisDefinition[]; webhooks: WebhookTarget[] }> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, issues: [`${file}: cannot read: ${error instanceof Error ? error.message : error}`] };
  }
  const parsed = parseYamlWithSchema(text, file, analysesFileSchema);
  if (!parsed.ok) return parsed;
  const issues: string[] = [];
  const analyses: AnalysisDefinition[] = [];
  const seen = new Set<string>();
  for (const [index, entry] of parsed.value.analyses.entries()) {
    const where = `${file}: analyses[${index}]`;
    if (seen.has(entry.id)) issues.push(`${where}.id: duplicate id "${entry.id}"`);
    seen.add(entry.id);
    const definition = toDefinition(entry, where, dirname(resolve(file)));
    if (definition.ok) analyses.push(definition.value);
    else issues.push(...definition.issues);
  }
  const webhooks = resolveWebhooks(parsed.value.webhooks, file, issues);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: { analyses, webhooks } };
}
