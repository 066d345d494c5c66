import { ts } from 'ts-morph';
import { lookupBinding } from '../static-value';
import { type FlagValue, isTruthy, type Literal, renderLiteral } from './flag-literal';
import {
  applyEdits,
  attachedStart,
  lineIndent,
  reindent,
  removalRange,
  type TextEdit,
  trimBlockText,
} from './text-edits';

/** One evaluation of the flag being removed: offsets of the call, JSX element or binding, and the call text. */
export interface FlagEvaluation {
  start: number;
  end: number;
  call: string;
  /** What this evaluation yields when it differs from the flag value (a wrapper that negates it). */
  value?: FlagValue;
  /** A call of an async wrapper: only an awaited call is the value. */
  awaited?: boolean;
}

/** A construct the codemod left in place, with a reason. Lines and columns are 1-based. */
export interface SkippedPattern {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface FoldResult {
  text: string;
  changed: boolean;
  skipped: SkippedPattern[];
}

type Ctx = 'value' | 'bool';

const EVALUATION_CALL =
  /^(get(Boolean|String|Number|Object)(Value|Details)|use(Boolean|String|Number|Object)?Flag(Value|Details)?|variation|boolVariation|stringVariation|numberVariation|isEnabled|getVariant)$/;

/** The rewritten form of one expression. */
interface Folded {
  text: string;
  changed: boolean;
  /** A constant derived from the flag (only these trigger folds: a pre-existing `if (true)` stays). */
  known: boolean;
  /** Set when `known` or `literal`. */
  value?: Literal;
  /** A literal that was already in the source. */
  literal: boolean;
  /** Side-effecting operands that must still run when a `known` truthiness is used (boolean contexts only). */
  effects: string[];
  /** No parentheses needed around `text` as an operand. */
  primary: boolean;
  /** The bare JSX element text, when the result is JSX (parentheses around it stripped). */
  jsx?: string;
  jsxStart?: number;
}

type Outcome =
  | { kind: 'same' }
  | { kind: 'edits'; edits: TextEdit[] }
  | { kind: 'replace'; text: string; terminates: boolean }
  | { kind: 'remove' };

const SAME: Outcome = { kind: 'same' };
const NO_EFFECTS: string[] = [];
const REMOVE: Outcome = { kind: 'remove' };

function isDetailsCall(call: string): boolean {
  return /Details$/.test(call) || /(^|\.)use(Suspense)?Flag$/.test(call);
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function isLiteralNode(node: ts.Node): { ok: true; value: Literal } | { ok: false } {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { ok: true, value: node.text };
  if (ts.isNumericLiteral(node)) return { ok: true, value: Number(node.text) };
  if (node.kind === ts.SyntaxKind.TrueKeyword) return { ok: true, value: true };
  if (node.kind === ts.SyntaxKind.FalseKeyword) return { ok: true, value: false };
  if (node.kind === ts.SyntaxKind.NullKeyword) return { ok: true, value: null };
  if (ts.isIdentifier(node) && node.text === 'undefined') return { ok: true, value: undefined };
  if (
    ts.isPrefixUnaryExpression(node) &&
    node.operator === ts.SyntaxKind.MinusToken &&
    ts.isNumericLiteral(node.operand)
  ) {
    return { ok: true, value: -Number(node.operand.text) };
  }
  return { ok: false };
}

/**
 * Whether evaluating the expression can have no side effect (property reads count as pure, and so do flag
 * evaluations and calls of the wrappers named in `evaluators`).
 */
export function isPure(node: ts.Node, evaluators?: ReadonlySet<string>): boolean {
  const pure = (n: ts.Node): boolean => isPure(n, evaluators);
  if (isLiteralNode(node).ok || ts.isIdentifier(node) || node.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isRegularExpressionLiteral(node)) return true;
  if (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isTypeOfExpression(node) ||
    ts.isPropertyAccessExpression(node)
  ) {
    return pure(node.expression);
  }
  if (ts.isElementAccessExpression(node)) return pure(node.expression) && pure(node.argumentExpression);
  if (ts.isCallExpression(node)) {
    // Flag evaluations only read: dropping one that no longer decides anything is what a reviewer would do.
    const callee = node.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    return (EVALUATION_CALL.test(name) || evaluators?.has(name) === true) && node.arguments.every(pure);
  }
  if (ts.isPrefixUnaryExpression(node)) {
    return (
      node.operator !== ts.SyntaxKind.PlusPlusToken &&
      node.operator !== ts.SyntaxKind.MinusMinusToken &&
      pure(node.operand)
    );
  }
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) return false;
    return pure(node.left) && pure(node.right);
  }
  if (ts.isConditionalExpression(node)) {
    return pure(node.condition) && pure(node.whenTrue) && pure(node.whenFalse);
  }
  if (ts.isTemplateExpression(node)) return node.templateSpans.every((s) => pure(s.expression));
  if (ts.isArrayLiteralExpression(node)) return node.elements.every((e) => !ts.isSpreadElement(e) && pure(e));
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.every(
      (p) => ts.isShorthandPropertyAssignment(p) || (ts.isPropertyAssignment(p) && pure(p.initializer)),
    );
  }
  return false;
}

function isPrimaryNode(node: ts.Node): boolean {
  return (
    ts.isIdentifier(node) ||
    isLiteralNode(node).ok ||
    ts.isCallExpression(node) ||
    ts.isPropertyAccessExpression(node) ||
    ts.isElementAccessExpression(node) ||
    ts.isParenthesizedExpression(node) ||
    ts.isArrayLiteralExpression(node) ||
    ts.isTemplateExpression(node) ||
    ts.isJsxElement(node) ||
    ts.isJsxSelfClosingElement(node) ||
    ts.isJsxFragment(node) ||
    ts.isNonNullExpression(node) ||
    node.kind === ts.SyntaxKind.ThisKeyword
  );
}

/** Whether the identifier reads a binding (not a property name, label, declaration name or type). */
function isReferencePosition(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  if (ts.isPropertyAccessExpression(p)) return p.expression === id;
  if (ts.isQualifiedName(p)) return false;
  if (ts.isJsxAttribute(p) || ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  if (ts.isBindingElement(p)) return false;
  if (ts.isTypeReferenceNode(p) || ts.isTypeQueryNode(p) || ts.isExpressionWithTypeArguments(p)) return false;
  if (ts.isExportSpecifier(p) || ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) {
    return false;
  }
  if (ts.isShorthandPropertyAssignment(p)) return true;
  if ('name' in p && (p as { name?: ts.Node }).name === id) return false;
  return true;
}

function isWrite(id: ts.Identifier): boolean {
  let node: ts.Node = id;
  while (node.parent && ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const p = node.parent;
  if (!p) return false;
  if (ts.isBinaryExpression(p)) {
    const op = p.operatorToken.kind;
    return p.left === node && op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment;
  }
  if (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) {
    return p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken;
  }
  return (ts.isForInStatement(p) || ts.isForOfStatement(p)) && p.initializer === node;
}

/** Names a statement list declares at its own level (what hoisting it would add to the enclosing scope). */
function declaredNames(statements: readonly ts.Statement[]): string[] {
  const names: string[] = [];
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else for (const e of name.elements) if (!ts.isOmittedExpression(e)) addBinding(e.name);
  };
  for (const s of statements) {
    if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) addBinding(d.name);
    else if (
      (ts.isFunctionDeclaration(s) ||
        ts.isClassDeclaration(s) ||
        ts.isEnumDeclaration(s) ||
        ts.isInterfaceDeclaration(s) ||
        ts.isTypeAliasDeclaration(s)) &&
      s.name
    ) {
      names.push(s.name.text);
    }
  }
  return names;
}

function identifierTexts(node: ts.Node, into: Set<string>): void {
  if (ts.isIdentifier(node)) into.add(node.text);
  ts.forEachChild(node, (child) => identifierTexts(child, into));
}

/** Whether control never continues past the statement (return, throw, break, continue, or all branches do). */
function endsWithExit(statement: ts.Statement | undefined): boolean {
  if (!statement) return false;
  if (
    ts.isReturnStatement(statement) ||
    ts.isThrowStatement(statement) ||
    ts.isBreakStatement(statement) ||
    ts.isContinueStatement(statement)
  ) {
    return true;
  }
  if (ts.isBlock(statement)) return endsWithExit(statement.statements[statement.statements.length - 1]);
  if (ts.isIfStatement(statement)) {
    return endsWithExit(statement.thenStatement) && endsWithExit(statement.elseStatement);
  }
  return false;
}

/** A `break` that would leave the given switch, found outside nested loops, switches and functions. */
function breaksOut(node: ts.Node): boolean {
  if (ts.isBreakStatement(node)) return !node.label;
  if (
    ts.isIterationStatement(node, false) ||
    ts.isSwitchStatement(node) ||
    ts.isFunctionLike(node) ||
    ts.isClassLike(node)
  ) {
    return false;
  }
  return ts.forEachChild(node, (child) => (breaksOut(child) ? true : undefined)) ?? false;
}

/**
 * Replaces the evaluations of one flag in one file by its value and folds what depended on it, producing minimal
 * text edits (untouched code keeps its exact text, comments and formatting).
 */
export class FileFolder {
  private readonly text: string;
  private readonly quote: '"' | "'";
  private readonly flagNodes = new Map<ts.Node, Literal>();
  private readonly bindingFlags = new Map<ts.BindingElement, Literal>();
  private readonly memo = { value: new Map<ts.Node, Folded>(), bool: new Map<ts.Node, Folded>() };
  private readonly varMemo = new Map<ts.Node, boolean>();
  private readonly wrapperMemo = new Map<ts.Node, boolean>();
  private readonly constantMemo = new Map<ts.Node, ts.FunctionLikeDeclaration | null>();
  private readonly inProgress = new Set<ts.Node>();
  private readonly referenceIndex = new Map<string, ts.Identifier[]>();
  /** Names declared by variables and functions in this file: only these can hold the flag or wrap it. */
  private readonly declaredNames = new Set<string>();
  readonly skipped: SkippedPattern[] = [];

  constructor(
    private readonly sf: ts.SourceFile,
    evaluations: readonly FlagEvaluation[],
    private readonly flagValue: FlagValue,
    private readonly displayPath: string,
    /** Names of wrappers that only evaluate flags: their calls count as pure. */
    private readonly evaluators: ReadonlySet<string> = new Set(),
  ) {
    this.text = sf.text;
    this.quote = detectQuote(sf);
    for (const evaluation of evaluations) this.markEvaluation(evaluation);
    const index = (node: ts.Node): void => {
      if (
        (ts.isVariableDeclaration(node) || ts.isFunctionDeclaration(node)) &&
        node.name &&
        ts.isIdentifier(node.name)
      ) {
        this.declaredNames.add(node.name.text);
      }
      if (ts.isIdentifier(node)) {
        const list = this.referenceIndex.get(node.text) ?? [];
        list.push(node);
        this.referenceIndex.set(node.text, list);
      }
      ts.forEachChild(node, index);
    };
    index(sf);
  }

  get evaluationCount(): number {
    return this.flagNodes.size + this.bindingFlags.size;
  }

  run(): FoldResult {
    if (this.flagNodes.size === 0 && this.bindingFlags.size === 0) {
      return { text: this.text, changed: false, skipped: this.skipped };
    }
    const edits = this.statementList(this.sf.statements);
    const text = applyEdits(this.text, edits);
    return { text, changed: text !== this.text, skipped: this.skipped };
  }

  private skip(node: ts.Node, message: string): void {
    const { line, character } = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    this.skipped.push({ file: this.displayPath, line: line + 1, column: character + 1, message });
  }

  private markEvaluation(evaluation: FlagEvaluation): void {
    let found: ts.Node | undefined;
    const find = (node: ts.Node): void => {
      if (found || node.end < evaluation.start || node.pos > evaluation.end) return;
      if (
        node.getStart(this.sf) === evaluation.start &&
        node.end === evaluation.end &&
        (ts.isCallExpression(node) ||
          ts.isJsxElement(node) ||
          ts.isJsxSelfClosingElement(node) ||
          ts.isPropertyAccessExpression(node) ||
          ts.isElementAccessExpression(node) ||
          ts.isBindingElement(node))
      ) {
        found = node;
        return;
      }
      ts.forEachChild(node, find);
    };
    find(this.sf);
    if (!found) return;
    if (ts.isBindingElement(found)) {
      this.markBinding(found, evaluation.value ?? this.flagValue);
      return;
    }
    let node: ts.Node = found;
    const climb = (): void => {
      while (
        node.parent &&
        (ts.isParenthesizedExpression(node.parent) ||
          ts.isAsExpression(node.parent) ||
          ts.isSatisfiesExpression(node.parent) ||
          ts.isNonNullExpression(node.parent) ||
          (ts.isAwaitExpression(node.parent) && node.parent.expression === node))
      ) {
        node = node.parent;
      }
    };
    climb();
    if (evaluation.awaited && !ts.isAwaitExpression(node)) {
      this.skip(found, `${evaluation.call} is async and not awaited here: left unchanged`);
      return;
    }
    if (ts.isCallExpression(found) && isDetailsCall(evaluation.call)) {
      const parent = node.parent;
      if (
        parent &&
        ts.isPropertyAccessExpression(parent) &&
        parent.expression === node &&
        parent.name.text === 'value'
      ) {
        node = parent;
        climb();
      } else {
        const pattern = parent && ts.isVariableDeclaration(parent) ? parent.name : undefined;
        const element =
          pattern && ts.isObjectBindingPattern(pattern) && pattern.elements.length === 1
            ? pattern.elements[0]
            : undefined;
        const property = element ? (element.propertyName ?? element.name) : undefined;
        if (element && property && ts.isIdentifier(property) && property.text === 'value') {
          this.markBinding(element, evaluation.value ?? this.flagValue);
          return;
        }
        this.skip(found, `${evaluation.call} returns evaluation details; only its .value is replaced automatically`);
        return;
      }
    }
    this.flagNodes.set(node, evaluation.value ?? this.flagValue);
  }

  /** `const { newCheckout } = useFlags()` or `const { value: on } = useFlag(…)`: the binding holds the flag. */
  private markBinding(element: ts.BindingElement, value: Literal): void {
    const pattern = element.parent;
    const declaration = pattern.parent;
    const list = declaration.parent;
    if (
      !ts.isObjectBindingPattern(pattern) ||
      !ts.isVariableDeclaration(declaration) ||
      !ts.isIdentifier(element.name) ||
      pattern.elements.some((e) => e.dotDotDotToken) ||
      !ts.isVariableDeclarationList(list) ||
      (list.flags & ts.NodeFlags.Const) === 0 ||
      !ts.isVariableStatement(list.parent) ||
      hasModifier(list.parent, ts.SyntaxKind.ExportKeyword)
    ) {
      this.skip(element, `destructured flag "${element.getText(this.sf)}" was not cleaned; remove it by hand`);
      return;
    }
    this.bindingFlags.set(element, value);
  }

  /** The destructuring element an identifier refers to, when its nearest declaration is an object pattern. */
  private patternElementFor(id: ts.Identifier): ts.BindingElement | undefined {
    const name = id.text;
    const inPattern = (pattern: ts.BindingName): ts.BindingElement | undefined => {
      if (ts.isIdentifier(pattern)) return undefined;
      for (const e of pattern.elements) {
        if (ts.isOmittedExpression(e)) continue;
        if (ts.isIdentifier(e.name) && e.name.text === name) return e;
        const nested = inPattern(e.name);
        if (nested) return nested;
      }
      return undefined;
    };
    for (let node: ts.Node | undefined = id.parent; node; node = node.parent) {
      if (
        ts.isFunctionLike(node) &&
        node.parameters.some((p) => (ts.isIdentifier(p.name) ? p.name.text === name : inPattern(p.name)))
      ) {
        return undefined;
      }
      if (
        ts.isBlock(node) ||
        ts.isSourceFile(node) ||
        ts.isModuleBlock(node) ||
        ts.isCaseClause(node) ||
        ts.isDefaultClause(node)
      ) {
        for (const statement of node.statements) {
          if (!ts.isVariableStatement(statement)) continue;
          for (const d of statement.declarationList.declarations) {
            const element = inPattern(d.name);
            if (element) return element;
          }
        }
      }
      if (
        ((ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) && node.initializer) ||
        ts.isCatchClause(node)
      ) {
        return undefined;
      }
    }
    return undefined;
  }

  // ---------------------------------------------------------------- expressions

  private same(node: ts.Node): Folded {
    const lit = isLiteralNode(node);
    let bare: ts.Node = node;
    while (ts.isParenthesizedExpression(bare)) bare = bare.expression;
    const jsx = ts.isJsxElement(bare) || ts.isJsxSelfClosingElement(bare) || ts.isJsxFragment(bare);
    const sf = this.sf;
    const folded: Folded = {
      // Most unchanged nodes never need their text: read it only when a parent rebuilds around it.
      get text() {
        return node.getText(sf);
      },
      changed: false,
      known: false,
      literal: lit.ok,
      effects: NO_EFFECTS,
      primary: isPrimaryNode(node),
    };
    if (lit.ok) folded.value = lit.value;
    if (jsx) {
      folded.jsx = bare.getText(sf);
      folded.jsxStart = bare.getStart(sf);
    }
    return folded;
  }

  private constant(value: Literal, effects: string[] = [], residual?: string): Folded {
    return {
      text: effects.length > 0 && residual !== undefined ? residual : renderLiteral(value, this.quote),
      changed: true,
      known: true,
      value,
      literal: false,
      effects,
      primary: effects.length === 0,
    };
  }

  private spliced(node: ts.Node, edits: TextEdit[]): Folded {
    if (edits.length === 0) return this.same(node);
    const start = node.getStart(this.sf);
    const text = applyEdits(this.text, edits, start, node.end);
    const jsx = ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node);
    return {
      text,
      changed: true,
      known: false,
      literal: false,
      effects: [],
      primary: isPrimaryNode(node),
      ...(jsx ? { jsx: text, jsxStart: start } : {}),
    };
  }

  private editFor(node: ts.Node, folded: Folded, operand = false): TextEdit[] {
    if (!folded.changed) return [];
    const text = operand && !folded.primary ? `(${folded.text})` : folded.text;
    return [{ start: node.getStart(this.sf), end: node.end, text }];
  }

  expr(node: ts.Expression, ctx: Ctx): Folded {
    const memo = this.memo[ctx];
    const cached = memo.get(node);
    if (cached) return cached;
    const result = this.computeExpr(node, ctx);
    memo.set(node, result);
    return result;
  }

  private computeExpr(node: ts.Expression, ctx: Ctx): Folded {
    const flag = this.flagNodes.get(node);
    if (flag !== undefined || this.flagNodes.has(node)) {
      if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node)) return this.featureFlagElement(node);
      return this.constant(flag);
    }
    if (ts.isParenthesizedExpression(node)) {
      const inner = this.expr(node.expression, ctx);
      if (!inner.changed) return this.same(node);
      if (inner.known && inner.effects.length === 0) return inner;
      if (inner.primary && !inner.text.includes('\n') && !isPrimaryNode(node.expression)) return inner;
      const kept = this.spliced(node, this.editFor(node.expression, inner));
      return { ...inner, text: kept.text, primary: true };
    }
    if (
      ts.isAsExpression(node) ||
      ts.isSatisfiesExpression(node) ||
      ts.isNonNullExpression(node) ||
      ts.isAwaitExpression(node)
    ) {
      const inner = this.expr(node.expression, ts.isAwaitExpression(node) ? 'value' : ctx);
      if (inner.known && inner.effects.length === 0) return inner;
      return this.spliced(node, this.editFor(node.expression, inner, true));
    }
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
      const inner = this.expr(node.operand, 'bool');
      if (inner.known) {
        const residual = `!${inner.primary ? inner.text : `(${inner.text})`}`;
        return this.constant(!isTruthy(inner.value), inner.effects, residual);
      }
      return this.spliced(node, this.editFor(node.operand, inner, true));
    }
    if (ts.isBinaryExpression(node)) return this.binary(node, ctx);
    if (ts.isConditionalExpression(node)) {
      const test = this.expr(node.condition, 'bool');
      if (test.known && test.effects.length === 0) {
        const chosen = isTruthy(test.value) ? node.whenTrue : node.whenFalse;
        const branch = this.expr(chosen, ctx);
        if (branch.jsx !== undefined && node.parent && ts.isParenthesizedExpression(node.parent)) {
          // `(c ? (<A/>) : …)`: the surrounding parentheses already hold the JSX.
          const from = lineIndent(this.text, branch.jsxStart ?? chosen.getStart(this.sf));
          const jsx = reindent(branch.jsx, from, lineIndent(this.text, node.getStart(this.sf)));
          return { ...branch, text: jsx, jsx, jsxStart: node.getStart(this.sf), changed: true, primary: true };
        }
        const from = lineIndent(this.text, chosen.getStart(this.sf));
        const text = reindent(branch.text, from, lineIndent(this.text, node.getStart(this.sf)));
        return { ...branch, text, changed: true };
      }
      const edits = [
        ...this.editFor(node.condition, test, true),
        ...this.editFor(node.whenTrue, this.expr(node.whenTrue, ctx)),
        ...this.editFor(node.whenFalse, this.expr(node.whenFalse, ctx)),
      ];
      return { ...this.spliced(node, edits), primary: false };
    }
    if (ts.isIdentifier(node)) {
      const value = this.flagVariableValue(node);
      return value.ok ? this.constant(value.value) : this.same(node);
    }
    if (ts.isCallExpression(node)) {
      const value = this.wrapperCallValue(node);
      if (value.ok) return this.constant(value.value);
    }
    if (ts.isJsxElement(node) || ts.isJsxFragment(node)) return this.jsxContainer(node);
    return this.spliced(node, this.children(node));
  }

  private binary(node: ts.BinaryExpression, ctx: Ctx): Folded {
    const op = node.operatorToken.kind;
    const logical =
      op === ts.SyntaxKind.AmpersandAmpersandToken ||
      op === ts.SyntaxKind.BarBarToken ||
      op === ts.SyntaxKind.QuestionQuestionToken;
    const relational =
      op === ts.SyntaxKind.LessThanToken ||
      op === ts.SyntaxKind.LessThanEqualsToken ||
      op === ts.SyntaxKind.GreaterThanToken ||
      op === ts.SyntaxKind.GreaterThanEqualsToken;
    if (relational) return this.relational(node, op);
    const equality =
      op === ts.SyntaxKind.EqualsEqualsEqualsToken ||
      op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
      op === ts.SyntaxKind.EqualsEqualsToken ||
      op === ts.SyntaxKind.ExclamationEqualsToken;
    if (!logical && !equality) return this.spliced(node, this.children(node));
    const leftCtx: Ctx = op === ts.SyntaxKind.QuestionQuestionToken || equality ? 'value' : ctx;
    const L = this.expr(node.left, leftCtx);
    const R = this.expr(node.right, equality ? 'value' : ctx);
    const residual = (): Folded => {
      const edits = [...this.editFor(node.left, L, true), ...this.editFor(node.right, R, true)];
      return { ...this.spliced(node, edits), primary: false };
    };
    if (!L.changed && !R.changed) return this.same(node);
    if (!L.known && !R.known) return residual();
    const lConst = (L.known && L.effects.length === 0) || L.literal;
    const rConst = (R.known && R.effects.length === 0) || R.literal;
    const asKnown = (f: Folded): Folded => (f.known ? f : this.constant(f.value));
    const effectsOf = (f: Folded, original: ts.Expression): string[] =>
      f.known ? f.effects : isPure(original, this.evaluators) ? [] : [f.text];
    if (equality) {
      if (!lConst || !rConst) return residual();
      const a = L.value;
      const b = R.value;
      let result: boolean;
      if (op === ts.SyntaxKind.EqualsEqualsEqualsToken) result = a === b;
      else if (op === ts.SyntaxKind.ExclamationEqualsEqualsToken) result = a !== b;
      // biome-ignore lint/suspicious/noDoubleEquals: folds the loose comparison the source wrote
      else if (op === ts.SyntaxKind.EqualsEqualsToken) result = a == b;
      // biome-ignore lint/suspicious/noDoubleEquals: folds the loose comparison the source wrote
      else result = a != b;
      return this.constant(result);
    }
    if (op === ts.SyntaxKind.QuestionQuestionToken) {
      if (!lConst) return residual();
      return L.value === null || L.value === undefined ? { ...R, changed: true } : asKnown(L);
    }
    const isAnd = op === ts.SyntaxKind.AmpersandAmpersandToken;
    if (lConst) {
      const keepsRight = isAnd ? isTruthy(L.value) : !isTruthy(L.value);
      return keepsRight ? { ...R, changed: true } : asKnown(L);
    }
    if (rConst && ctx === 'bool') {
      const neutral = isAnd ? isTruthy(R.value) : !isTruthy(R.value);
      if (neutral) return { ...L, changed: true };
      const text = residual().text;
      return this.constant(R.value, effectsOf(L, node.left), text);
    }
    return residual();
  }

  /** `<`, `<=`, `>`, `>=` between a number flag and a number literal. */
  private relational(node: ts.BinaryExpression, op: ts.SyntaxKind): Folded {
    const L = this.expr(node.left, 'value');
    const R = this.expr(node.right, 'value');
    if (!L.changed && !R.changed) return this.same(node);
    const constant = (f: Folded) => ((f.known && f.effects.length === 0) || f.literal) && typeof f.value === 'number';
    if ((L.known || R.known) && constant(L) && constant(R)) {
      const a = L.value as number;
      const b = R.value as number;
      if (op === ts.SyntaxKind.LessThanToken) return this.constant(a < b);
      if (op === ts.SyntaxKind.LessThanEqualsToken) return this.constant(a <= b);
      if (op === ts.SyntaxKind.GreaterThanToken) return this.constant(a > b);
      return this.constant(a >= b);
    }
    const edits = [...this.editFor(node.left, L, true), ...this.editFor(node.right, R, true)];
    return { ...this.spliced(node, edits), primary: false };
  }

  private flagVariableValue(id: ts.Identifier): { ok: true; value: Literal } | { ok: false } {
    if ((!this.declaredNames.has(id.text) && this.bindingFlags.size === 0) || !isReferencePosition(id)) {
      return { ok: false };
    }
    const binding = lookupBinding(id.text, id);
    if (binding?.kind === 'other' && this.bindingFlags.size > 0) {
      const element = this.patternElementFor(id);
      const value = element ? this.bindingFlags.get(element) : undefined;
      return element && this.bindingFlags.has(element) ? { ok: true, value } : { ok: false };
    }
    if (!binding || (binding.kind !== 'const' && binding.kind !== 'mutable')) return { ok: false };
    if (!this.isFlagVariable(binding.declaration)) return { ok: false };
    const init = binding.declaration.initializer;
    if (!init) return { ok: false };
    const folded = this.expr(init, 'value');
    return { ok: true, value: folded.value };
  }

  /** Identifiers in this file that refer to the given declaration (scope-aware). */
  private referencesTo(name: string, declaration: ts.Node): ts.Identifier[] {
    const out: ts.Identifier[] = [];
    for (const id of this.referenceIndex.get(name) ?? []) {
      if (!isReferencePosition(id)) continue;
      const binding = lookupBinding(name, id);
      if (!binding) continue;
      const target =
        binding.kind === 'const' || binding.kind === 'mutable' || binding.kind === 'function'
          ? binding.declaration
          : undefined;
      if (target === declaration) out.push(id);
    }
    return out;
  }

  /** A variable that only holds the flag's value: it is inlined and its declaration removed. */
  isFlagVariable(declaration: ts.VariableDeclaration): boolean {
    const cached = this.varMemo.get(declaration);
    if (cached !== undefined) return cached;
    if (this.inProgress.has(declaration)) return false;
    this.inProgress.add(declaration);
    const result = this.computeFlagVariable(declaration);
    this.inProgress.delete(declaration);
    this.varMemo.set(declaration, result);
    return result;
  }

  private computeFlagVariable(declaration: ts.VariableDeclaration): boolean {
    if (!ts.isIdentifier(declaration.name) || !declaration.initializer) return false;
    const list = declaration.parent;
    if (!ts.isVariableDeclarationList(list) || !ts.isVariableStatement(list.parent)) return false;
    if (hasModifier(list.parent, ts.SyntaxKind.ExportKeyword) || hasModifier(list.parent, ts.SyntaxKind.DeclareKeyword))
      return false;
    const folded = this.expr(declaration.initializer, 'value');
    if (!folded.known || folded.effects.length > 0) return false;
    const isConst = (list.flags & ts.NodeFlags.Const) !== 0;
    const refs = this.referencesTo(declaration.name.text, declaration);
    if (!isConst && refs.some(isWrite)) return false;
    if (this.isExportedByName(declaration.name.text)) return false;
    return true;
  }

  private isExportedByName(name: string): boolean {
    for (const statement of this.sf.statements) {
      if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier || !statement.exportClause) continue;
      if (!ts.isNamedExports(statement.exportClause)) continue;
      if (statement.exportClause.elements.some((e) => (e.propertyName ?? e.name).text === name)) return true;
    }
    for (const statement of this.sf.statements) {
      if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression)) {
        if (statement.expression.text === name) return true;
      }
    }
    return false;
  }

  /** The expression a function returns when its body is just that (`() => expr`, `{ return expr; }`). */
  private returnedExpression(fn: ts.FunctionLikeDeclaration): ts.Expression | undefined {
    const body = fn.body;
    if (!body) return undefined;
    if (!ts.isBlock(body)) return body;
    const only = body.statements.length === 1 ? body.statements[0] : undefined;
    return only && ts.isReturnStatement(only) ? only.expression : undefined;
  }

  private wrapperFunction(declaration: ts.Node): ts.FunctionLikeDeclaration | undefined {
    if (ts.isFunctionDeclaration(declaration)) return declaration;
    if (
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer &&
      (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))
    ) {
      const list = declaration.parent;
      if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return undefined;
      return declaration.initializer;
    }
    return undefined;
  }

  /** A function that returns the flag's value and is only ever called: its calls fold and it is removed. */
  isFoldedWrapper(declaration: ts.FunctionDeclaration | ts.VariableDeclaration): boolean {
    const cached = this.wrapperMemo.get(declaration);
    if (cached !== undefined) return cached;
    if (this.inProgress.has(declaration)) return false;
    this.inProgress.add(declaration);
    const result = this.computeFoldedWrapper(declaration);
    this.inProgress.delete(declaration);
    this.wrapperMemo.set(declaration, result);
    return result;
  }

  private computeFoldedWrapper(declaration: ts.FunctionDeclaration | ts.VariableDeclaration): boolean {
    const fn = this.constantWrapper(declaration);
    if (!fn || !declaration.name || !ts.isIdentifier(declaration.name) || this.isExported(declaration)) return false;
    const refs = this.referencesTo(declaration.name.text, declaration);
    if (refs.length === 0) return false;
    return refs.every((id) => {
      const call = id.parent;
      return call !== undefined && ts.isCallExpression(call) && call.expression === id && this.callFoldable(call, fn);
    });
  }

  private isExported(declaration: ts.FunctionDeclaration | ts.VariableDeclaration): boolean {
    const statement = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
    return (
      hasModifier(statement, ts.SyntaxKind.ExportKeyword) ||
      hasModifier(statement, ts.SyntaxKind.DefaultKeyword) ||
      (declaration.name !== undefined &&
        ts.isIdentifier(declaration.name) &&
        this.isExportedByName(declaration.name.text))
    );
  }

  /** A function whose body only returns a constant derived from the flag (exported or not). */
  private constantWrapper(
    declaration: ts.FunctionDeclaration | ts.VariableDeclaration,
  ): ts.FunctionLikeDeclaration | undefined {
    const cached = this.constantMemo.get(declaration);
    if (cached !== undefined) return cached ?? undefined;
    if (this.inProgress.has(declaration)) return undefined;
    this.inProgress.add(declaration);
    let result: ts.FunctionLikeDeclaration | null = null;
    const fn = this.wrapperFunction(declaration);
    const returned = fn && !fn.asteriskToken ? this.returnedExpression(fn) : undefined;
    if (fn && returned && declaration.name && ts.isIdentifier(declaration.name)) {
      const folded = this.expr(returned, 'value');
      if (folded.known && folded.effects.length === 0) result = fn;
    }
    this.inProgress.delete(declaration);
    this.constantMemo.set(declaration, result);
    return result ?? undefined;
  }

  /** A call of a constant wrapper can become the constant: pure arguments, and awaited when the wrapper is async. */
  private callFoldable(call: ts.CallExpression, fn: ts.FunctionLikeDeclaration): boolean {
    if (!call.arguments.every((a) => isPure(a, this.evaluators))) return false;
    if (!hasModifier(fn, ts.SyntaxKind.AsyncKeyword)) return true;
    let up: ts.Node = call;
    while (up.parent && ts.isParenthesizedExpression(up.parent)) up = up.parent;
    return up.parent !== undefined && ts.isAwaitExpression(up.parent);
  }

  private wrapperCallValue(call: ts.CallExpression): { ok: true; value: Literal } | { ok: false } {
    const callee = call.expression;
    if (!ts.isIdentifier(callee) || !this.declaredNames.has(callee.text)) return { ok: false };
    const binding = lookupBinding(callee.text, callee);
    if (!binding) return { ok: false };
    const declaration =
      binding.kind === 'function' ? binding.declaration : binding.kind === 'const' ? binding.declaration : undefined;
    const fn = declaration ? this.constantWrapper(declaration) : undefined;
    if (!fn || !this.callFoldable(call, fn)) return { ok: false };
    const returned = this.returnedExpression(fn);
    if (!returned) return { ok: false };
    return { ok: true, value: this.expr(returned, 'value').value };
  }

  /** Notes an exported function that now returns a constant: it stays for its importers. */
  private noteExportedConstant(declaration: ts.FunctionDeclaration | ts.VariableDeclaration): void {
    if (!this.isExported(declaration) || !this.constantWrapper(declaration)) return;
    const name = declaration.name?.getText(this.sf) ?? 'default';
    this.skip(
      declaration,
      `exported function ${name} now always returns the same value; it is kept for its importers (calls in the cleaned paths are folded): remove it once nothing imports it`,
    );
  }

  // ---------------------------------------------------------------- JSX

  /** `<FeatureFlag flagKey=… matchValue=… fallback=…>children</FeatureFlag>` with the flag fixed. */
  private featureFlagElement(node: ts.JsxElement | ts.JsxSelfClosingElement): Folded {
    const opening = ts.isJsxElement(node) ? node.openingElement : node;
    let matchValue: Literal | undefined;
    let hasMatch = false;
    let fallback: ts.Expression | undefined;
    for (const attribute of opening.attributes.properties) {
      if (!ts.isJsxAttribute(attribute)) {
        this.skip(attribute, 'spread props on <FeatureFlag>: left unchanged');
        return this.same(node);
      }
      const name = attribute.name.getText(this.sf);
      const init = attribute.initializer;
      const expression = init && ts.isJsxExpression(init) ? init.expression : init;
      if (name === 'matchValue' && expression) {
        const lit = isLiteralNode(expression);
        if (!lit.ok) {
          this.skip(attribute, 'matchValue is not a literal: <FeatureFlag> left unchanged');
          return this.same(node);
        }
        matchValue = lit.value;
        hasMatch = true;
      } else if (name === 'fallback' && expression) {
        fallback = expression as ts.Expression;
      }
    }
    const matched = hasMatch ? matchValue === this.flagValue : isTruthy(this.flagValue);
    const start = node.getStart(this.sf);
    const indent = lineIndent(this.text, start);
    const asJsx = (text: string, from: number): Folded => {
      const jsx = reindent(text, lineIndent(this.text, from), indent);
      return {
        text: jsx,
        changed: true,
        known: false,
        literal: false,
        effects: [],
        primary: true,
        jsx,
        jsxStart: start,
      };
    };
    if (!matched) {
      if (!fallback) return this.constant(null);
      const f = this.expr(fallback, 'value');
      if (f.jsx !== undefined) return asJsx(f.jsx, f.jsxStart ?? fallback.getStart(this.sf));
      return { ...f, changed: true };
    }
    if (!ts.isJsxElement(node)) return this.constant(null);
    const children = node.children.filter((c) => !(ts.isJsxText(c) && c.containsOnlyTriviaWhiteSpaces));
    if (children.some((c) => ts.isJsxExpression(c) && c.expression && ts.isFunctionLike(c.expression))) {
      this.skip(node, '<FeatureFlag> with a render-function child: left unchanged');
      return this.same(node);
    }
    if (children.length === 0) return this.constant(null);
    const only = children.length === 1 ? children[0] : undefined;
    if (only && (ts.isJsxElement(only) || ts.isJsxSelfClosingElement(only) || ts.isJsxFragment(only))) {
      const f = this.expr(only, 'value');
      return asJsx(f.jsx ?? f.text, only.getStart(this.sf));
    }
    const inner = applyEdits(
      this.text,
      this.jsxChildEdits(node.children),
      node.openingElement.end,
      node.closingElement.getStart(this.sf),
    );
    return asJsx(`<>${inner}</>`, start);
  }

  private jsxContainer(node: ts.JsxElement | ts.JsxFragment): Folded {
    const edits: TextEdit[] = [];
    if (ts.isJsxElement(node)) edits.push(...this.children(node.openingElement));
    edits.push(...this.jsxChildEdits(node.children));
    return this.spliced(node, edits);
  }

  private jsxChildEdits(children: ts.NodeArray<ts.JsxChild>): TextEdit[] {
    const edits: TextEdit[] = [];
    for (const child of children) {
      if (ts.isJsxText(child)) continue;
      let folded: Folded | undefined;
      if (ts.isJsxExpression(child)) {
        if (!child.expression) continue;
        folded = this.expr(child.expression, 'value');
      } else {
        folded = this.expr(child, 'value');
      }
      if (!folded.changed) continue;
      const start = child.getStart(this.sf);
      if ((folded.known && folded.effects.length === 0) || folded.literal) {
        const v = folded.value;
        if (v === null || v === undefined || typeof v === 'boolean') {
          const range = removalRange(this.text, start, child.end);
          edits.push({ ...range, text: '' });
        } else {
          edits.push({ start, end: child.end, text: `{${folded.text}}` });
        }
        continue;
      }
      if (folded.jsx !== undefined) {
        const from = lineIndent(this.text, folded.jsxStart ?? start);
        edits.push({ start, end: child.end, text: reindent(folded.jsx, from, lineIndent(this.text, start)) });
        continue;
      }
      if (ts.isJsxExpression(child) && child.expression) {
        edits.push(...this.editFor(child.expression, folded));
      } else {
        edits.push({ start, end: child.end, text: folded.text });
      }
    }
    return edits;
  }

  // ---------------------------------------------------------------- generic traversal

  /** Edits for the children of a node that is not folded itself. */
  private children(node: ts.Node): TextEdit[] {
    const edits: TextEdit[] = [];
    ts.forEachChild(node, (child) => {
      edits.push(...this.node(child));
    });
    return edits;
  }

  private node(node: ts.Node): TextEdit[] {
    if (ts.isTypeNode(node)) return [];
    if (ts.isShorthandPropertyAssignment(node)) {
      const value = this.flagVariableValue(node.name);
      if (value.ok) {
        return [
          {
            start: node.getStart(this.sf),
            end: node.end,
            text: `${node.name.text}: ${renderLiteral(value.value, this.quote)}`,
          },
        ];
      }
      return [];
    }
    if (ts.isBlock(node) || ts.isModuleBlock(node)) return this.statementList(node.statements);
    if (
      ts.isJsxAttribute(node) &&
      node.initializer &&
      ts.isJsxExpression(node.initializer) &&
      node.initializer.expression
    ) {
      const folded = this.expr(node.initializer.expression, 'value');
      const constant = (folded.known && folded.effects.length === 0) || (folded.changed && folded.literal);
      if (constant && typeof folded.value === 'string' && !/["\n]/.test(folded.value)) {
        // `title={'New'}` reads as `title="New"`.
        return [{ start: node.initializer.getStart(this.sf), end: node.initializer.end, text: `"${folded.value}"` }];
      }
      return this.editFor(node.initializer.expression, folded);
    }
    if (ts.isCaseClause(node) || ts.isDefaultClause(node)) {
      const edits = ts.isCaseClause(node) ? this.editFor(node.expression, this.expr(node.expression, 'value')) : [];
      return [...edits, ...this.statementList(node.statements)];
    }
    if (ts.isStatement(node)) return this.asEdits(node, this.statement(node, 'single'));
    if (ts.isExpression(node)) return this.editFor(node, this.expr(node, 'value'));
    return this.children(node);
  }

  private asEdits(node: ts.Statement, outcome: Outcome): TextEdit[] {
    switch (outcome.kind) {
      case 'same':
        return [];
      case 'edits':
        return outcome.edits;
      case 'replace':
        return [{ start: node.getStart(this.sf), end: node.end, text: outcome.text }];
      case 'remove':
        return [{ start: node.getStart(this.sf), end: node.end, text: ts.isIfStatement(node.parent) ? '{}' : ';' }];
    }
  }

  // ---------------------------------------------------------------- statements

  /** Deletes a statement with the comments attached above it and the line(s) it stood on. */
  private removeStatement(statement: ts.Statement): TextEdit {
    const fullStart = statement.getFullStart();
    const ranges = ts.getLeadingCommentRanges(this.text, fullStart) ?? [];
    const start = attachedStart(this.text, fullStart, statement.getStart(this.sf), ranges);
    return { ...removalRange(this.text, start, statement.end), text: '' };
  }

  private statementList(statements: ts.NodeArray<ts.Statement>): TextEdit[] {
    const edits: TextEdit[] = [];
    let terminated = false;
    for (const statement of statements) {
      if (terminated) {
        if (
          ts.isFunctionDeclaration(statement) ||
          ts.isInterfaceDeclaration(statement) ||
          ts.isTypeAliasDeclaration(statement)
        ) {
          edits.push(...this.asEdits(statement, this.statement(statement, 'list')));
          continue;
        }
        edits.push(this.removeStatement(statement));
        continue;
      }
      let outcome = this.statement(statement, 'list');
      if (
        outcome.kind === 'replace' &&
        outcome.text === 'return;' &&
        statement.parent &&
        ts.isBlock(statement.parent) &&
        statement.parent.parent &&
        ts.isFunctionLike(statement.parent.parent)
      ) {
        // `if (flag) return;` at function-body level: what follows is unreachable and dropped, so the bare
        // return would end the body and says nothing.
        outcome = REMOVE;
        terminated = true;
      }
      if (outcome.kind === 'remove') {
        edits.push(this.removeStatement(statement));
      } else if (outcome.kind === 'replace') {
        edits.push({ start: statement.getStart(this.sf), end: statement.end, text: outcome.text });
        if (outcome.terminates) terminated = true;
      } else if (outcome.kind === 'edits') {
        edits.push(...outcome.edits);
      }
    }
    return edits;
  }

  private statement(statement: ts.Statement, position: 'list' | 'single'): Outcome {
    if (ts.isIfStatement(statement)) return this.ifStatement(statement, position);
    if (ts.isSwitchStatement(statement)) return this.switchStatement(statement, position);
    if (ts.isVariableStatement(statement)) return this.variableStatement(statement);
    if (ts.isBlock(statement)) {
      const edits = this.statementList(statement.statements);
      return edits.length ? { kind: 'edits', edits } : SAME;
    }
    if (ts.isFunctionDeclaration(statement)) {
      if (statement.name && this.isFoldedWrapper(statement)) return REMOVE;
      this.noteExportedConstant(statement);
    }
    if (ts.isExpressionStatement(statement)) {
      const folded = this.expr(statement.expression, 'value');
      if (folded.known && folded.effects.length === 0) return REMOVE;
    }
    if (ts.isWhileStatement(statement) || ts.isDoStatement(statement)) {
      const test = this.expr(statement.expression, 'bool');
      const edits = [...this.editFor(statement.expression, test), ...this.node(statement.statement)];
      return edits.length ? { kind: 'edits', edits } : SAME;
    }
    const edits = this.children(statement);
    return edits.length ? { kind: 'edits', edits } : SAME;
  }

  private variableStatement(statement: ts.VariableStatement): Outcome {
    const declarations = statement.declarationList.declarations;
    for (const d of declarations) this.noteExportedConstant(d);
    const flagged = (d: ts.VariableDeclaration) =>
      ts.isObjectBindingPattern(d.name) ? d.name.elements.filter((e) => this.bindingFlags.has(e)) : [];
    const removed = declarations.filter(
      (d) =>
        this.isFlagVariable(d) ||
        this.isFoldedWrapper(d) ||
        (ts.isObjectBindingPattern(d.name) && flagged(d).length === d.name.elements.length),
    );
    if (removed.length === declarations.length) return REMOVE;
    const patternEdits: TextEdit[] = [];
    for (const d of declarations) {
      const gone = flagged(d);
      if (removed.includes(d) || gone.length === 0 || !ts.isObjectBindingPattern(d.name)) continue;
      const kept = d.name.elements.filter((e) => !gone.includes(e)).map((e) => e.getText(this.sf));
      patternEdits.push({ start: d.name.getStart(this.sf), end: d.name.end, text: `{ ${kept.join(', ')} }` });
    }
    if (removed.length === 0) {
      const edits = [...patternEdits, ...this.children(statement)];
      return edits.length ? { kind: 'edits', edits } : SAME;
    }
    const first = declarations[0] as ts.VariableDeclaration;
    const prefix = this.text.slice(statement.getStart(this.sf), first.getStart(this.sf));
    const kept = declarations
      .filter((d) => !removed.includes(d))
      .map((d) => applyEdits(this.text, [...patternEdits, ...this.children(d)], d.getStart(this.sf), d.end));
    const semicolon = statement.getText(this.sf).endsWith(';') ? ';' : '';
    return { kind: 'replace', text: `${prefix}${kept.join(', ')}${semicolon}`, terminates: false };
  }

  /** Text of a range with the edits of its statements applied, re-indented to the statement being replaced. */
  private hoistText(
    statements: readonly ts.Statement[],
    edits: TextEdit[],
    replaced: ts.Node,
    from: number,
    to: number,
  ): string {
    const first = statements[0];
    const inner = trimBlockText(applyEdits(this.text, edits, from, to));
    if (!first || inner.trim() === '') return '';
    const innerIndent = lineIndent(this.text, first.getStart(this.sf));
    return reindent(inner, innerIndent, lineIndent(this.text, replaced.getStart(this.sf)));
  }

  private canHoist(statements: readonly ts.Statement[], replaced: ts.Statement): boolean {
    const names = declaredNames(statements);
    if (names.length === 0) return true;
    const container = replaced.parent;
    if (!container) return false;
    const siblings =
      ts.isBlock(container) ||
      ts.isSourceFile(container) ||
      ts.isModuleBlock(container) ||
      ts.isCaseClause(container) ||
      ts.isDefaultClause(container)
        ? container.statements
        : undefined;
    if (!siblings) return false;
    const used = new Set<string>();
    for (const s of siblings) if (s !== replaced) identifierTexts(s, used);
    const fn = container.parent;
    if (fn && ts.isFunctionLike(fn)) for (const p of fn.parameters) identifierTexts(p, used);
    return names.every((n) => !used.has(n));
  }

  /** The text that replaces a chosen branch, or '' when it is empty. */
  private branchText(
    branch: ts.Statement,
    replaced: ts.Statement,
    position: 'list' | 'single',
  ): { text: string; terminates: boolean } {
    if (ts.isBlock(branch)) {
      const edits = this.statementList(branch.statements);
      const terminates = endsWithExit(branch);
      const hoisted = this.hoistText(branch.statements, edits, replaced, branch.getStart(this.sf) + 1, branch.end - 1);
      if (hoisted === '') return { text: '', terminates: false };
      if (position === 'list' && this.canHoist(branch.statements, replaced)) return { text: hoisted, terminates };
      const block = applyEdits(this.text, edits, branch.getStart(this.sf), branch.end);
      const from = lineIndent(this.text, branch.getStart(this.sf));
      return { text: reindent(block, from, lineIndent(this.text, replaced.getStart(this.sf))), terminates };
    }
    const outcome = this.statement(branch, position);
    const start = branch.getStart(this.sf);
    const from = lineIndent(this.text, start);
    const to = lineIndent(this.text, replaced.getStart(this.sf));
    switch (outcome.kind) {
      case 'remove':
        return { text: '', terminates: false };
      case 'replace':
        return { text: reindent(outcome.text, from, to), terminates: outcome.terminates };
      case 'edits':
        return {
          text: reindent(applyEdits(this.text, outcome.edits, start, branch.end), from, to),
          terminates: endsWithExit(branch),
        };
      default:
        return { text: reindent(branch.getText(this.sf), from, to), terminates: endsWithExit(branch) };
    }
  }

  private ifStatement(statement: ts.IfStatement, position: 'list' | 'single'): Outcome {
    const test = this.expr(statement.expression, 'bool');
    const indent = lineIndent(this.text, statement.getStart(this.sf));
    if (test.known && (test.effects.length === 0 || position === 'list')) {
      const branch = isTruthy(test.value) ? statement.thenStatement : statement.elseStatement;
      const body = branch ? this.branchText(branch, statement, position) : { text: '', terminates: false };
      const parts = [...test.effects.map((e) => `${e};`), ...(body.text ? [body.text] : [])];
      if (parts.length === 0) return REMOVE;
      if (position === 'single' && body.text && !body.text.startsWith('{') && /;\s*\S/.test(body.text)) {
        return { kind: 'replace', text: `{ ${body.text} }`, terminates: body.terminates };
      }
      return { kind: 'replace', text: parts.join(`\n${indent}`), terminates: body.terminates };
    }
    const edits = [...this.editFor(statement.expression, test)];
    const then = this.statement(statement.thenStatement, 'single');
    if (!statement.elseStatement && then.kind === 'edits' && isPure(statement.expression, this.evaluators)) {
      // `if (c) { if (flag) … }` whose body the flag emptied: the whole statement goes.
      const body = statement.thenStatement;
      const rendered = applyEdits(this.text, then.edits, body.getStart(this.sf), body.end);
      if (ts.isBlock(body) && body.statements.length > 0 && rendered.slice(1, -1).trim() === '') return REMOVE;
    }
    if (then.kind === 'remove') {
      edits.push({ start: statement.thenStatement.getStart(this.sf), end: statement.thenStatement.end, text: '{}' });
    } else {
      edits.push(...this.asEdits(statement.thenStatement, then));
    }
    if (statement.elseStatement) {
      const otherwise = this.statement(statement.elseStatement, 'single');
      if (otherwise.kind === 'remove') {
        edits.push({ start: statement.thenStatement.end, end: statement.elseStatement.end, text: '' });
      } else {
        edits.push(...this.asEdits(statement.elseStatement, otherwise));
      }
    }
    return edits.length ? { kind: 'edits', edits } : SAME;
  }

  private switchStatement(statement: ts.SwitchStatement, position: 'list' | 'single'): Outcome {
    const d = this.expr(statement.expression, 'value');
    const generic = (): Outcome => {
      const edits = [...this.editFor(statement.expression, d), ...this.children(statement.caseBlock)];
      return edits.length ? { kind: 'edits', edits } : SAME;
    };
    if (!d.known || d.effects.length > 0) return generic();
    const clauses = statement.caseBlock.clauses;
    let index = -1;
    for (let i = 0; i < clauses.length; i += 1) {
      const clause = clauses[i] as ts.CaseOrDefaultClause;
      if (!ts.isCaseClause(clause)) continue;
      const label = this.expr(clause.expression, 'value');
      const lit = label.known || label.literal ? { ok: true as const, value: label.value } : { ok: false as const };
      if (!lit.ok) {
        this.skip(clause, 'switch on the flag has a case label that is not a literal: left unchanged');
        return generic();
      }
      if (lit.value === d.value) {
        index = i;
        break;
      }
    }
    if (index < 0) index = clauses.findIndex((c) => ts.isDefaultClause(c));
    if (index < 0) return REMOVE;
    // Empty clauses fall through to the next one with statements.
    while (index < clauses.length && (clauses[index] as ts.CaseOrDefaultClause).statements.length === 0) index += 1;
    const clause = clauses[index];
    if (!clause) return REMOVE;
    let statements: readonly ts.Statement[] = clause.statements;
    let container: ts.Node = clause;
    const only = statements.length === 1 ? statements[0] : undefined;
    if (only && ts.isBlock(only)) {
      statements = only.statements;
      container = only;
    }
    const last = statements[statements.length - 1];
    const dropsBreak = last !== undefined && ts.isBreakStatement(last) && !last.label;
    const kept = dropsBreak ? statements.slice(0, -1) : statements;
    if (!endsWithExit(last) && index < clauses.length - 1) {
      this.skip(clause, 'switch case falls through into the next case: left unchanged');
      return generic();
    }
    if (kept.some(breaksOut)) {
      this.skip(clause, 'switch case leaves early with break: left unchanged');
      return generic();
    }
    const terminates = !dropsBreak && endsWithExit(last);
    if (kept.length === 0) return REMOVE;
    const edits = ts.isBlock(container)
      ? this.statementList(container.statements)
      : this.statementList((container as ts.CaseOrDefaultClause).statements);
    const firstKept = kept[0] as ts.Statement;
    const lastKept = kept[kept.length - 1] as ts.Statement;
    const from = this.text.lastIndexOf('\n', firstKept.getStart(this.sf) - 1) + 1;
    let to = this.text.indexOf('\n', lastKept.end);
    if (to < 0) to = this.text.length;
    const hoisted = this.hoistText(kept, edits, statement, from, to);
    if (hoisted === '') return REMOVE;
    if (position === 'list' && this.canHoist(kept, statement)) return { kind: 'replace', text: hoisted, terminates };
    const indent = lineIndent(this.text, statement.getStart(this.sf));
    const unit = detectIndentUnit(this.text);
    const body = hoisted
      .split('\n')
      .map((line, i) => (i === 0 ? `${indent}${unit}${line}` : line.length ? `${unit}${line}` : line))
      .join('\n');
    return { kind: 'replace', text: `{\n${body}\n${indent}}`, terminates };
  }
}

function detectQuote(sf: ts.SourceFile): '"' | "'" {
  let quote: '"' | "'" | undefined;
  const visit = (node: ts.Node): void => {
    if (quote) return;
    if (ts.isStringLiteral(node)) {
      const raw = node.getText(sf)[0];
      if (raw === '"' || raw === "'") quote = raw;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return quote ?? "'";
}

function detectIndentUnit(text: string): string {
  const match = /\n( +|\t)\S/.exec(text);
  return match?.[1] === '\t' ? '\t' : (match?.[1] ?? '  ').length >= 4 ? '    ' : '  ';
}
