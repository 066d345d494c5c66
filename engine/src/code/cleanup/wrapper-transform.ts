import { ts } from 'ts-morph';
import type { FlagWrapper } from '../flag-reference';
import { functionName } from '../static-value';

/** How a wrapper's result relates to the evaluation inside it, and whether it must be awaited. */
export interface WrapperTransform {
  kind: 'identity' | 'negate';
  async: boolean;
}

/**
 * Reads a wrapper that takes the key as a parameter (`isOn(key) { return client.getBooleanValue(key, false) }`)
 * and says whether it returns the evaluation as is or negated (`isToggleDisabled(key) { return !… }`); anything
 * else is `undefined`, and calls through it are reported instead of rewritten.
 */
export function wrapperTransform(sourceFile: ts.SourceFile, wrapper: FlagWrapper): WrapperTransform | undefined {
  const shortName = wrapper.name.slice(wrapper.name.lastIndexOf('.') + 1);
  let result: WrapperTransform | undefined;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isFunctionLike(node) && functionName(node) === shortName && 'body' in node && node.body) {
      const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
      const endLine = sourceFile.getLineAndCharacterOfPosition(node.end).line + 1;
      if (wrapper.line >= line && wrapper.line <= endLine) {
        found = true;
        const kind = transformOf(
          node.body as ts.ConciseBody,
          wrapper.keyArg === null ? null : node.parameters[wrapper.keyArg],
        );
        const isAsync = (ts.getModifiers(node as ts.FunctionDeclaration) ?? []).some(
          (m) => m.kind === ts.SyntaxKind.AsyncKeyword,
        );
        result = kind ? { kind, async: isAsync } : undefined;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return result;
}

/** `keyParameter` null: a wrapper of one fixed key (its evaluation's key is not checked). */
function transformOf(
  body: ts.ConciseBody,
  keyParameter: ts.ParameterDeclaration | undefined | null,
): WrapperTransform['kind'] | undefined {
  let returned: ts.Expression | undefined;
  if (ts.isBlock(body)) {
    const only = body.statements.length === 1 ? body.statements[0] : undefined;
    returned = only && ts.isReturnStatement(only) ? only.expression : undefined;
  } else {
    returned = body;
  }
  if (!returned || keyParameter === undefined) return undefined;
  if (keyParameter && !ts.isIdentifier(keyParameter.name)) return undefined;
  const key = keyParameter && ts.isIdentifier(keyParameter.name) ? keyParameter.name.text : null;
  let negations = 0;
  let readsValue = false;
  let e: ts.Expression = returned;
  for (;;) {
    if (
      ts.isParenthesizedExpression(e) ||
      ts.isAwaitExpression(e) ||
      ts.isAsExpression(e) ||
      ts.isNonNullExpression(e)
    ) {
      e = e.expression;
    } else if (ts.isPropertyAccessExpression(e) && e.name.text === 'value' && !readsValue) {
      readsValue = true;
      e = e.expression;
    } else if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
      negations += 1;
      e = e.operand;
    } else {
      break;
    }
  }
  if (!ts.isCallExpression(e)) return undefined;
  const callee = e.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  // A details object is not the value: only its `.value` is.
  if (/Details$|^use(Suspense)?Flag$/.test(name) !== readsValue) return undefined;
  const first = e.arguments[0];
  if (key !== null && (!first || !ts.isIdentifier(first) || first.text !== key)) return undefined;
  if (negations === 0) return 'identity';
  return negations === 1 ? 'negate' : undefined;
}
