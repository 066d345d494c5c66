import type { MetricResult, VerdictResult } from '../analysis/verdict-types';
import {
  formatCi,
  formatEffect,
  formatLevel,
  formatMargin,
  formatNumber,
  formatPValue,
  outcome,
  slug,
  VERDICT_LABEL,
} from './format-values';
import { renderMetricChart } from './render-metric-chart';

/**
 * How charts are attached:
 * - `files`: one SVG per metric written next to the report (`chartDir`), linked by relative path. Renders in
 *   repository files, PR diffs of committed reports, artifacts opened locally and VS Code's preview.
 * - `inline`: `<img src="data:image/svg+xml;base64,...">`, self-contained for local viewers. GitHub's HTML
 *   sanitizer drops `data:` image sources in comments and step summaries, so not for GitHub.
 * - `none`: no images. Every mode also has a text sparkline per metric in the table, which renders
 *   everywhere (step summaries and PR comments included), so the default for stdout is `none`.
 */
export type ChartMode = 'files' | 'inline' | 'none';

export interface MarkdownOptions {
  charts?: ChartMode;
  /** For `files`: the directory of the SVGs relative to the Markdown file (default `charts`). */
  chartDir?: string;
}

export interface RenderedReport {
  /** The report text (Markdown, or the other formats through `renderReport`). */
  text: string;
  /** Files to write next to the report (relative path -> SVG text), for `files` mode. */
  files: { path: string; content: string }[];
}

const ICON = { go: '✅', 'no-go': '❌', inconclusive: '⚠️' } as const;
const BLOCKS = ' ▁▂▃▄▅▆▇█';

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Eight-level block characters for shares (the tallest bin is full, empty bins are blank, others at least ▁). */
function sparkline(shares: readonly number[]): string {
  const top = Math.max(...shares, 0);
  return shares.map((s) => BLOCKS[top > 0 && s > 0 ? Math.max(1, Math.round((s / top) * 8)) : 0] ?? ' ').join('');
}

/** A text picture of both cohorts that renders anywhere: shared-bin sparklines, or rates. */
export function textDistribution(metric: MetricResult): string {
  const d = metric.distribution;
  if (d.kind === 'histogram') return `b \`${sparkline(d.baseline)}\`<br>c \`${sparkline(d.canary)}\``;
  if (d.kind === 'rate') {
    const rate = (c: { events: number; trials: number }) =>
      c.trials > 0 ? formatNumber((100 * c.events) / c.trials) : '–';
    return `b ${rate(d.baseline)}%<br>c ${rate(d.canary)}%`;
  }
  return '–';
}

/**
 * A Markdown report for a GitHub step summary or PR comment: verdict line, reason, per-metric table (with a
 * text sparkline), health checks, what is missing, and one SVG chart per metric (see `ChartMode`).
 */
export function renderMarkdown(result: VerdictResult, options: MarkdownOptions = {}): RenderedReport {
  const mode = options.charts ?? 'none';
  const chartDir = options.chartDir ?? 'charts';
  const files: RenderedReport['files'] = [];
  const out: string[] = [];
  out.push(`## ${ICON[result.verdict]} ${VERDICT_LABEL[result.verdict]}: ${cell(result.name)}`, '');
  out.push(`**${cell(result.reason)}**`, '');
  out.push(
    `Score **${result.score}** / 100 (${result.scoreDetail.classification}; pass ≥ ${result.scoreDetail.thresholds.pass}, marginal ≥ ${result.scoreDetail.thresholds.marginal}) · alpha ${result.settings.alpha}${result.settings.sequential ? ' (sequential)' : ''} · input \`sha256:${result.inputDigest.slice(0, 12)}\``,
    '',
  );
  out.push('| Metric | Result | Effect | CI | p (adj.) | n baseline / canary | Margin | Distribution | Reason |');
  out.push('|---|---|---|---|---|---|---|---|---|');
  for (const m of result.metrics) {
    const flags = [m.critical ? 'critical' : '', m.gating ? '' : 'informational'].filter(Boolean).join(', ');
    const level = m.ci ? ` ${formatLevel(m.ci.level)}` : '';
    out.push(
      `| ${cell(m.name)}${flags ? ` <sub>${flags}</sub>` : ''} | ${cell(outcome(m))} | ${cell(formatEffect(m))} | ${cell(formatCi(m))}${level} | ${formatPValue(m.pValue)} (${formatPValue(m.adjustedPValue)}) | ${m.n.baseline} / ${m.n.canary} | ${cell(formatMargin(m))} | ${textDistribution(m)} | ${cell(m.reason)} |`,
    );
  }
  out.push('', '<details><summary>Health checks</summary>', '');
  for (const h of result.health)
    out.push(`- ${h.status === 'pass' ? '✅' : h.status === 'fail' ? '❌' : '➖'} **${h.name}**: ${cell(h.message)}`);
  out.push('', '</details>', '');
  if (result.verdict === 'inconclusive' && result.missing.length > 0) {
    out.push('### What would decide it', '');
    for (const m of result.missing) out.push(`- **${cell(m.metric)}**: ${cell(m.reason)}`);
    out.push('');
  }
  if (mode !== 'none') {
    const charts: string[] = [];
    for (const m of result.metrics) {
      const svg = renderMetricChart(m);
      if (!svg) continue;
      const alt = `${m.name}: baseline vs canary`;
      if (mode === 'inline') {
        charts.push(
          `<img alt="${alt.replace(/"/g, '&quot;')}" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`,
        );
      } else {
        const path = `${chartDir}/${slug(m.name)}.svg`;
        files.push({ path, content: svg });
        charts.push(`![${alt.replace(/[[\]]/g, '')}](${encodeURI(path)})`);
      }
    }
    if (charts.length > 0) out.push('### Baseline vs canary', '', ...charts.flatMap((c) => [c, '']));
  }
  return { text: `${out.join('\n').trimEnd()}\n`, files };
}
