import type { FlagReference } from '../flag-reference';
import type { ScanResult } from '../scan';
import type { FlagStatus, KeepValue, StalenessReport } from '../staleness';
import { type Finding, RULES, unresolvedFinding } from './findings';
import { type SarifRule, toSarif } from './sarif';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'markdown';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'markdown'];

const REFERENCE_RULE: SarifRule = {
  id: 'aviary/flag-reference',
  name: 'FlagReference',
  shortDescription: 'Feature flag evaluation',
  fullDescription: 'A place where a feature flag is evaluated.',
  level: 'note',
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function keepText(keep: KeepValue | null): string {
  if (!keep) return 'decide';
  return keep.variant !== null ? `${JSON.stringify(keep.value)} ("${keep.variant}")` : JSON.stringify(keep.value);
}

function fingerprint(parts: readonly (string | number | null)[]): string {
  // FNV-1a over the identity of a finding; stable across runs and machines.
  let hash = 0x811c9dc5;
  for (const char of parts.join('\u0000')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function findingsSarif(findings: readonly Finding[], version: string, extraRules: SarifRule[] = []): string {
  const rules = [...Object.values(RULES), ...extraRules];
  const results = findings.map((f) => ({
    ruleId: RULES[f.code].id,
    level: RULES[f.code].level,
    message: f.keep ? `${f.message}` : f.message,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    fingerprint: fingerprint([f.code, f.key, f.file, f.line]),
    properties: { flagKey: f.key, keep: f.keep },
  }));
  return JSON.stringify(toSarif(rules, results, version), null, 2);
}

function location(r: Pick<FlagReference, 'file' | 'line' | 'column'>): string {
  return `${r.file}:${r.line}:${r.column}`;
}

/** `aviary flags scan` output. */
export function formatScan(result: ScanResult, format: OutputFormat, version: string): string {
  const refs = result.references;
  const unresolved = refs.filter((r) => r.key === null);
  const keys = new Set(refs.flatMap((r) => (r.key === null ? [] : [r.key])));
  const files = new Set(refs.map((r) => r.file));
  const summary = `${plural(refs.length, 'reference')} to ${plural(keys.size, 'flag')} in ${plural(files.size, 'file')} (${result.filesScanned} scanned, ${result.filesParsed} parsed); ${plural(unresolved.length, 'unresolved key')}`;
  switch (format) {
    case 'json':
      return JSON.stringify(
        {
          summary: {
            references: refs.length,
            flags: keys.size,
            files: files.size,
            unresolved: unresolved.length,
            filesScanned: result.filesScanned,
            filesParsed: result.filesParsed,
          },
          references: refs,
          wrappers: result.wrappers,
          expiries: result.expiries,
          errors: result.errors,
        },
        null,
        2,
      );
    case 'sarif': {
      const results = refs.map((r) =>
        r.key === null
          ? { ...unresolvedAsResult(unresolvedFinding(r)) }
          : {
              ruleId: REFERENCE_RULE.id,
              level: 'note' as const,
              message: `${r.call} evaluates flag "${r.key}" (${r.valueKind}${r.defaultValue !== null ? `, default ${r.defaultValue}` : ''})`,
              file: r.file,
              line: r.line,
              column: r.column,
              endLine: r.endLine,
              endColumn: r.endColumn,
              fingerprint: fingerprint(['ref', r.key, r.file, r.line]),
              properties: { flagKey: r.key, sdk: r.sdk, valueKind: r.valueKind, isTest: r.isTest },
            },
      );
      return JSON.stringify(toSarif([REFERENCE_RULE, RULES['unresolved-key']], results, version), null, 2);
    }
    case 'markdown': {
      const lines = [
        `### Flag references`,
        '',
        summary,
        '',
        '| Flag | Location | Call | Kind | Default | Function |',
        '|---|---|---|---|---|---|',
      ];
      for (const r of refs) {
        const flag = r.key === null ? `⚠ \`${cell(r.keyText)}\` (unresolved)` : `\`${cell(r.key)}\``;
        lines.push(
          `| ${flag} | \`${cell(location(r))}\` | \`${cell(r.call)}\` | ${r.valueKind} | ${r.defaultValue === null ? '' : `\`${cell(r.defaultValue)}\``} | ${cell(r.enclosingFunction ?? '')} |`,
        );
      }
      return lines.join('\n');
    }
    default: {
      const lines = refs.map((r) => {
        const key = r.key === null ? `? ${r.keyText} (unresolved: ${r.unresolvedReason ?? 'dynamic'})` : r.key;
        const extra = [
          r.valueKind,
          r.defaultValue !== null ? `default ${r.defaultValue}` : '',
          r.enclosingFunction ? `in ${r.enclosingFunction}` : '',
          r.viaWrapper ? `via ${r.viaWrapper}` : '',
          r.isTest ? 'test' : '',
        ].filter(Boolean);
        return `${location(r)}  ${key}  ${r.call}  ${extra.join(', ')}`;
      });
      for (const e of result.errors) lines.push(`error: ${e.file}: ${e.message}`);
      lines.push(summary);
      return lines.join('\n');
    }
  }
}

function unresolvedAsResult(f: Finding) {
  return {
    ruleId: RULES['unresolved-key'].id,
    level: RULES['unresolved-key'].level,
    message: f.message,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    fingerprint: fingerprint(['unresolved', f.file, f.line, f.column]),
  };
}

function statusJson(flag: FlagStatus) {
  return {
    key: flag.key,
    stale: flag.stale,
    type: flag.type,
    reasons: flag.reasons,
    ...(flag.didYouMean ? { didYouMean: flag.didYouMean } : {}),
    definition: flag.definition
      ? {
          file: flag.definition.file,
          line: flag.definition.line,
          state: flag.definition.state,
          defaultVariant: flag.definition.defaultVariant,
          variants: flag.definition.variants,
        }
      : null,
    live: flag.live,
    references: flag.references.map((r) => ({
      file: r.file,
      line: r.line,
      column: r.column,
      call: r.call,
      isTest: r.isTest,
    })),
  };
}

/** `aviary flags stale` output. */
export function formatStale(
  report: StalenessReport,
  findings: readonly Finding[],
  format: OutputFormat,
  version: string,
  warnings: readonly string[],
): string {
  const stale = report.flags.filter((f) => f.stale);
  const headline = `${plural(stale.length, 'stale flag')} of ${report.flags.length} as of ${report.now.slice(0, 10)}`;
  switch (format) {
    case 'json':
      return JSON.stringify(
        {
          now: report.now,
          summary: { flags: report.flags.length, stale: stale.length, unresolved: report.unresolved.length },
          flags: report.flags.map(statusJson),
          unresolved: report.unresolved,
          warnings,
        },
        null,
        2,
      );
    case 'sarif':
      return findingsSarif(findings, version);
    case 'markdown': {
      const lines = [`### Aviary: ${headline}`, ''];
      for (const w of warnings) lines.push(`> ⚠ ${cell(w)}`, '');
      if (stale.length > 0) {
        lines.push('| Flag | Why | Keep | References |', '|---|---|---|---|');
        for (const flag of stale) {
          for (const reason of flag.reasons) {
            const refs = flag.references.slice(0, 3).map((r) => `\`${cell(location(r))}\``);
            if (flag.references.length > 3) refs.push(`+${flag.references.length - 3} more`);
            lines.push(
              `| \`${cell(flag.key)}\` | **${reason.code}**: ${cell(reason.message)} | ${cell(keepText(reason.keep))} | ${refs.join('<br>')} |`,
            );
          }
        }
      }
      if (report.unresolved.length > 0) {
        lines.push(
          '',
          `<details><summary>${plural(report.unresolved.length, 'evaluation')} with a key that cannot be resolved statically</summary>`,
          '',
        );
        for (const r of report.unresolved)
          lines.push(`- \`${cell(location(r))}\` \`${cell(r.keyText)}\`: ${cell(r.unresolvedReason ?? '')}`);
        lines.push('', '</details>');
      }
      return lines.join('\n');
    }
    default: {
      const lines = [headline];
      for (const w of warnings) lines.push(`warning: ${w}`);
      for (const flag of stale) {
        lines.push('', `${flag.key}  (${flag.type}, ${plural(flag.references.length, 'reference')})`);
        for (const reason of flag.reasons) lines.push(`  ${reason.code}: ${reason.message}`);
        for (const r of flag.references.slice(0, 5)) lines.push(`    at ${location(r)}  ${r.call}`);
        if (flag.references.length > 5) lines.push(`    … ${flag.references.length - 5} more`);
      }
      if (report.unresolved.length > 0) {
        lines.push('', `${plural(report.unresolved.length, 'evaluation')} with an unresolved key:`);
        for (const r of report.unresolved)
          lines.push(`  ${location(r)}  ${r.keyText}  (${r.unresolvedReason ?? 'dynamic'})`);
      }
      return lines.join('\n');
    }
  }
}

/** The result of `aviary flags check --diff`. */
export interface CheckResult {
  baseRef: string;
  base: string;
  /** Added references to stale or undefined flags: these fail the check. */
  findings: Finding[];
  /** Added references whose key cannot be resolved (reported, not failing). */
  unresolved: Finding[];
  addedReferences: number;
}

/** `aviary flags check --diff` output. */
export function formatCheck(
  result: CheckResult,
  format: OutputFormat,
  version: string,
  warnings: readonly string[],
): string {
  const failed = result.findings.length > 0;
  const headline = failed
    ? `The change adds ${plural(result.findings.length, 'reference')} to stale or undefined flags (vs ${result.baseRef})`
    : `No added reference to a stale or undefined flag (${plural(result.addedReferences, 'added reference')} vs ${result.baseRef})`;
  switch (format) {
    case 'json':
      return JSON.stringify({ ...result, passed: !failed, warnings }, null, 2);
    case 'sarif':
      return findingsSarif([...result.findings, ...result.unresolved], version);
    case 'markdown': {
      const lines = [`### ${failed ? '❌' : '✅'} ${headline}`, ''];
      for (const w of warnings) lines.push(`> ⚠ ${cell(w)}`, '');
      if (failed) {
        lines.push('| Location | Flag | Why | Keep |', '|---|---|---|---|');
        for (const f of result.findings) {
          lines.push(
            `| \`${cell(`${f.file}:${f.line}`)}\` | \`${cell(f.key ?? '')}\` | **${f.code}**: ${cell(f.message)} | ${cell(keepText(f.keep))} |`,
          );
        }
      }
      for (const f of result.unresolved) lines.push(`- note: \`${cell(`${f.file}:${f.line}`)}\` ${cell(f.message)}`);
      return lines.join('\n');
    }
    default: {
      const lines = [headline];
      for (const w of warnings) lines.push(`warning: ${w}`);
      for (const f of result.findings) lines.push(`  ${f.file}:${f.line}:${f.column}  ${f.code}: ${f.message}`);
      for (const f of result.unresolved) lines.push(`  note: ${f.file}:${f.line}:${f.column}  ${f.message}`);
      return lines.join('\n');
    }
  }
}
