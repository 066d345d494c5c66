import { isAbsolute, resolve } from 'node:path';
import { ts } from 'ts-morph';
import { createPrefilter } from '../api-matcher';
import type { FlagReference, FlagWrapper } from '../flag-reference';
import { anyGlob } from '../glob';
import type { AviaryConfig } from '../sdk-config';
import { parseSource, SourceCache } from '../source-host';
import { lookupBinding } from '../static-value';
import { toPosix, walkSourceFiles } from '../walk-files';

/**
 * Calls, in other files, of exported functions that evaluate one fixed flag (`export function useNewCheckout()
 * { return useBooleanFlagValue('new-checkout', false) }`), imported directly from the wrapper's module. They are
 * returned as references through that wrapper, so that the cleanup folds them like evaluations.
 */
export function findWrapperCalls(options: {
  root: string;
  paths?: readonly string[];
  config: AviaryConfig;
  wrappers: readonly FlagWrapper[];
  read: (path: string) => string | undefined;
  display: (path: string) => string;
}): FlagReference[] {
  const wrappers = options.wrappers.filter((w) => w.keyArg === null && w.key !== null);
  if (wrappers.length === 0) return [];
  const { root, config } = options;
  const requested = options.paths?.length ? options.paths : config.include.length ? config.include : ['.'];
  const files = walkSourceFiles(
    root,
    requested.map((p) => (isAbsolute(p) ? p : resolve(root, p))),
    anyGlob(config.exclude),
  );
  const matches = createPrefilter([...new Set(wrappers.map((w) => w.name))]);
  const references: FlagReference[] = [];
  for (const path of files) {
    const text = options.read(path);
    if (text === undefined || !matches(text)) continue;
    references.push(...wrapperCallsIn(parseSource(path, text), wrappers, root, options.display(path)));
  }
  return references;
}

const modules = new SourceCache();

/**
 * Calls in one parsed file (with parent pointers) of fixed-key wrappers imported from their own module; `host`
 * resolves import specifiers (give it the editor's documents as overlays).
 */
export function wrapperCallsIn(
  sf: ts.SourceFile,
  wrappers: readonly FlagWrapper[],
  root: string,
  displayPath: string,
  host: SourceCache = modules,
): FlagReference[] {
  const byName = new Map<string, FlagWrapper[]>();
  for (const w of wrappers) {
    if (w.keyArg === null && w.key !== null) byName.set(w.name, [...(byName.get(w.name) ?? []), w]);
  }
  const references: FlagReference[] = [];
  if (byName.size === 0) return references;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const callee = node.expression;
      const binding = lookupBinding(callee.text, callee);
      if (binding?.kind === 'import') {
        const target = host.resolveModule(sf.fileName, binding.module);
        const wrapper = (byName.get(binding.name) ?? []).find(
          (w) => target !== undefined && toPosix(target) === toPosix(resolve(root, w.file)),
        );
        if (wrapper) references.push(referenceFor(sf, node, wrapper, displayPath));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return references;
}

function referenceFor(sf: ts.SourceFile, call: ts.CallExpression, wrapper: FlagWrapper, file: string): FlagReference {
  const start = call.getStart(sf);
  const from = sf.getLineAndCharacterOfPosition(start);
  const to = sf.getLineAndCharacterOfPosition(call.end);
  return {
    key: wrapper.key,
    keyText: '',
    file,
    line: from.line + 1,
    column: from.character + 1,
    endLine: to.line + 1,
    endColumn: to.character + 1,
    call: `${call.expression.getText(sf)}()`,
    sdk: wrapper.sdk,
    valueKind: wrapper.valueKind,
    defaultValue: null,
    enclosingFunction: null,
    isTest: false,
    start,
    end: call.end,
    viaWrapper: wrapper.name,
  };
}
