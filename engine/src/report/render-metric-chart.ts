import type { MetricResult } from '../analysis/verdict-types';
import { formatNumber, outcome } from './format-values';

const WIDTH = 560;
const HEIGHT = 210;
const PAD = { left: 60, right: 16, top: 44, bottom: 40 };
const COLORS = { baseline: '#4c78a8', canary: '#f58518', axis: '#6b7280', text: '#111827' };
const OUTCOME_COLOR = { harmful: '#b91c1c', safe: '#15803d', undecided: '#6b7280' } as const;

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

const f = (v: number) => (Math.round(v * 10) / 10).toString();

function frame(metric: MetricResult, body: string[], description: string): string {
  const color =
    metric.classification === 'error' || metric.classification === 'nodata'
      ? OUTCOME_COLOR.undecided
      : OUTCOME_COLOR[metric.harm];
  const title = `${metric.name}: baseline vs canary`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="t d" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="11">`,
    `<title id="t">${escapeXml(title)}</title>`,
    `<desc id="d">${escapeXml(description)}</desc>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="16" font-size="13" font-weight="600" fill="${COLORS.text}">${escapeXml(title)}</text>`,
    `<text x="${WIDTH - PAD.right}" y="16" text-anchor="end" font-weight="600" fill="${color}">${escapeXml(outcome(metric))}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

function legend(y: number): string[] {
  const x = PAD.left;
  return [
    `<rect x="${x}" y="${y - 8}" width="10" height="10" fill="${COLORS.baseline}" fill-opacity="0.5"/>`,
    `<text x="${x + 14}" y="${y + 1}" fill="${COLORS.text}">baseline</text>`,
    `<rect x="${x + 76}" y="${y - 8}" width="10" height="10" fill="${COLORS.canary}" fill-opacity="0.5" stroke="${COLORS.canary}"/>`,
    `<text x="${x + 90}" y="${y + 1}" fill="${COLORS.text}">canary</text>`,
  ];
}

function histogramChart(
  metric: MetricResult,
  edges: number[],
  baseline: number[],
  canary: number[],
  medians: [number?, number?],
): string {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const bins = baseline.length;
  const top = Math.max(...baseline, ...canary, 1e-12) * 1.1;
  const lo = edges[0] ?? 0;
  const hi = edges[edges.length - 1] ?? 1;
  // latency buckets have uneven widths: draw each bucket at equal width and label its bounds
  const even = metric.kind !== 'latency';
  const xOfBin = (i: number) => PAD.left + (plotW * i) / bins;
  const xOfValue = (v: number) => PAD.left + (plotW * (v - lo)) / (hi - lo || 1);
  const y = (share: number) => PAD.top + plotH - (plotH * share) / top;
  const body: string[] = [...legend(PAD.top - 14)];
  const barW = plotW / bins;
  baseline.forEach((share, i) => {
    body.push(
      `<rect x="${f(xOfBin(i) + 0.5)}" y="${f(y(share))}" width="${f(Math.max(barW - 1, 0.5))}" height="${f(PAD.top + plotH - y(share))}" fill="${COLORS.baseline}" fill-opacity="0.45"/>`,
    );
  });
  const step: string[] = [`M${f(PAD.left)},${f(y(0))}`];
  canary.forEach((share, i) => {
    step.push(`L${f(xOfBin(i))},${f(y(share))}`, `L${f(xOfBin(i + 1))},${f(y(share))}`);
  });
  step.push(`L${f(PAD.left + plotW)},${f(y(0))}`);
  body.push(
    `<path d="${step.join(' ')}" fill="${COLORS.canary}" fill-opacity="0.18" stroke="${COLORS.canary}" stroke-width="1.5"/>`,
  );
  if (even) {
    medians.forEach((m, i) => {
      if (m === undefined || m < lo || m > hi) return;
      const color = i === 0 ? COLORS.baseline : COLORS.canary;
      body.push(
        `<line x1="${f(xOfValue(m))}" x2="${f(xOfValue(m))}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="${color}" stroke-dasharray="4 3" stroke-width="1.2"/>`,
      );
    });
  }
  body.push(
    `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}" stroke="${COLORS.axis}"/>`,
    `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="${COLORS.axis}"/>`,
    `<text x="${PAD.left - 4}" y="${PAD.top + 4}" text-anchor="end" fill="${COLORS.axis}">${formatNumber(top * 100)}%</text>`,
    `<text x="${PAD.left - 4}" y="${PAD.top + plotH}" text-anchor="end" fill="${COLORS.axis}">0</text>`,
  );
  const ticks = even ? [0, Math.floor(bins / 2), bins] : Array.from({ length: bins + 1 }, (_, i) => i);
  const every = Math.max(1, Math.ceil(ticks.length / 8));
  ticks.forEach((bin, k) => {
    if (k % every !== 0 && k !== ticks.length - 1) return;
    const value = even ? lo + ((hi - lo) * bin) / bins : (edges[bin] ?? 0);
    body.push(
      `<text x="${f(xOfBin(bin))}" y="${PAD.top + plotH + 14}" text-anchor="middle" fill="${COLORS.axis}">${escapeXml(formatNumber(value))}</text>`,
    );
  });
  body.push(
    `<text x="${PAD.left + plotW / 2}" y="${HEIGHT - 6}" text-anchor="middle" fill="${COLORS.axis}">${escapeXml(
      even ? 'value (dashed: medians)' : 'histogram bucket bounds',
    )}</text>`,
  );
  const description = `Share of samples per bin for baseline (bars) and canary (outline) of ${metric.name}.`;
  return frame(metric, body, description);
}

function rateChart(
  metric: MetricResult,
  baseline: { events: number; trials: number },
  canary: { events: number; trials: number },
): string {
  const plotW = WIDTH - PAD.left - PAD.right - 190;
  const rates = [baseline, canary].map((c) => (c.trials > 0 ? c.events / c.trials : 0));
  const tolerated =
    metric.margin.relative !== undefined || metric.margin.absolute !== undefined
      ? (rates[0] ?? 0) + Math.max((rates[0] ?? 0) * (metric.margin.relative ?? 0), metric.margin.absolute ?? 0)
      : null;
  const max = Math.max(...rates, tolerated ?? 0, 1e-12) * 1.15;
  const x0 = PAD.left + 10;
  const body: string[] = [...legend(PAD.top - 14)];
  [
    ['baseline', baseline, rates[0] ?? 0, COLORS.baseline],
    ['canary', canary, rates[1] ?? 0, COLORS.canary],
  ].forEach(([label, counts, rate, color], i) => {
    const y = PAD.top + 14 + i * 50;
    const c = counts as { events: number; trials: number };
    const w = (plotW * (rate as number)) / max;
    body.push(
      `<text x="${x0 - 6}" y="${y + 19}" text-anchor="end" fill="${COLORS.text}">${label}</text>`,
      `<rect x="${x0}" y="${y}" width="${f(Math.max(w, 1))}" height="28" fill="${color}" fill-opacity="0.6"/>`,
      `<text x="${f(x0 + Math.max(w, 1) + 6)}" y="${y + 19}" fill="${COLORS.text}">${formatNumber((rate as number) * 100)}% (${c.events} / ${c.trials})</text>`,
    );
  });
  if (tolerated !== null) {
    const x = x0 + (plotW * tolerated) / max;
    body.push(
      `<line x1="${f(x)}" x2="${f(x)}" y1="${PAD.top + 6}" y2="${PAD.top + 106}" stroke="${COLORS.axis}" stroke-dasharray="4 3"/>`,
      `<text x="${f(x)}" y="${PAD.top + 120}" text-anchor="middle" fill="${COLORS.axis}">tolerated ${formatNumber(tolerated * 100)}%</text>`,
    );
  }
  const description = `Event rate of baseline and canary for ${metric.name}, with the tolerated rate under the margin.`;
  return frame(metric, body, description);
}

/** One SVG chart comparing the cohorts' distributions of a metric, or null when there is nothing to draw. */
export function renderMetricChart(metric: MetricResult): string | null {
  const d = metric.distribution;
  if (d.kind === 'rate') return rateChart(metric, d.baseline, d.canary);
  if (d.kind === 'histogram' && d.baseline.length > 0) {
    return histogramChart(metric, d.edges, d.baseline, d.canary, [d.quantiles.baseline[2], d.quantiles.canary[2]]);
  }
  return null;
}
