import { z } from 'zod';

/** Value kinds a flag evaluation can return; `infer` reads it from the default value's literal. */
export const valueKindSchema = z.enum(['boolean', 'string', 'number', 'object', 'unknown', 'infer']);

/**
 * One flag-evaluation API of an SDK: a method, a function (or hook), a JSX component, or a hook whose result is
 * destructured into flags (LaunchDarkly `useFlags`).
 */
export const apiSpecSchema = z
  .object({
    sdk: z.string().min(1).describe('SDK name reported on each reference, e.g. "openfeature".'),
    kind: z
      .enum(['method', 'function', 'component', 'destructure'])
      .describe(
        'method: `anything.name(key, …)`; function: `name(key, …)` imported from `modules`; component: `<Name keyProp="key">`; destructure: `const { myFlag } = name()`.',
      ),
    name: z
      .string()
      .regex(/^[A-Za-z_$][\w$]*$/, 'must be a JavaScript identifier')
      .describe('Method, function, hook or component name.'),
    modules: z
      .array(z.string().min(1))
      .optional()
      .describe('Packages that export it. Functions and components must be imported from one of them.'),
    requireImport: z
      .boolean()
      .optional()
      .describe('For methods with generic names: only match in files that import one of `modules`.'),
    keyArg: z.number().int().min(0).optional().describe('Index of the flag key argument (default 0).'),
    keyProp: z.string().optional().describe('Component attribute holding the key (default "flagKey").'),
    defaultArg: z
      .union([z.number().int().min(0), z.literal('last'), z.null()])
      .optional()
      .describe('Index of the default value argument, "last", or null when there is none.'),
    defaultProp: z.string().optional().describe('Component attribute holding the default value.'),
    valueKind: valueKindSchema.describe('What the evaluation returns.'),
    keyCase: z
      .enum(['as-is', 'camel'])
      .optional()
      .describe('destructure: property names are the camelCased flag keys (LaunchDarkly React).'),
  })
  .strict();

const lifetimeSchema = z.union([z.number().int().positive(), z.null()]);

export const stalenessConfigSchema = z
  .object({
    rolledOutDays: z
      .number()
      .int()
      .positive()
      .default(7)
      .describe('A flag serving one variant to everyone for this many days is fully rolled out.'),
    noEvaluationDays: z
      .number()
      .int()
      .positive()
      .default(30)
      .describe('A flag with no evaluations for this many days is unused.'),
    defaultType: z.string().default('release').describe('Flag type assumed when the definition names none.'),
    lifetimes: z
      .record(z.string(), lifetimeSchema)
      .default({ release: 40, experiment: 40, operational: 7, 'kill-switch': null, permission: null })
      .describe('Expected lifetime in days per flag type (null: permanent). Defaults are Unleash’s.'),
  })
  .strict();

export const presetNameSchema = z.enum(['openfeature', 'launchdarkly', 'unleash']);

export const aviaryConfigSchema = z
  .object({
    $schema: z.string().optional(),
    presets: z
      .array(presetNameSchema)
      .default(['openfeature', 'launchdarkly', 'unleash'])
      .describe('Built-in SDK call shapes to detect.'),
    apis: z.array(apiSpecSchema).default([]).describe('Additional SDK call shapes.'),
    include: z.array(z.string()).default([]).describe('Paths to scan when none are given (default: the repo).'),
    exclude: z
      .array(z.string())
      .default([])
      .describe('Path fragments or globs (`*`, `**`) to skip, besides node_modules, dist, build and dot folders.'),
    testFiles: z
      .array(z.string())
      .default(['**/*.test.*', '**/*.spec.*', '**/__tests__/**', '**/test/**', '**/tests/**'])
      .describe('Globs of test files (references there are marked isTest).'),
    definitions: z.array(z.string()).default([]).describe('flagd flag definition JSON files.'),
    engine: z
      .object({ url: z.url().describe('Base URL of a running Aviary engine.') })
      .strict()
      .optional(),
    staleness: stalenessConfigSchema.default({
      rolledOutDays: 7,
      noEvaluationDays: 30,
      defaultType: 'release',
      lifetimes: { release: 40, experiment: 40, operational: 7, 'kill-switch': null, permission: null },
    }),
  })
  .strict();

export type ValueKindSpec = z.infer<typeof valueKindSchema>;
export type ApiSpec = z.infer<typeof apiSpecSchema>;
export type StalenessConfig = z.infer<typeof stalenessConfigSchema>;
export type PresetName = z.infer<typeof presetNameSchema>;
/** A validated config with every default filled in. */
export type AviaryConfig = z.infer<typeof aviaryConfigSchema>;
/** What a user writes in `aviary.config.json` / `.yaml`. */
export type AviaryConfigInput = z.input<typeof aviaryConfigSchema>;

/** The JSON Schema of `aviary.config.json` (committed as `engine/schema/aviary-config.schema.json`). */
export function aviaryConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(aviaryConfigSchema, { io: 'input' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://aviary.dev/schema/aviary-config.schema.json',
    title: 'Aviary configuration',
    description: 'Flag SDK call shapes, flag definitions and staleness rules for `aviary flags`.',
  };
}
