import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseYamlWithSchema } from '../../continuous/parse-yaml-with-schema';

/** `read` may query verdicts and analyses; `write` may also ingest metrics, change analyses and act on gates. */
export type TokenScope = 'read' | 'write';

export interface ApiToken {
  name: string;
  scope: TokenScope;
  token: string;
}

const tokenFileSchema = z.object({
  tokens: z
    .array(
      z.object({
        name: z.string().min(1),
        scope: z.enum(['read', 'write']),
        token: z.string().min(16, 'must be at least 16 characters (use e.g. `openssl rand -hex 32`)'),
      }),
    )
    .min(1, 'list at least one token'),
});

export type TokenFileResult = { ok: true; tokens: ApiToken[] } | { ok: false; message: string };

/**
 * Parses a token file (YAML or JSON):
 * ```yaml
 * tokens:
 *   - { name: argo-rollouts, scope: read, token: 9f2c... }
 *   - { name: ci, scope: write, token: 41ab... }
 * ```
 * Errors name the file, the field path and the line.
 */
export function parseTokenFile(text: string, file = 'token file'): TokenFileResult {
  const parsed = parseYamlWithSchema(text, file, tokenFileSchema);
  if (!parsed.ok) return { ok: false, message: parsed.issues.join('\n') };
  const seen = new Set<string>();
  for (const [index, entry] of parsed.value.tokens.entries()) {
    if (seen.has(entry.token)) return { ok: false, message: `${file}: tokens[${index}].token: duplicate token` };
    seen.add(entry.token);
  }
  return { ok: true, tokens: parsed.value.tokens };
}

/** Reads and parses `--token-file`. */
export function loadTokenFile(path: string): TokenFileResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, message: `${path}: cannot read token file: ${error instanceof Error ? error.message : error}` };
  }
  return parseTokenFile(text, path);
}
