import { describe, expect, it } from 'vitest';
import { analyzeSamples, type VerdictResult } from '../../src/analysis/index';
import { canaryConfigSchema } from '../../src/config/index';
import { renderJunit, renderMarkdown, renderMetricChart, renderReport, renderText } from '../../src/report/index';
import { scriptedJudge } from '../analysis/scripted-judge';

const series = (n: number, base: number) => Array.from({ length: n }, (_, i) => base + (i % 9) * 0.7);

function verdict(scripts: Parameters<typeof scriptedJudge>[0]): VerdictResult {
  const config = canaryConfigSchema.parse({
    name: 'checkout <eu|west>',
    minSamples: 5,
    metrics: [
      { name: 'latency|p50', kind: 'continuous', direction: 'increase', margin: { relative: 0.05 }, critical: true },
      { name: 'errors', kind: 'rate', direction: 'increase', margin: { relative: 0.2 }, mustHaveData: true },
      { name: 'p99', kind: 'latency' },
      { name: 'cpu', kind: 'continuous', gating: false },
    ],
  });
  const { judge } = scriptedJudge(scripts);
  return analyzeSamples(
    config,
    {
      'latency|p50': { kind: 'continuous', baseline: series(40, 100), canary: series(40, 104) },
      errors: {
        kind: 'rate',
        baseline: { events: [50], trials: [10_000] },
        canary: { events: [90], trials: [10_000] },
      },
      p99: { kind: 'error', message: 'store: database is locked' },
      cpu: { kind: 'continuous', baseline: series(40, 1), canary: series(40, 1) },
    },
    { judge },
  );
}

/** Tag balance and attribute quoting: enough to catch broken SVG/XML without an XML dependency. */
function expectWellFormed(xml: string): void {
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  for (const match of body.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = match;
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name as string);
  }
  expect(stack).toEqual([]);
  // every '<' starts a tag we recognised (no raw '<' in text or attributes)
  expect(body.replace(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g, '')).not.toContain('<');
}

describe('reports', () => {
  const noGo = verdict({ 'latency|p50': { p: 0.001 } });

  it('text: verdict line, reason, one row per metric, health and digest', () => {
    const text = renderText(noGo);
    const lines = text.split('\n');
    expect(lines[0]).toBe(`NO-GO  checkout <eu|west>  score 0 (fail)`);
    expect(lines[1]).toBe('critical latency|p50 is harmful beyond its margin: latency|p50 got worse');
    expect(text).toMatch(/latency\|p50 \[critical\]\s+high \(harmful\)\s+\+4 \(\+3\.898%\)/);
    expect(text).toContain('cpu [info]');
    expect(text).toContain('FAIL data: 1 metric without usable data: p99 (error: store: database is locked)');
    expect(text).toContain(`input digest: sha256:${noGo.inputDigest}`);
  });

  it('json: the result itself, stable bytes', () => {
    const { text } = renderReport(noGo, 'json');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(noGo)));
    expect(renderReport(verdict({ 'latency|p50': { p: 0.001 } }), 'json').text).toBe(text);
  });

  it('markdown: verdict line, escaped table, health, sparklines; no images by default', () => {
    const { text, files } = renderMarkdown(noGo);
    expect(files).toEqual([]);
    expect(text.split('\n')[0]).toBe('## ❌ NO-GO: checkout <eu\\|west>');
    const rows = text.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Metric'));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^\| latency\\\|p50 <sub>critical<\/sub> \| high \(harmful\) \| \+4 \(\+3\.898%\) \|/);
    expect(rows[0]).toMatch(/b `[ ▁▂▃▄▅▆▇█]{24}`<br>c `[ ▁▂▃▄▅▆▇█]{24}`/);
    expect(rows[1]).toContain('b 0.5%<br>c 0.9%');
    expect(text).toContain('❌ **data**');
    expect(text).not.toContain('<img');
    expect(text).not.toContain('![');
  });

  it('markdown files mode: one SVG per metric with a chart, linked by relative path', () => {
    const { text, files } = renderMarkdown(noGo, { charts: 'files', chartDir: 'verdict-charts' });
    expect(files.map((f) => f.path)).toEqual([
      'verdict-charts/latency-p50.svg',
      'verdict-charts/errors.svg',
      'verdict-charts/cpu.svg',
    ]);
    expect(text).toContain('![latency|p50: baseline vs canary](verdict-charts/latency-p50.svg)');
    for (const file of files) {
      expect(file.content.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expectWellFormed(file.content);
    }
  });

  it('markdown inline mode: data URIs holding the same SVG', () => {
    const { text, files } = renderMarkdown(noGo, { charts: 'inline' });
    expect(files).toEqual([]);
    const uris = [...text.matchAll(/src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)"/g)];
    expect(uris).toHaveLength(3);
    const first = Buffer.from(uris[0]?.[1] ?? '', 'base64').toString('utf8');
    expect(first).toBe(renderMetricChart(noGo.metrics[0] as VerdictResult['metrics'][number]));
  });

  it('charts: histogram bars for both cohorts, rate bars with the tolerated rate, nothing without data', () => {
    const [latency, errors, p99] = noGo.metrics;
    const histogram = renderMetricChart(latency as VerdictResult['metrics'][number]) ?? '';
    expect(histogram).toContain('<title id="t">latency|p50: baseline vs canary</title>');
    expect(histogram.match(/fill="#4c78a8" fill-opacity="0.45"/g)).toHaveLength(24);
    expect(histogram).toMatch(/<path d="M[^"]+" fill="#f58518"/);
    expect(histogram).toContain('high (harmful)');
    const rate = renderMetricChart(errors as VerdictResult['metrics'][number]) ?? '';
    expect(rate).toContain('0.5% (50 / 10000)');
    expect(rate).toContain('0.9% (90 / 10000)');
    expect(rate).toContain('tolerated 0.6%');
    expect(renderMetricChart(p99 as VerdictResult['metrics'][number])).toBeNull();
  });

  it('junit: one testcase per metric with failure, error, skipped and pass', () => {
    const xml = renderJunit(noGo);
    expectWellFormed(xml);
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain('tests="4" failures="1" errors="1" skipped="0"');
    expect(xml).toContain('<testcase name="latency|p50" classname="aviary.checkout &lt;eu|west&gt;" time="0">');
    expect(xml).toMatch(/<failure message="latency\|p50 got worse" type="high">/);
    expect(xml).toMatch(/<testcase name="p99"[^>]*>\n\s+<error message="store: database is locked" type="error">/);
    expect(xml).toContain('<property name="verdict" value="no-go"/>');
    const inconclusive = renderJunit(verdict({ errors: { p: 0.3 } }));
    expect(inconclusive).toMatch(/<testcase name="errors"[^>]*>\n\s+<skipped message="errors looks fine"\/>/);
  });

  it('markdown lists what would decide an inconclusive verdict', () => {
    const { text } = renderMarkdown(verdict({ errors: { p: 0.3, mde: 0.002, samplesNeeded: 4000 } }));
    expect(text).toContain('## ⚠️ INCONCLUSIVE');
    expect(text).toContain('### What would decide it');
    expect(text).toContain(
      '- **errors**: minimum detectable effect now 0.002 at n = 100/100; about 4000 samples per cohort would decide',
    );
  });
});
