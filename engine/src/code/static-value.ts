import { ensureParents, type SourceHost } from './source-host';
import { ts } from './typescript';

/** A value known at compile time: what a flag key expression can be reduced to. */
export type StaticValue = string | number | boolean | null | StaticObject | StaticValue[] | ModuleNamespace;
export interface StaticObject {
  [key: string]: StaticValue;
}
/** `import * as ns from './m'`: members are looked up lazily. */
export class ModuleNamespace {
  constructor(readonly file: string) {}
}

export type Evaluated = { ok: true; value: StaticValue } | { ok: false; reason: string };

/** Where a name is bound, seen from a node (innermost scope first, so shadowing is respected). */
export type Binding =
  | { kind: 'const'; declaration: ts.VariableDeclaration }
  | { kind: 'mutable'; declaration: ts.VariableDeclaration }
  | { kind: 'parameter'; fn: ts.SignatureDeclaration; index: number }
  | { kind: 'enum'; declaration: ts.EnumDeclaration }
  | { kind: 'function'; declaration: ts.FunctionDeclaration }
  | { kind: 'import'; module: string; name: string }
  | { kind: 'other' };

const MAX_DEPTH = 12;

function importBindingIn(statement: ts.ImportDeclaration, name: string): Binding | undefined {
  const clause = statement.importClause;
  if (!clause || !ts.isStringLiteral(statement.moduleSpecifier)) return undefined;
  const module = statement.moduleSpecifier.text;
  if (clause.name?.text === name) return { kind: 'import', module, name: 'default' };
  const named = clause.namedBindings;
  if (!named) return undefined;
  if (ts.isNamespaceImport(named)) return named.name.text === name ? { kind: 'import', module, name: '*' } : undefined;
  for (const element of named.elements) {
    if (element.name.text === name)
      return { kind: 'import', module, name: (element.propertyName ?? element.name).text };
  }
  return undefined;
}

function bindingInStatements(
  statements: readonly ts.Statement[],
  name: string,
  container: ts.Node,
): Binding | undefined {
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) {
      const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) {
          if (declaration.name.text === name) {
            ensureParents(statement, container);
            return { kind: isConst ? 'const' : 'mutable', declaration };
          }
        } else if (bindingPatternDeclares(declaration.name, name)) {
          return { kind: 'other' };
        }
      }
    } else if (ts.isEnumDeclaration(statement)) {
      if (statement.name.text === name) {
        ensureParents(statement, container);
        return { kind: 'enum', declaration: statement };
      }
    } else if (ts.isFunctionDeclaration(statement)) {
      if (statement.name?.text === name) return { kind: 'function', declaration: statement };
    } else if (ts.isClassDeclaration(statement)) {
      if (statement.name?.text === name) return { kind: 'other' };
    } else if (ts.isImportDeclaration(statement)) {
      const binding = importBindingIn(statement, name);
      if (binding) return binding;
    }
  }
  return undefined;
}

function bindingPatternDeclares(pattern: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(pattern)) return pattern.text === name;
  return pattern.elements.some(
    (element) => !ts.isOmittedExpression(element) && bindingPatternDeclares(element.name, name),
  );
}

/** Finds the declaration that `name` refers to at `from`, walking scopes outwards. */
export function lookupBinding(name: string, from: ts.Node): Binding | undefined {
  let node: ts.Node | undefined = from;
  while (node) {
    if (ts.isFunctionLike(node)) {
      const index = node.parameters.findIndex((p) => bindingPatternDeclares(p.name, name));
      if (index >= 0) {
        const parameter = node.parameters[index];
        return parameter && ts.isIdentifier(parameter.name)
          ? { kind: 'parameter', fn: node, index }
          : { kind: 'other' };
      }
    }
    if (
      ts.isBlock(node) ||
      ts.isSourceFile(node) ||
      ts.isModuleBlock(node) ||
      ts.isCaseClause(node) ||
      ts.isDefaultClause(node)
    ) {
      const binding = bindingInStatements(node.statements, name, node);
      if (binding) return binding;
    }
    if ((ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) && node.initializer) {
      if (ts.isVariableDeclarationList(node.initializer)) {
        if (node.initializer.declarations.some((d) => bindingPatternDeclares(d.name, name))) return { kind: 'other' };
      }
    }
    if (
      ts.isCatchClause(node) &&
      node.variableDeclaration &&
      bindingPatternDeclares(node.variableDeclaration.name, name)
    ) {
      return { kind: 'other' };
    }
    node = node.parent;
  }
  return undefined;
}

/** Reduces expressions to compile-time values: literals, consts, enums, `as const` objects, imports, re-exports. */
export class StaticEvaluator {
  private readonly exports = new Map<string, Evaluated>();
  private exportsVersion = -1;

  constructor(private readonly host: SourceHost) {}

  evaluate(expression: ts.Expression, depth = 0): Evaluated {
    if (depth > MAX_DEPTH) return { ok: false, reason: 'too many indirections' };
    const e = skipOuter(expression);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { ok: true, value: e.text };
    if (ts.isNumericLiteral(e)) return { ok: true, value: Number(e.text) };
    if (e.kind === ts.SyntaxKind.TrueKeyword) return { ok: true, value: true };
    if (e.kind === ts.SyntaxKind.FalseKeyword) return { ok: true, value: false };
    if (e.kind === ts.SyntaxKind.NullKeyword) return { ok: true, value: null };
    if (ts.isTemplateExpression(e)) {
      let text = e.head.text;
      for (const span of e.templateSpans) {
        const part = this.evaluate(span.expression, depth + 1);
        if (!part.ok) return part;
        if (typeof part.value === 'object' && part.value !== null)
          return { ok: false, reason: 'template uses an object' };
        text += String(part.value) + span.literal.text;
      }
      return { ok: true, value: text };
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const left = this.evaluate(e.left, depth + 1);
      if (!left.ok) return left;
      const right = this.evaluate(e.right, depth + 1);
      if (!right.ok) return right;
      if (typeof left.value === 'string' || typeof right.value === 'string') {
        return { ok: true, value: String(left.value) + String(right.value) };
      }
      if (typeof left.value === 'number' && typeof right.value === 'number')
        return { ok: true, value: left.value + right.value };
      return { ok: false, reason: 'unsupported operands of +' };
    }
    if (ts.isObjectLiteralExpression(e)) return this.evaluateObject(e, depth);
    if (ts.isArrayLiteralExpression(e)) {
      const items: StaticValue[] = [];
      for (const element of e.elements) {
        const item = this.evaluate(element, depth + 1);
        if (!item.ok) return item;
        items.push(item.value);
      }
      return { ok: true, value: items };
    }
    if (ts.isIdentifier(e)) return this.evaluateIdentifier(e, depth);
    if (ts.isPropertyAccessExpression(e)) return this.member(e.expression, e.name.text, depth);
    if (ts.isElementAccessExpression(e)) {
      const index = this.evaluate(e.argumentExpression, depth + 1);
      if (!index.ok) return index;
      if (typeof index.value !== 'string' && typeof index.value !== 'number')
        return { ok: false, reason: 'computed member' };
      return this.member(e.expression, String(index.value), depth);
    }
    return { ok: false, reason: `${ts.SyntaxKind[e.kind]} is not a compile-time value` };
  }

  private member(object: ts.Expression, name: string, depth: number): Evaluated {
    const target = this.evaluate(object, depth + 1);
    if (!target.ok) return target;
    const value = target.value;
    if (value instanceof ModuleNamespace) return this.evaluateExport(value.file, name, depth + 1);
    if (value !== null && typeof value === 'object' && Object.hasOwn(value, name)) {
      const member = (value as Record<string, StaticValue>)[name];
      if (member !== undefined) return { ok: true, value: member };
    }
    return { ok: false, reason: `no member "${name}"` };
  }

  private evaluateObject(e: ts.ObjectLiteralExpression, depth: number): Evaluated {
    const result: StaticObject = {};
    for (const property of e.properties) {
      if (ts.isPropertyAssignment(property)) {
        const name = propertyNameText(property.name);
        if (name === undefined) return { ok: false, reason: 'computed property name' };
        const value = this.evaluate(property.initializer, depth + 1);
        // Members that are not compile-time values are left out; using one later reports it then.
        if (value.ok) result[name] = value.value;
      } else if (ts.isShorthandPropertyAssignment(property)) {
        const value = this.evaluate(property.name, depth + 1);
        if (value.ok) result[property.name.text] = value.value;
      } else if (ts.isSpreadAssignment(property)) {
        const value = this.evaluate(property.expression, depth + 1);
        if (value.ok && value.value !== null && typeof value.value === 'object' && !Array.isArray(value.value)) {
          Object.assign(result, value.value);
        }
      }
    }
    return { ok: true, value: result };
  }

  private evaluateIdentifier(e: ts.Identifier, depth: number): Evaluated {
    const binding = lookupBinding(e.text, e);
    if (!binding) return { ok: false, reason: `"${e.text}" is not declared in this file` };
    return this.evaluateBinding(binding, e.text, e.getSourceFile().fileName, depth);
  }

  private evaluateBinding(binding: Binding, name: string, file: string, depth: number): Evaluated {
    switch (binding.kind) {
      case 'const':
        return binding.declaration.initializer
          ? this.evaluate(binding.declaration.initializer, depth + 1)
          : { ok: false, reason: `"${name}" has no initializer` };
      case 'mutable':
        return { ok: false, reason: `"${name}" is a let/var, not a const` };
      case 'parameter':
        return { ok: false, reason: `parameter "${name}" of ${functionName(binding.fn) ?? 'a function'}` };
      case 'enum':
        return this.evaluateEnum(binding.declaration, depth);
      case 'import': {
        const target = this.host.resolveModule(file, binding.module);
        if (!target) return { ok: false, reason: `import from "${binding.module}" is outside the scanned sources` };
        if (binding.name === '*') return { ok: true, value: new ModuleNamespace(target) };
        return this.evaluateExport(target, binding.name, depth + 1);
      }
      default:
        return { ok: false, reason: `"${name}" is not a compile-time value` };
    }
  }

  private evaluateEnum(declaration: ts.EnumDeclaration, depth: number): Evaluated {
    const result: StaticObject = {};
    let next = 0;
    for (const member of declaration.members) {
      const name = propertyNameText(member.name);
      if (name === undefined) continue;
      if (member.initializer) {
        const value = this.evaluate(member.initializer, depth + 1);
        if (!value.ok) continue;
        result[name] = value.value;
        if (typeof value.value === 'number') next = value.value + 1;
      } else {
        result[name] = next;
        next += 1;
      }
    }
    return { ok: true, value: result };
  }

  /** The value a module exports under `name` (`default` for the default export), following re-exports. */
  evaluateExport(file: string, name: string, depth = 0): Evaluated {
    if (this.exportsVersion !== this.host.version) {
      this.exports.clear();
      this.exportsVersion = this.host.version;
    }
    const id = `${file}\0${name}`;
    const cached = this.exports.get(id);
    if (cached) return cached;
    const value = this.computeExport(file, name, depth);
    this.exports.set(id, value);
    return value;
  }

  private computeExport(file: string, name: string, depth: number): Evaluated {
    if (depth > MAX_DEPTH) return { ok: false, reason: 'too many re-exports' };
    const sourceFile = this.host.getSourceFile(file);
    if (!sourceFile) return { ok: false, reason: `cannot read ${file}` };
    const starTargets: string[] = [];
    for (const statement of sourceFile.statements) {
      if (ts.isExportDeclaration(statement)) {
        const from =
          statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
            ? this.host.resolveModule(file, statement.moduleSpecifier.text)
            : undefined;
        const clause = statement.exportClause;
        if (!clause) {
          if (from) starTargets.push(from);
          continue;
        }
        if (ts.isNamespaceExport(clause)) {
          if (clause.name.text === name && from) return { ok: true, value: new ModuleNamespace(from) };
          continue;
        }
        for (const element of clause.elements) {
          if (element.name.text !== name) continue;
          const local = (element.propertyName ?? element.name).text;
          if (statement.moduleSpecifier) {
            return from
              ? this.evaluateExport(from, local, depth + 1)
              : { ok: false, reason: `re-export of "${name}" from a package` };
          }
          const binding = bindingInStatements(sourceFile.statements, local, sourceFile);
          return binding
            ? this.evaluateBinding(binding, local, file, depth + 1)
            : { ok: false, reason: `"${local}" not found` };
        }
      } else if (ts.isExportAssignment(statement) && name === 'default') {
        ensureParents(statement, sourceFile);
        return this.evaluate(statement.expression, depth + 1);
      } else if (hasExportModifier(statement)) {
        if (ts.isVariableStatement(statement)) {
          const binding = bindingInStatements([statement], name, sourceFile);
          if (binding) return this.evaluateBinding(binding, name, file, depth + 1);
        } else if (ts.isEnumDeclaration(statement) && statement.name.text === name) {
          ensureParents(statement, sourceFile);
          return this.evaluateEnum(statement, depth + 1);
        }
      }
    }
    for (const target of starTargets) {
      const value = this.evaluateExport(target, name, depth + 1);
      if (value.ok) return value;
    }
    return { ok: false, reason: `"${name}" is not exported by ${file}` };
  }

  /**
   * The package and exported name a local identifier ultimately comes from, following local re-export modules:
   * `import { useFlag } from './flags'` where `./flags` does `export { useFlag } from '@openfeature/react-sdk'`.
   */
  importOrigin(identifier: ts.Identifier): { module: string; name: string } | undefined {
    const binding = lookupBinding(identifier.text, identifier);
    if (binding?.kind !== 'import') return undefined;
    return this.originOf(identifier.getSourceFile().fileName, binding.module, binding.name, 0);
  }

  private originOf(
    file: string,
    module: string,
    name: string,
    depth: number,
  ): { module: string; name: string } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const target = this.host.resolveModule(file, module);
    if (!target) return module.startsWith('.') ? undefined : { module, name };
    const sourceFile = this.host.getSourceFile(target);
    if (!sourceFile) return undefined;
    const stars: string[] = [];
    for (const statement of sourceFile.statements) {
      if (!ts.isExportDeclaration(statement)) continue;
      const specifier =
        statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
          ? statement.moduleSpecifier.text
          : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        if (specifier) stars.push(specifier);
        continue;
      }
      if (!ts.isNamedExports(clause)) continue;
      for (const element of clause.elements) {
        if (element.name.text !== name) continue;
        const local = (element.propertyName ?? element.name).text;
        if (specifier) return this.originOf(target, specifier, local, depth + 1);
        const binding = bindingInStatements(sourceFile.statements, local, sourceFile);
        return binding?.kind === 'import' ? this.originOf(target, binding.module, binding.name, depth + 1) : undefined;
      }
    }
    for (const specifier of stars) {
      const origin = this.originOf(target, specifier, name, depth + 1);
      if (origin) return origin;
    }
    return undefined;
  }
}

export function skipOuter(expression: ts.Expression): ts.Expression {
  let e = expression;
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isTypeAssertionExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isNonNullExpression(e)
  ) {
    e = e.expression;
  }
  return e;
}

export function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) {
    return name.text;
  }
  if (ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

function hasExportModifier(statement: ts.Statement): boolean {
  return (
    ts.canHaveModifiers(statement) &&
    (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  );
}

/** The name a function-like is known by: its own, or the variable/property/method it is assigned to. */
export function functionName(fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if (
    (ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) &&
    fn.name &&
    !ts.isComputedPropertyName(fn.name)
  ) {
    const own = propertyNameText(fn.name);
    const cls = fn.parent && ts.isClassLike(fn.parent) ? fn.parent.name?.text : undefined;
    return cls && own ? `${cls}.${own}` : own;
  }
  if (ts.isConstructorDeclaration(fn)) {
    const cls = ts.isClassLike(fn.parent) ? fn.parent.name?.text : undefined;
    return cls ? `${cls}.constructor` : 'constructor';
  }
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    const parent = fn.parent;
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return propertyNameText(parent.name);
  }
  return undefined;
}
