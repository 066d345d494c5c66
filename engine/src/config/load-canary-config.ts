import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type CanaryConfig, canaryConfigSchema } from './canary-config-schema';
import { locateNode } from './locate-node';

/** One problem in a config file: where (field path, line and column when known) and what was expected. */
export interface ConfigIssue {
  /** Field path such as `metrics[1].kind`; empty for the whole document. */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/** A config or input file that cannot be used; `message` lists every issue as `file:line:col: path: message`. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(
      `invalid ${file}:\n${issues
        .map(
          (i) => `  ${file}${i.line ? `:${i.line}:${i.column ?? 1}` : ''}: ${i.path ? `${i.path}: ` : ''}${i.message}`,
        )
        .join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Formats a path as `metrics[1].margin.relative`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let value: unknown = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !(String(segment) in value)) return { found: false, value };
    value = (value as Record<string, unknown>)[String(segment)];
  }
  return { found: true, value };
}

function issueFromZod(issue: z.core.$ZodIssue, data: unknown, root: unknown, lines: LineCounter): ConfigIssue {
  let path = issue.path;
  let message = issue.message;
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) {
    path = [...issue.path, issue.keys[0]];
    message = `unknown field${issue.keys.length > 1 ? `s ${issue.keys.join(', ')}` : ''}; check the spelling (see the JSON Schema)`;
  } else {
    const at = valueAt(data, path);
    if (!at.found) message = `${message} (missing)`;
    else if (issue.code !== 'custom') message = `${message} (got ${describeValue(at.value)})`;
  }
  const node = locateNode(root, path);
  const offset = node?.range?.[0];
  const position = offset === undefined ? undefined : lines.linePos(offset);
  return { path: formatPath(path), line: position?.line, column: position?.col, message };
}

/**
 * Parses and validates a canary config given as YAML or JSON text (JSON is
 * parsed as YAML 1.2, so both get line numbers in errors).
 * @throws ConfigError listing every problem with file, field path, line and expectation.
 */
export function parseCanaryConfig(text: string, file = '<config>'): CanaryConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const position = lines.linePos(e.pos[0]);
        return { path: '', line: position.line, column: position.col, message: e.message.split('\n')[0] ?? e.message };
      }),
    );
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(file, [
      { path: '', line: 1, column: 1, message: 'expected a mapping with `name` and `metrics`' },
    ]);
  }
  const parsed = canaryConfigSchema.safeParse(data);
  if (!parsed.success) {
    throw new ConfigError(
      file,
      parsed.error.issues.map((issue) => issueFromZod(issue, data, doc.contents, lines)),
    );
  }
  return parsed.data;
}

/** Reads and validates a canary config file (`.yaml`, `.yml` or `.json`). */
export function loadCanaryConfig(file: string): CanaryConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [{ path: '', message: `cannot read the file: ${(error as Error).message}` }]);
  }
  return parseCanaryConfig(text, file);
}
