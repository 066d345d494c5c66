import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { canaryConfigJsonSchemaText } from './canary-config-json-schema';

/** Writes `engine/schema/canary-config.schema.json` (run with tsx). */
const target = fileURLToPath(new URL('../../schema/canary-config.schema.json', import.meta.url));
writeFileSync(target, canaryConfigJsonSchemaText());
process.stdout.write(`wrote ${target}\n`);
