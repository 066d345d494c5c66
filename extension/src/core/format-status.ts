import type { DefinitionInfo, FlagSummary, TelemetryInfo, Verdict } from './flag-summary';

const VERDICT_MARK: Record<Verdict, string> = { go: '✓ go', 'no-go': '✗ no-go', inconclusive: '? inconclusive' };

/** `1234` -> `1.2k`, `1500000` -> `1.5M`. */
export function compactCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${trimZero((n / 1000).toFixed(1))}k`;
  return `${trimZero((n / 1_000_000).toFixed(1))}M`;
}

function trimZero(text: string): string {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

function showValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/** The served state in a few words: `off`, `on: true`, `on: 90% on / 10% off`. */
export function stateText(definition: DefinitionInfo): string {
  if (definition.state === 'DISABLED') return 'off';
  if (definition.rollout && definition.rollout.length > 0) {
    return `on: ${definition.rollout.map((r) => `${trimZero(r.percent.toFixed(1))}% ${r.variant}`).join(' / ')}`;
  }
  if (definition.targeting) return `on: targeted, default ${definition.defaultVariant ?? '?'}`;
  const variant = definition.defaultVariant;
  if (variant === null) return 'on';
  return `on: ${variant in definition.variants ? showValue(definition.variants[variant]) : variant}`;
}

/** `1.2k evals/24h (on 1.1k, off 100)`. */
export function telemetryText(telemetry: TelemetryInfo): string {
  const parts = Object.entries(telemetry.byVariant)
    .sort((a, b) => b[1] - a[1])
    .map(([variant, count]) => `${variant} ${compactCount(count)}`);
  const split = parts.length > 1 ? ` (${parts.join(', ')})` : '';
  return `${compactCount(telemetry.total)} evals/24h${split}`;
}

/** The one-line status shown next to each reference (decoration or CodeLens). */
export function inlineStatus(summary: FlagSummary): string {
  const parts: string[] = [];
  if (summary.definition)
    parts.push(`${summary.definition.state === 'DISABLED' ? '○' : '●'} ${stateText(summary.definition)}`);
  else if (summary.category === 'unknown') {
    parts.push(summary.suggestion ? `? not defined (did you mean '${summary.suggestion}'?)` : '? not defined');
  }
  if (summary.telemetry) parts.push(telemetryText(summary.telemetry));
  if (summary.verdict) parts.push(VERDICT_MARK[summary.verdict.verdict]);
  if (summary.stale) parts.push(summary.stale.keepValue ? `⚠ stale: keep ${summary.stale.keepValue}` : '⚠ stale');
  else if (summary.category === 'unused-definition') parts.push('unused');
  return `⚑ ${summary.key}: ${parts.join(' · ')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Escapes text for Markdown (hover content is Markdown; keys and reasons come from files). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

/** The hover card: definition, targeting, variants, telemetry, verdict, staleness, references and age. */
export function hoverMarkdown(summary: FlagSummary): string {
  const lines: string[] = [];
  const badge = summary.stale ? ' — **stale**' : summary.category === 'unknown' ? ' — **not defined**' : '';
  lines.push(`**Flag \`${summary.key}\`**${badge}`, '');
  const d = summary.definition;
  if (d) {
    lines.push(`**State:** ${d.state === 'DISABLED' ? 'disabled (off)' : escapeMarkdown(stateText(d))}`);
    lines.push(`**Type:** ${escapeMarkdown(summary.type)}`);
    lines.push(
      `**Targeting:** ${d.targeting ? escapeMarkdown(d.targeting) : 'none (everyone gets the default variant)'}`,
    );
    const variants = Object.entries(d.variants).map(([name, value]) => {
      const marks = [name === d.defaultVariant ? 'default' : null].filter(Boolean);
      return `\`${name}\` = \`${JSON.stringify(value)}\`${marks.length ? ` (${marks.join(', ')})` : ''}`;
    });
    if (variants.length) lines.push(`**Variants:** ${variants.join(', ')}`);
    lines.push(`**Defined in:** ${escapeMarkdown(d.file)}:${d.line}`);
  } else if (summary.category === 'unknown') {
    lines.push(
      summary.suggestion
        ? `Not found in any flag definition file. Did you mean \`${summary.suggestion}\`?`
        : 'Not found in any flag definition file.',
    );
  }
  lines.push('');
  if (summary.telemetry) {
    const t = summary.telemetry;
    const byVariant = Object.entries(t.byVariant)
      .sort((a, b) => b[1] - a[1])
      .map(([v, n]) => `\`${v}\` ${n.toLocaleString('en-US')}`)
      .join(', ');
    lines.push(`**Evaluations (24 h):** ${t.total.toLocaleString('en-US')}${byVariant ? ` — ${byVariant}` : ''}`);
    if (t.lastSeen) lines.push(`**Last seen:** ${escapeMarkdown(t.lastSeen)}`);
  }
  if (summary.verdict) {
    lines.push(`**Verdict:** ${VERDICT_MARK[summary.verdict.verdict]} — ${escapeMarkdown(summary.verdict.reason)}`);
  }
  if (summary.stale) {
    const keep = summary.stale.keepValue
      ? ` Keep \`${summary.stale.keepValue}\` and remove the flag.`
      : ' The value to keep is not decided by the evidence.';
    lines.push(`**Stale:** ${escapeMarkdown(summary.stale.reason)}.${keep}`);
  }
  const files = new Set(summary.references.map((r) => r.file)).size;
  lines.push(`**References:** ${plural(summary.references.length, 'reference')} in ${plural(files, 'file')}`);
  if (summary.ageDays !== null) lines.push(`**Age:** ${plural(summary.ageDays, 'day')}`);
  return lines.join('  \n').replace(/ {2}\n {2}\n/g, '\n\n');
}
