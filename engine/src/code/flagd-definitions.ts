import { readFileSync } from 'node:fs';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { describeIssues, syntaxErrorMessage } from './load-config';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const jsonSchema: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonSchema), z.record(z.string(), jsonSchema)]),
);

const flagSchema = z.object({
  state: z.enum(['ENABLED', 'DISABLED']),
  variants: z.record(z.string(), jsonSchema).refine((v) => Object.keys(v).length > 0, 'needs at least one variant'),
  defaultVariant: z.string().nullable().optional(),
  targeting: jsonSchema.optional(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

const fileFields = {
  $schema: z.string().optional(),
  $evaluators: z.record(z.string(), jsonSchema).optional(),
  metadata: z.record(z.string(), jsonSchema).optional(),
};
// Two schemas rather than a union, so that an error inside a flag names that flag's field.
const mapFileSchema = z.object({ ...fileFields, flags: z.record(z.string(), flagSchema) });
const listFileSchema = z.object({ ...fileFields, flags: z.array(flagSchema.extend({ key: z.string().min(1) })) });

/** One flag from an OpenFeature flagd definition file. */
export interface FlagDefinition {
  key: string;
  state: 'ENABLED' | 'DISABLED';
  variants: Record<string, Json>;
  defaultVariant: string | null;
  targeting: Json | undefined;
  metadata: Record<string, string | number | boolean>;
  /** Where it is defined (for reports and SARIF). */
  file: string;
  line: number;
}

/** A definition file that is not valid flagd JSON; the message names file, line and field. */
export class DefinitionError extends Error {
  override readonly name = 'DefinitionError';
}

/** Parses a flagd JSON (or YAML) text. `file` is used in messages and on each definition. */
export function parseFlagdDefinitions(text: string, file: string): FlagDefinition[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) throw new DefinitionError(syntaxErrorMessage(document.errors[0], lineCounter, file));
  const lineOf = (path: Array<string | number>): number | undefined => {
    const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  };
  const data: unknown = document.toJS();
  const isList = typeof data === 'object' && data !== null && Array.isArray((data as { flags?: unknown }).flags);
  const result = (isList ? listFileSchema : mapFileSchema).safeParse(data);
  if (!result.success) throw new DefinitionError(describeIssues(result.error.issues, file, lineOf));
  const flags = document.get('flags', true);
  const keyLine = (key: string, index: number): number => {
    if (isMap(flags)) {
      const pair = flags.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
      const range = (pair?.key as { range?: [number, number, number] } | null)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    return lineOf(['flags', index]) ?? 1;
  };
  const entries = Array.isArray(result.data.flags)
    ? result.data.flags.map((flag) => [flag.key, flag] as const)
    : Object.entries(result.data.flags);
  return entries.map(([key, flag], index) => {
    if (flag.defaultVariant && !Object.hasOwn(flag.variants, flag.defaultVariant)) {
      throw new DefinitionError(
        `${file}:${keyLine(key, index)}: flags.${key}.defaultVariant: "${flag.defaultVariant}" is not one of the variants (${Object.keys(flag.variants).join(', ')})`,
      );
    }
    return {
      key,
      state: flag.state,
      variants: flag.variants,
      defaultVariant: flag.defaultVariant ?? null,
      targeting: flag.targeting,
      metadata: flag.metadata ?? {},
      file,
      line: keyLine(key, index),
    };
  });
}

/** Reads several flagd files; a key defined twice keeps the first and reports nothing else. */
export function loadFlagdDefinitions(files: readonly { path: string; display: string }[]): FlagDefinition[] {
  const all: FlagDefinition[] = [];
  const seen = new Set<string>();
  for (const { path, display } of files) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new DefinitionError(`${display}: cannot read: ${(error as Error).message}`);
    }
    for (const definition of parseFlagdDefinitions(text, display)) {
      if (seen.has(definition.key)) continue;
      seen.add(definition.key);
      all.push(definition);
    }
  }
  return all;
}

function isRecord(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The single variant a definition always serves, when that can be told offline: no targeting (or targeting that
 * is an empty object) serves `defaultVariant`; a `fractional` rule whose weight is all on one variant serves it.
 * Returns undefined when targeting can serve different variants.
 */
export function constantVariant(definition: FlagDefinition): { variant: string | null; why: string } | undefined {
  const targeting = definition.targeting;
  if (targeting === undefined || targeting === null || (isRecord(targeting) && Object.keys(targeting).length === 0)) {
    return { variant: definition.defaultVariant, why: 'no targeting' };
  }
  if (isRecord(targeting) && Array.isArray(targeting.fractional)) {
    const buckets = targeting.fractional.filter((b): b is Json[] => Array.isArray(b) && typeof b[0] === 'string');
    const weighted = buckets.map((b) => ({ variant: b[0] as string, weight: typeof b[1] === 'number' ? b[1] : 1 }));
    const serving = weighted.filter((b) => b.weight > 0);
    const first = serving[0];
    if (first && serving.every((b) => b.variant === first.variant)) {
      return { variant: first.variant, why: `fractional rollout puts 100% on "${first.variant}"` };
    }
  }
  return undefined;
}

export type { Json };
