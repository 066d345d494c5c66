import { ts } from 'ts-morph';
import { parseSource } from '../source-host';
import { isPure } from './fold-file';
import { applyEdits, attachedStart, removalRange, type TextEdit } from './text-edits';

function countIdentifiers(sf: ts.SourceFile): Map<string, number> {
  const counts = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) counts.set(node.text, (counts.get(node.text) ?? 0) + 1);
    else if (ts.isJsxAttribute(node) && ts.isIdentifier(node.name)) {
      // attribute names are not references
      if (node.initializer) visit(node.initializer);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return counts;
}

function isExported(statement: ts.Statement): boolean {
  return (
    ts.canHaveModifiers(statement) &&
    (ts.getModifiers(statement) ?? []).some(
      (m) => m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DeclareKeyword,
    )
  );
}

function exportedNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const s of sf.statements) {
    if (ts.isExportDeclaration(s) && !s.moduleSpecifier && s.exportClause && ts.isNamedExports(s.exportClause)) {
      for (const e of s.exportClause.elements) names.add((e.propertyName ?? e.name).text);
    }
    if (ts.isExportAssignment(s) && ts.isIdentifier(s.expression)) names.add(s.expression.text);
  }
  return names;
}

/**
 * Removes declarations the cleanup left unused: import bindings, and non-exported functions and constants with
 * pure initializers, that were referenced in `original` and are referenced nowhere in `text` any more.
 * Names are compared by text over the whole file, so any remaining use (even a shadowing one) keeps a declaration.
 * Returns the final text and its parse (for the syntax check before writing).
 */
export function removeNewlyUnused(
  original: ts.SourceFile,
  text: string,
  path: string,
): { text: string; sourceFile: ts.SourceFile } {
  const before = countIdentifiers(original);
  let current = text;
  let sf = parseSource(path, current);
  for (let round = 0; round < 6; round += 1) {
    if (round > 0) sf = parseSource(path, current);
    const after = countIdentifiers(sf);
    const exported = exportedNames(sf);
    const unused = (name: ts.Identifier): boolean =>
      (after.get(name.text) ?? 0) <= 1 && (before.get(name.text) ?? 0) > 1 && !exported.has(name.text);
    const edits: TextEdit[] = [];
    const remove = (node: ts.Node): void => {
      const fullStart = node.getFullStart();
      const ranges = ts.isStatement(node) ? (ts.getLeadingCommentRanges(current, fullStart) ?? []) : [];
      const start = attachedStart(current, fullStart, node.getStart(sf), ranges);
      edits.push({ ...removalRange(current, start, node.end), text: '' });
    };
    const visitList = (statements: ts.NodeArray<ts.Statement>): void => {
      for (const s of statements) {
        if (ts.isImportDeclaration(s)) importEdits(s, sf, unused, remove, edits);
        else if (ts.isFunctionDeclaration(s) && s.name && s.body && !isExported(s) && unused(s.name)) remove(s);
        else if (ts.isVariableStatement(s) && !isExported(s) && s.declarationList.declarations.length === 1) {
          const d = s.declarationList.declarations[0] as ts.VariableDeclaration;
          if (
            ts.isIdentifier(d.name) &&
            (s.declarationList.flags & ts.NodeFlags.Const) !== 0 &&
            d.initializer &&
            isPure(d.initializer) &&
            unused(d.name)
          ) {
            remove(s);
          }
        }
        ts.forEachChild(s, function visit(node: ts.Node): void {
          if (ts.isBlock(node) || ts.isModuleBlock(node)) visitList(node.statements);
          else ts.forEachChild(node, visit);
        });
      }
    };
    visitList(sf.statements);
    if (edits.length === 0) return { text: current, sourceFile: sf };
    current = applyEdits(current, edits);
  }
  return { text: current, sourceFile: parseSource(path, current) };
}

function importEdits(
  statement: ts.ImportDeclaration,
  sf: ts.SourceFile,
  unused: (name: ts.Identifier) => boolean,
  remove: (node: ts.Node) => void,
  edits: TextEdit[],
): void {
  const clause = statement.importClause;
  if (!clause) return;
  const bindings: ts.Identifier[] = [];
  if (clause.name) bindings.push(clause.name);
  const named = clause.namedBindings;
  if (named && ts.isNamespaceImport(named)) bindings.push(named.name);
  if (named && ts.isNamedImports(named)) for (const e of named.elements) bindings.push(e.name);
  const gone = bindings.filter(unused);
  if (gone.length === 0) return;
  if (gone.length === bindings.length) {
    remove(statement);
    return;
  }
  if (clause.name && gone.includes(clause.name) && named) {
    edits.push({ start: clause.name.getStart(sf), end: named.getStart(sf), text: '' });
  }
  if (named && ts.isNamespaceImport(named) && gone.includes(named.name) && clause.name) {
    edits.push({ start: clause.name.end, end: named.end, text: '' });
  }
  if (named && ts.isNamedImports(named)) {
    const elements = named.elements;
    const kept = elements.filter((e) => !gone.includes(e.name));
    if (kept.length === 0) {
      // Only the default import stays: drop `, { … }`.
      edits.push({ start: clause.name ? clause.name.end : named.getStart(sf), end: named.end, text: '' });
      return;
    }
    const lastKept = elements.indexOf(kept[kept.length - 1] as ts.ImportSpecifier);
    elements.forEach((e, i) => {
      if (i < lastKept && gone.includes(e.name)) {
        edits.push({ start: e.getStart(sf), end: (elements[i + 1] as ts.ImportSpecifier).getStart(sf), text: '' });
      }
    });
    const tail = elements[elements.length - 1] as ts.ImportSpecifier;
    if (lastKept < elements.length - 1) {
      edits.push({ start: (elements[lastKept] as ts.ImportSpecifier).end, end: tail.end, text: '' });
    }
  }
}
