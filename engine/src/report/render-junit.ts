import type { MetricResult, VerdictResult } from '../analysis/verdict-types';
import { formatCi, formatEffect, formatPValue, outcome } from './format-values';
import { escapeXml } from './render-metric-chart';

type CaseOutcome = 'passed' | 'failure' | 'error' | 'skipped';

/** harmful gating or mustHaveData without data -> failure; error -> error; nodata and undecided gating -> skipped. */
function caseOutcome(m: MetricResult): CaseOutcome {
  if (m.mustHaveData && (m.classification === 'nodata' || m.classification === 'error')) return 'failure';
  if (m.classification === 'error') return 'error';
  if (m.classification === 'nodata') return 'skipped';
  if (!m.gating) return 'passed';
  if (m.harm === 'harmful') return 'failure';
  return m.harm === 'safe' ? 'passed' : 'skipped';
}

/**
 * JUnit XML: one test suite for the analysis, one test case per metric, so CI
 * systems list each metric. Properties carry the verdict, score and input digest.
 * Times are 0: the report is deterministic.
 */
export function renderJunit(result: VerdictResult): string {
  const outcomes = result.metrics.map(caseOutcome);
  const count = (o: CaseOutcome) => outcomes.filter((x) => x === o).length;
  const totals = `tests="${result.metrics.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}"`;
  const suite = escapeXml(`aviary canary: ${result.name}`);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="aviary" ${totals} time="0">`,
    `  <testsuite name="${suite}" ${totals} time="0">`,
    '    <properties>',
    `      <property name="verdict" value="${result.verdict}"/>`,
    `      <property name="reason" value="${escapeXml(result.reason)}"/>`,
    `      <property name="score" value="${result.score}"/>`,
    `      <property name="inputDigest" value="${result.inputDigest}"/>`,
    '    </properties>',
  ];
  result.metrics.forEach((m, i) => {
    const o = outcomes[i];
    const detail = escapeXml(
      `${outcome(m)}; effect ${formatEffect(m)}; CI ${formatCi(m)}; p ${formatPValue(m.pValue)} (adjusted ${formatPValue(m.adjustedPValue)}); n ${m.n.baseline}/${m.n.canary}; test ${m.test}`,
    );
    const message = escapeXml(m.reason);
    const open = `    <testcase name="${escapeXml(m.name)}" classname="aviary.${escapeXml(result.name)}" time="0"`;
    if (o === 'passed') {
      lines.push(`${open}>`, `      <system-out>${detail}; ${message}</system-out>`, '    </testcase>');
    } else if (o === 'skipped') {
      lines.push(
        `${open}>`,
        `      <skipped message="${message}"/>`,
        `      <system-out>${detail}</system-out>`,
        '    </testcase>',
      );
    } else {
      const type = o === 'error' ? 'error' : m.classification;
      lines.push(`${open}>`, `      <${o} message="${message}" type="${type}">${detail}</${o}>`, '    </testcase>');
    }
  });
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
