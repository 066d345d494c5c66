import type { FlagReference } from '../flag-reference';
import type { KeepValue, StalenessReport, StaleReasonCode } from '../staleness';
import type { SarifRule } from './sarif';

/** One located finding: a stale flag at a reference or definition, or a key that cannot be resolved. */
export interface Finding {
  key: string | null;
  code: StaleReasonCode | 'unresolved-key';
  message: string;
  keep: KeepValue | null;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export const RULES: Record<Finding['code'], SarifRule> = {
  'fully-rolled-out': {
    id: 'aviary/fully-rolled-out',
    name: 'FlagFullyRolledOut',
    shortDescription: 'Flag serves one value to everyone',
    fullDescription:
      'The flag serves a single variant to everyone (from telemetry or its definition). Remove it and keep that value.',
    level: 'warning',
  },
  disabled: {
    id: 'aviary/disabled',
    name: 'FlagDisabled',
    shortDescription: 'Flag is DISABLED',
    fullDescription:
      'The flag is DISABLED, so every evaluation returns the code default. Remove it and keep the default.',
    level: 'warning',
  },
  'no-evaluations': {
    id: 'aviary/no-evaluations',
    name: 'FlagNotEvaluated',
    shortDescription: 'Flag has not been evaluated recently',
    fullDescription: 'No evaluations were recorded for the configured number of days: the code path may be dead.',
    level: 'warning',
  },
  expired: {
    id: 'aviary/expired',
    name: 'FlagExpired',
    shortDescription: 'Flag is past its expiry date',
    fullDescription: 'The flag is past metadata.expiresAt or a @flag-expires comment. Decide its value and remove it.',
    level: 'warning',
  },
  'lifetime-exceeded': {
    id: 'aviary/lifetime-exceeded',
    name: 'FlagLifetimeExceeded',
    shortDescription: 'Flag is older than the expected lifetime of its type',
    fullDescription:
      'The flag is older than its type’s expected lifetime (Unleash defaults: release and experiment 40 days, operational 7).',
    level: 'note',
  },
  'undefined-flag': {
    id: 'aviary/undefined-flag',
    name: 'FlagNotDefined',
    shortDescription: 'Flag is referenced but not defined',
    fullDescription:
      'The code evaluates a flag that no definition file defines, so it always gets the code default (often a typo).',
    level: 'error',
  },
  unreferenced: {
    id: 'aviary/unreferenced',
    name: 'FlagUnreferenced',
    shortDescription: 'Flag is defined but never referenced',
    fullDescription: 'No code evaluates this flag: archive it in the flag system.',
    level: 'note',
  },
  'unresolved-key': {
    id: 'aviary/unresolved-key',
    name: 'FlagKeyUnresolved',
    shortDescription: 'Flag key cannot be resolved statically',
    fullDescription: 'The key of this evaluation is computed at run time, so staleness cannot be checked for it.',
    level: 'note',
  },
};

function at(reference: Pick<FlagReference, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'>) {
  return {
    file: reference.file,
    line: reference.line,
    column: reference.column,
    endLine: reference.endLine,
    endColumn: reference.endColumn,
  };
}

/** Flattens a staleness report into located findings: each reason at each reference (or at the definition). */
export function staleFindings(report: StalenessReport, includeUnresolved: boolean): Finding[] {
  const findings: Finding[] = [];
  for (const flag of report.flags) {
    for (const reason of flag.reasons) {
      const base = { key: flag.key, code: reason.code, message: `${flag.key}: ${reason.message}`, keep: reason.keep };
      if (flag.references.length > 0) {
        for (const reference of flag.references) findings.push({ ...base, ...at(reference) });
      } else if (flag.definition) {
        const { file, line } = flag.definition;
        findings.push({ ...base, file, line, column: 1, endLine: line, endColumn: 1 });
      }
    }
  }
  if (includeUnresolved) findings.push(...report.unresolved.map(unresolvedFinding));
  return findings;
}

export function unresolvedFinding(reference: FlagReference): Finding {
  return {
    key: null,
    code: 'unresolved-key',
    message: `${reference.call}(${reference.keyText}): key cannot be resolved statically (${reference.unresolvedReason ?? 'dynamic'})`,
    keep: null,
    ...at(reference),
  };
}
