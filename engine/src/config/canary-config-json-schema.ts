import { z } from 'zod';
import { canaryConfigSchema } from './canary-config-schema';

/**
 * The JSON Schema (draft 2020-12) of the canary config, generated from the zod
 * schema for editor completion. Describes the input (defaults are optional).
 * The committed copy is `engine/schema/canary-config.schema.json`; regenerate
 * it with `npx tsx src/config/write-canary-config-json-schema.ts` (a test checks it is current).
 */
export function canaryConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(canaryConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://aviary.dev/schema/canary-config.schema.json',
    title: 'Aviary canary config',
  };
}

/** The schema file's exact text (2-space JSON with a final newline). */
export function canaryConfigJsonSchemaText(): string {
  return `${JSON.stringify(canaryConfigJsonSchema(), null, 2)}\n`;
}
