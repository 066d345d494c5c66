import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type AviaryConfig, aviaryConfigSchema } from './sdk-config';

export const CONFIG_FILE_NAMES = ['aviary.config.json', 'aviary.config.yaml', 'aviary.config.yml'] as const;

/** A config file that could not be read or is invalid; the message names the file, field path and line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The first `aviary.config.*` in `dir`, if any. */
export function findConfigFile(dir: string): string | undefined {
  return CONFIG_FILE_NAMES.map((name) => join(dir, name)).find((path) => existsSync(path));
}

/** Defaults only (no file). */
export function defaultConfig(): AviaryConfig {
  return aviaryConfigSchema.parse({});
}

/**
 * Parses and validates a config text (JSON is read as YAML, which keeps source positions for messages).
 * Throws `ConfigError` with `file:line: field.path: problem` for each issue.
 */
export function parseConfig(text: string, file: string): AviaryConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) throw new ConfigError(syntaxErrorMessage(document.errors[0], lineCounter, file));
  const result = aviaryConfigSchema.safeParse(document.toJS() ?? {});
  if (result.success) return result.data;
  throw new ConfigError(
    describeIssues(result.error.issues, file, (path) => {
      const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
      const offset = node?.range?.[0];
      return offset === undefined ? undefined : lineCounter.linePos(offset).line;
    }),
  );
}

/** `file:line:col: message` for the first syntax error of a YAML/JSON document. */
export function syntaxErrorMessage(
  error: { pos: [number, number]; message: string } | undefined,
  lineCounter: LineCounter,
  file: string,
): string {
  if (!error) return `${file}: cannot parse`;
  const at = lineCounter.linePos(error.pos[0]);
  return `${file}:${at.line}:${at.col}: ${error.message.split('\n')[0]}`;
}

export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  file: string,
  lineOf: (path: Array<string | number>) => number | undefined,
): string {
  return issues
    .map((issue) => {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      let line: number | undefined;
      for (let n = path.length; n >= 0 && line === undefined; n -= 1) line = lineOf(path.slice(0, n));
      const field = path.length > 0 ? path.join('.') : '(top level)';
      return `${file}${line ? `:${line}` : ''}: ${field}: ${issue.message}`;
    })
    .join('\n');
}

/** Loads `path`, or the config found in `dir`, or the defaults. */
export function loadConfig(options: { path?: string; dir: string }): { config: AviaryConfig; file: string | null } {
  const file = options.path ?? findConfigFile(options.dir);
  if (!file) return { config: defaultConfig(), file: null };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: cannot read: ${(error as Error).message}`);
  }
  return { config: parseConfig(text, file), file };
}
