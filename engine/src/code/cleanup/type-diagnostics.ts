import { dirname, resolve } from 'node:path';
import { ts } from 'ts-morph';

/** A TypeScript diagnostic in a touched file (1-based line and column). */
export interface CodeDiagnostic {
  file: string;
  line: number;
  column: number;
  code: number;
  message: string;
}

function compilerOptionsFor(file: string): ts.CompilerOptions {
  const configPath = ts.findConfigFile(dirname(file), ts.sys.fileExists);
  const fallback: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX,
    skipLibCheck: true,
    noEmit: true,
  };
  if (!configPath) return fallback;
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) return fallback;
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(configPath));
  return { ...parsed.options, noEmit: true, skipLibCheck: true };
}

function collect(program: ts.Program, files: readonly string[], display: (path: string) => string): CodeDiagnostic[] {
  const out: CodeDiagnostic[] = [];
  for (const file of files) {
    const sf = program.getSourceFile(file);
    if (!sf) continue;
    const diagnostics = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    for (const d of diagnostics) {
      const { line, character } =
        d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
      out.push({
        file: display(file),
        line: line + 1,
        column: character + 1,
        code: d.code,
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      });
    }
  }
  return out;
}

/**
 * Type-checks the touched files before and after a rewrite (with the nearest tsconfig.json's options) and returns
 * the diagnostics that are new afterwards. Diagnostics are matched by code and message, so ones that only moved
 * are not reported.
 */
export function newTypeDiagnostics(
  changes: ReadonlyMap<string, { before: string; after: string }>,
  display: (path: string) => string = (p) => p,
): CodeDiagnostic[] {
  const files = [...changes.keys()].map((f) => resolve(f));
  const first = files[0];
  if (!first) return [];
  const options = compilerOptionsFor(first);
  const programFor = (side: 'before' | 'after', old?: ts.Program): ts.Program => {
    const host = ts.createCompilerHost(options, true);
    const overlay = (path: string): string | undefined =>
      changes.get(path)?.[side] ?? changes.get(resolve(path))?.[side];
    const readFile = host.readFile.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (path) => overlay(path) ?? readFile(path);
    host.getSourceFile = (path, languageVersion, onError, shouldCreate) => {
      const text = overlay(path);
      if (text !== undefined) return ts.createSourceFile(path, text, languageVersion, true);
      return getSourceFile(path, languageVersion, onError, shouldCreate);
    };
    return ts.createProgram({ rootNames: files, options, host, ...(old ? { oldProgram: old } : {}) });
  };
  const before = programFor('before');
  const after = programFor('after', before);
  const seen = new Map<string, number>();
  const keyOf = (d: CodeDiagnostic) => `${d.file}\0${d.code}\0${d.message}`;
  for (const d of collect(before, files, display)) seen.set(keyOf(d), (seen.get(keyOf(d)) ?? 0) + 1);
  const fresh: CodeDiagnostic[] = [];
  for (const d of collect(after, files, display)) {
    const count = seen.get(keyOf(d)) ?? 0;
    if (count > 0) seen.set(keyOf(d), count - 1);
    else fresh.push(d);
  }
  return fresh;
}
