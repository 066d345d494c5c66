import { resolve } from 'node:path';
import type { FlagReference } from '@aviary/engine/code';
import { DIAGNOSTIC } from '../constants';
import type { FlagSummary } from './flag-summary';

/** One Problems-panel entry, without `vscode` types (tested in unit tests, turned into a Diagnostic by the adapter). */
export interface Finding {
  code: (typeof DIAGNOSTIC)[keyof typeof DIAGNOSTIC];
  message: string;
  /** Absolute path. */
  path: string;
  key: string | null;
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface FindingSource {
  readonly root: string;
  summaries(): FlagSummary[];
  unresolvedReferences(): FlagReference[];
}

function at(root: string, r: FlagReference): Omit<Finding, 'code' | 'message' | 'key'> {
  return {
    path: resolve(root, r.file),
    start: r.start,
    end: r.end,
    line: r.line,
    column: r.column,
    endLine: r.endLine,
    endColumn: r.endColumn,
  };
}

/** Diagnostics for a folder: one per reference of a stale or unknown flag, one per unresolvable key. */
export function diagnosticsFor(source: FindingSource): Finding[] {
  const findings: Finding[] = [];
  for (const summary of source.summaries()) {
    for (const reference of summary.references) {
      if (summary.stale) {
        findings.push({
          ...at(source.root, reference),
          code: DIAGNOSTIC.stale,
          key: summary.key,
          message: `Flag '${summary.key}' is stale: ${summary.stale.reason}.`,
        });
      } else if (summary.category === 'unknown') {
        const hint = summary.suggestion ? ` Did you mean '${summary.suggestion}'?` : '';
        findings.push({
          ...at(source.root, reference),
          code: DIAGNOSTIC.unknown,
          key: summary.key,
          message: `Flag '${summary.key}' is not defined in any flag definition file.${hint}`,
        });
      }
    }
  }
  for (const reference of source.unresolvedReferences()) {
    const why = reference.unresolvedReason ? ` (${reference.unresolvedReason})` : '';
    findings.push({
      ...at(source.root, reference),
      code: DIAGNOSTIC.dynamicKey,
      key: null,
      message: `Flag key ${reference.keyText} cannot be resolved statically${why}; Aviary cannot check this flag.`,
    });
  }
  return findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.start - b.start));
}
