import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { formatPath } from '../config/load-canary-config';

export type SchemaParseResult<T> = { ok: true; value: T } | { ok: false; issues: string[] };

/**
 * Parses YAML (or JSON) text and validates it with a zod schema. Each issue is
 * `file:line:col: field.path: message`, pointing at the offending value.
 */
export function parseYamlWithSchema<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
): SchemaParseResult<z.output<S>> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return `${file}:${pos.line}:${pos.col}: ${e.message.split('\n')[0]}`;
      }),
    };
  }
  return validateWithSchema(doc.toJS(), schema, file, (path) => {
    let node: unknown;
    for (let depth = path.length; depth >= 0 && !node; depth--) node = doc.getIn(path.slice(0, depth), true);
    const offset = (node as { range?: [number, number, number] } | undefined)?.range?.[0];
    if (offset === undefined) return '';
    const pos = lines.linePos(offset);
    return `:${pos.line}:${pos.col}`;
  });
}

/** Validates already-parsed data (e.g. a JSON request body); issues are `where: field.path: message`. */
export function validateWithSchema<S extends z.ZodType>(
  data: unknown,
  schema: S,
  where: string,
  position: (path: PropertyKey[]) => string = () => '',
): SchemaParseResult<z.output<S>> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => {
      const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
      const message = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : issue.message;
      return `${where}${position(path)}: ${formatPath(path) || '(root)'}: ${message}`;
    }),
  };
}
