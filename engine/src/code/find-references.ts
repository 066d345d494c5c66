import type { ApiMatcher } from './api-matcher';
import type { FlagReference, FlagWrapper } from './flag-reference';
import { camelCase } from './key-case';
import type { ApiSpec } from './sdk-config';
import { ensureParents } from './source-host';
import { functionName, lookupBinding, propertyNameText, type StaticEvaluator, skipOuter } from './static-value';
import { ts } from './typescript';

/** What the per-file analysis needs besides the file itself. */
export interface AnalyzeContext {
  apis: ApiMatcher;
  evaluator: StaticEvaluator;
  /** Path shown in references (for example relative to the repo root). */
  displayPath: string;
  isTest: boolean;
  /** Known flag keys, used to map camelCased destructured names back to keys. */
  knownKeys?: ReadonlySet<string>;
}

export interface FileAnalysis {
  references: FlagReference[];
  wrappers: FlagWrapper[];
}

type ValueKind = FlagReference['valueKind'];

interface Shape {
  sdk: string;
  valueKind: ApiSpec['valueKind'];
  keyArg: number;
  defaultArg: number | 'last' | null;
  wrapper?: string;
}

function inferKind(expression: ts.Expression | undefined): ValueKind {
  if (!expression) return 'unknown';
  const e = skipOuter(expression);
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return 'boolean';
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e)) return 'string';
  if (ts.isNumericLiteral(e)) return 'number';
  if (ts.isPrefixUnaryExpression(e) && ts.isNumericLiteral(e.operand)) return 'number';
  if (ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e)) return 'object';
  return 'unknown';
}

function squash(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

function importsAny(sourceFile: ts.SourceFile, modules: readonly string[] | undefined): boolean {
  if (!modules || modules.length === 0) return true;
  for (const statement of sourceFile.statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      modules.includes(statement.moduleSpecifier.text)
    ) {
      return true;
    }
  }
  return false;
}

function enclosingFunctionName(node: ts.Node): string | null {
  let current: ts.Node | undefined = node.parent;
  while (current) {
    if (ts.isFunctionLike(current)) {
      const name = functionName(current);
      if (name) return name;
    }
    current = current.parent;
  }
  return null;
}

function nearestFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current) {
    if (ts.isFunctionLike(current)) return current;
    current = current.parent;
  }
  return undefined;
}

/** Whether the evaluation is what the enclosing function returns (`return await c.get…(…)`, `=> useFlag(…).value`). */
function isReturnedBy(call: ts.Node, fn: ts.SignatureDeclaration): boolean {
  let node: ts.Node = call;
  while (
    node.parent &&
    (ts.isAwaitExpression(node.parent) ||
      ts.isParenthesizedExpression(node.parent) ||
      ts.isAsExpression(node.parent) ||
      ts.isNonNullExpression(node.parent) ||
      (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node))
  ) {
    node = node.parent;
  }
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isReturnStatement(parent)) return nearestFunction(parent) === fn;
  return ts.isArrowFunction(parent) && parent === fn && parent.body === node;
}

/**
 * Finds the flag evaluations in one parsed file. Syntax and local symbols only (no type checker), so one file
 * costs about as much as its parse; imported constants are resolved through `context.evaluator`.
 */
export function analyzeSourceFile(sourceFile: ts.SourceFile, context: AnalyzeContext): FileAnalysis {
  const references: FlagReference[] = [];
  const wrappers: FlagWrapper[] = [];
  const { apis, evaluator } = context;
  const importCache = new Map<readonly string[], boolean>();
  const fileImports = (modules: readonly string[] | undefined): boolean => {
    if (!modules) return true;
    let cached = importCache.get(modules);
    if (cached === undefined) {
      cached = importsAny(sourceFile, modules);
      importCache.set(modules, cached);
    }
    return cached;
  };
  const originMatches = (identifier: ts.Identifier, spec: ApiSpec): boolean => {
    if (!spec.modules || spec.modules.length === 0) return true;
    const origin = evaluator.importOrigin(identifier);
    return origin !== undefined && spec.modules.includes(origin.module) && origin.name === spec.name;
  };
  // `import { useFlag as useUnleashFlag }`: calls use the local name.
  const aliases = new Map<string, string>();
  for (const statement of sourceFile.statements) {
    const named = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined;
    if (!named || !ts.isNamedImports(named)) continue;
    for (const element of named.elements) {
      if (element.propertyName) aliases.set(element.name.text, element.propertyName.text);
    }
  }
  const specsFor = (map: ReadonlyMap<string, readonly ApiSpec[]>, name: string): readonly ApiSpec[] => {
    const own = map.get(name);
    if (own) return own;
    const imported = aliases.get(name);
    return imported ? (map.get(imported) ?? []) : [];
  };
  const flagBags = new Set<ts.VariableDeclaration>();
  const bagSpecs = new Map<ts.VariableDeclaration, ApiSpec>();
  let camelMap: Map<string, string> | undefined;
  const keyForProperty = (name: string, spec: ApiSpec): string => {
    if (spec.keyCase !== 'camel' || !context.knownKeys) return name;
    if (!camelMap) {
      camelMap = new Map();
      for (const key of context.knownKeys) camelMap.set(camelCase(key), key);
    }
    return camelMap.get(name) ?? name;
  };

  const position = (node: ts.Node) => {
    const start = node.getStart(sourceFile);
    const end = node.getEnd();
    const from = sourceFile.getLineAndCharacterOfPosition(start);
    const to = sourceFile.getLineAndCharacterOfPosition(end);
    return {
      start,
      end,
      line: from.line + 1,
      column: from.character + 1,
      endLine: to.line + 1,
      endColumn: to.character + 1,
    };
  };

  const push = (
    node: ts.Node,
    keyExpression: ts.Expression | undefined,
    keyText: string,
    call: string,
    shape: { sdk: string; valueKind: ApiSpec['valueKind']; wrapper?: string },
    defaultExpression: ts.Expression | undefined,
    resolvedKey?: string,
  ): void => {
    let key: string | null = resolvedKey ?? null;
    let unresolvedReason: string | undefined;
    if (resolvedKey === undefined && keyExpression) {
      const value = evaluator.evaluate(keyExpression);
      if (value.ok && typeof value.value === 'string') key = value.value;
      else unresolvedReason = value.ok ? 'the key is not a string' : value.reason;
    }
    const valueKind: ValueKind = shape.valueKind === 'infer' ? inferKind(defaultExpression) : shape.valueKind;
    const reference: FlagReference = {
      key,
      keyText,
      file: context.displayPath,
      ...position(node),
      call,
      sdk: shape.sdk,
      valueKind,
      defaultValue: defaultExpression ? defaultExpression.getText(sourceFile) : null,
      enclosingFunction: enclosingFunctionName(node),
      isTest: context.isTest,
    };
    if (unresolvedReason) reference.unresolvedReason = unresolvedReason;
    if (shape.wrapper) reference.viaWrapper = shape.wrapper;
    references.push(reference);
  };

  const handleCall = (
    call: ts.CallExpression,
    shape: Shape,
    callText: string,
    wrapperDefault?: string | null,
  ): void => {
    const args = call.arguments;
    const keyExpression = args[shape.keyArg];
    if (!keyExpression || ts.isSpreadElement(keyExpression)) return;
    for (const arg of args) ensureParents(arg, call);
    let defaultExpression: ts.Expression | undefined;
    if (typeof shape.defaultArg === 'number') defaultExpression = args[shape.defaultArg];
    else if (shape.defaultArg === 'last' && args.length > shape.keyArg + 1) defaultExpression = args[args.length - 1];
    const fn = nearestFunction(call);
    const bareKey = skipOuter(keyExpression);
    const fnName = fn ? functionName(fn) : undefined;
    if (fn && fnName && ts.isIdentifier(bareKey)) {
      const binding = lookupBinding(bareKey.text, bareKey);
      if (binding?.kind === 'parameter' && binding.fn === fn) {
        // A wrapper: the key is passed in. Its call sites are the references.
        const bareDefault = defaultExpression ? skipOuter(defaultExpression) : undefined;
        const defaultBinding =
          bareDefault && ts.isIdentifier(bareDefault) ? lookupBinding(bareDefault.text, bareDefault) : undefined;
        const defaultParameter = defaultBinding?.kind === 'parameter' && defaultBinding.fn === fn;
        wrappers.push({
          name: fnName,
          file: context.displayPath,
          line: position(call).line,
          sdk: shape.sdk,
          valueKind: shape.valueKind === 'infer' ? inferKind(defaultExpression) : shape.valueKind,
          keyArg: binding.index,
          defaultArg: defaultParameter ? defaultBinding.index : null,
          defaultValue: defaultParameter
            ? (fn.parameters[defaultBinding.index]?.initializer?.getText(sourceFile) ?? null)
            : null,
          key: null,
        });
        return;
      }
    }
    const before = references.length;
    push(call, keyExpression, keyExpression.getText(sourceFile), callText, shape, defaultExpression);
    const pushed = references[before];
    if (pushed && !defaultExpression && wrapperDefault) pushed.defaultValue = wrapperDefault;
    const reference = references[before];
    if (reference?.key && fn && fnName && isReturnedBy(call, fn)) {
      wrappers.push({
        name: fnName,
        file: context.displayPath,
        line: reference.line,
        sdk: reference.sdk,
        valueKind: reference.valueKind,
        keyArg: null,
        defaultArg: null,
        defaultValue: reference.defaultValue,
        key: reference.key,
      });
    }
  };

  const visitCall = (call: ts.CallExpression): void => {
    const callee = skipOuter(call.expression);
    let name: string | undefined;
    if (ts.isPropertyAccessExpression(callee)) {
      name = callee.name.text;
      for (const spec of apis.methods.get(name) ?? []) {
        if (spec.requireImport && !fileImports(spec.modules)) continue;
        handleCall(call, toShape(spec), squash(callee.getText(sourceFile)));
        return;
      }
    } else if (ts.isIdentifier(callee)) {
      name = callee.text;
      ensureParents(call.expression, call);
      for (const spec of specsFor(apis.functions, name)) {
        if (!originMatches(callee, spec)) continue;
        handleCall(call, toShape(spec), name);
        return;
      }
    }
    if (name === undefined) return;
    const wrapper = apis.wrappers.get(name);
    if (wrapper && wrapper.keyArg !== null) {
      handleCall(
        call,
        {
          sdk: wrapper.sdk,
          valueKind: wrapper.valueKind,
          keyArg: wrapper.keyArg,
          defaultArg: wrapper.defaultArg,
          wrapper: wrapper.name,
        },
        squash(callee.getText(sourceFile)),
        wrapper.defaultValue,
      );
    }
  };

  const visitJsx = (element: ts.JsxOpeningElement | ts.JsxSelfClosingElement): void => {
    const tag = element.tagName;
    if (!ts.isIdentifier(tag) || specsFor(apis.components, tag.text).length === 0) return;
    ensureParents(element, element.parent);
    for (const spec of specsFor(apis.components, tag.text)) {
      if (!originMatches(tag, spec)) continue;
      const keyProp = spec.keyProp ?? 'flagKey';
      let keyExpression: ts.Expression | undefined;
      let defaultExpression: ts.Expression | undefined;
      for (const attribute of element.attributes.properties) {
        if (!ts.isJsxAttribute(attribute) || !attribute.initializer) continue;
        const attributeName = attribute.name.getText(sourceFile);
        const init = attribute.initializer;
        const expression = ts.isStringLiteral(init) ? init : ts.isJsxExpression(init) ? init.expression : undefined;
        if (attributeName === keyProp) keyExpression = expression;
        else if (attributeName === spec.defaultProp) defaultExpression = expression;
      }
      if (!keyExpression) return;
      const node = ts.isJsxOpeningElement(element) ? element.parent : element;
      push(node, keyExpression, keyExpression.getText(sourceFile), `<${tag.text}>`, spec, defaultExpression);
      return;
    }
  };

  const visitDeclaration = (declaration: ts.VariableDeclaration): void => {
    if (!declaration.initializer) return;
    let init = skipOuter(declaration.initializer);
    if (ts.isAwaitExpression(init)) init = skipOuter(init.expression);
    if (!ts.isCallExpression(init)) return;
    const callee = skipOuter(init.expression);
    if (!ts.isIdentifier(callee) || specsFor(apis.destructures, callee.text).length === 0) return;
    ensureParents(declaration.initializer, declaration);
    for (const spec of specsFor(apis.destructures, callee.text)) {
      if (!originMatches(callee, spec)) continue;
      ensureParents(declaration.name, declaration);
      if (ts.isIdentifier(declaration.name)) {
        flagBags.add(declaration);
        bagSpecs.set(declaration, spec);
        return;
      }
      if (!ts.isObjectBindingPattern(declaration.name)) return;
      for (const element of declaration.name.elements) {
        if (element.dotDotDotToken) continue;
        const property = element.propertyName ? propertyNameText(element.propertyName) : undefined;
        const name = property ?? (ts.isIdentifier(element.name) ? element.name.text : undefined);
        if (name === undefined) {
          push(
            element,
            element.propertyName as ts.Expression | undefined,
            element.getText(sourceFile),
            `${callee.text}()`,
            spec,
            undefined,
          );
          continue;
        }
        push(element, undefined, name, `${callee.text}()`, spec, element.initializer, keyForProperty(name, spec));
      }
      return;
    }
  };

  const visitBagAccess = (node: ts.PropertyAccessExpression | ts.ElementAccessExpression): void => {
    const target = node.expression;
    if (!ts.isIdentifier(target)) return;
    ensureParents(node, node.parent);
    const binding = lookupBinding(target.text, target);
    if (binding?.kind !== 'const' || !flagBags.has(binding.declaration)) return;
    const spec = bagSpecs.get(binding.declaration);
    if (!spec) return;
    const callText = `${target.text}`;
    if (ts.isPropertyAccessExpression(node)) {
      push(node, undefined, node.name.text, callText, spec, undefined, keyForProperty(node.name.text, spec));
    } else {
      const value = evaluator.evaluate(node.argumentExpression);
      const key = value.ok && typeof value.value === 'string' ? keyForProperty(value.value, spec) : undefined;
      push(
        node,
        key === undefined ? node.argumentExpression : undefined,
        node.argumentExpression.getText(sourceFile),
        callText,
        spec,
        undefined,
        key,
      );
    }
  };

  // Only subtrees that contain an API name can contain an evaluation: skip the rest of the file.
  const hits: number[] = [];
  for (const match of sourceFile.text.matchAll(apis.namePattern)) hits.push(match.index);
  const fullWalk =
    apis.destructures.size > 0 && hits.some((offset) => apis.destructures.has(wordAt(sourceFile.text, offset)));
  const containsHit = (node: ts.Node): boolean => {
    let lo = 0;
    let hi = hits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((hits[mid] as number) < node.pos) lo = mid + 1;
      else hi = mid;
    }
    return lo < hits.length && (hits[lo] as number) < node.end;
  };
  // Parent pointers are set here, on the paths walked (the parse leaves them out to save time).
  const visitChild = (child: ts.Node, parent: ts.Node): void => {
    if (!child.parent) (child as { parent: ts.Node }).parent = parent;
    visit(child);
  };
  const visit = (node: ts.Node): void => {
    if (!fullWalk && !containsHit(node)) return;
    switch (node.kind) {
      case ts.SyntaxKind.CallExpression:
        visitCall(node as ts.CallExpression);
        break;
      case ts.SyntaxKind.JsxOpeningElement:
      case ts.SyntaxKind.JsxSelfClosingElement:
        if (apis.components.size > 0) visitJsx(node as ts.JsxOpeningElement);
        break;
      case ts.SyntaxKind.VariableDeclaration:
        if (apis.destructures.size > 0) visitDeclaration(node as ts.VariableDeclaration);
        break;
      case ts.SyntaxKind.PropertyAccessExpression:
      case ts.SyntaxKind.ElementAccessExpression:
        if (flagBags.size > 0) visitBagAccess(node as ts.PropertyAccessExpression);
        break;
    }
    ts.forEachChild(node, (child) => visitChild(child, node));
  };
  visit(sourceFile);
  return { references, wrappers };
}

function wordAt(text: string, offset: number): string {
  return /^[\w$]+/.exec(text.slice(offset, offset + 64))?.[0] ?? '';
}

function toShape(spec: ApiSpec): Shape {
  return {
    sdk: spec.sdk,
    valueKind: spec.valueKind,
    keyArg: spec.keyArg ?? 0,
    defaultArg: spec.defaultArg === undefined ? null : spec.defaultArg,
  };
}
