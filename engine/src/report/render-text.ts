import type { VerdictResult } from '../analysis/verdict-types';
import { formatCi, formatEffect, formatPValue, outcome, VERDICT_LABEL } from './format-values';

function pad(cells: string[][]): string[] {
  const widths = cells[0]?.map((_, c) => Math.max(...cells.map((row) => (row[c] ?? '').length))) ?? [];
  return cells.map((row) =>
    row
      .map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

const HEALTH_MARK = { pass: 'ok  ', fail: 'FAIL', skipped: 'skip' } as const;

/** A plain-text report for terminals and logs: verdict line, reason, metric table with reasons, health, what is missing. */
export function renderText(result: VerdictResult): string {
  const lines: string[] = [];
  lines.push(
    `${VERDICT_LABEL[result.verdict]}  ${result.name}  score ${result.score} (${result.scoreDetail.classification})`,
  );
  lines.push(result.reason, '');
  const rows = [['metric', 'result', 'effect', 'CI', 'p', 'p adj.', 'n (b/c)', 'test']];
  for (const m of result.metrics) {
    rows.push([
      `${m.name}${m.critical ? ' [critical]' : ''}${m.gating ? '' : ' [info]'}`,
      outcome(m),
      formatEffect(m),
      formatCi(m),
      formatPValue(m.pValue),
      formatPValue(m.adjustedPValue),
      `${m.n.baseline}/${m.n.canary}`,
      m.test,
    ]);
  }
  lines.push(...pad(rows), '');
  for (const m of result.metrics) lines.push(`  ${m.name}: ${m.reason}`);
  lines.push('', 'health:');
  for (const h of result.health) lines.push(`  ${HEALTH_MARK[h.status]} ${h.name}: ${h.message}`);
  if (result.missing.length > 0 && result.verdict === 'inconclusive') {
    lines.push('', 'missing:');
    for (const m of result.missing) lines.push(`  - ${m.metric}: ${m.reason}`);
  }
  lines.push('', `score: ${result.scoreDetail.reason}`, `input digest: sha256:${result.inputDigest}`);
  return `${lines.join('\n')}\n`;
}
