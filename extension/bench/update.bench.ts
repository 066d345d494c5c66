/**
 * Per-document update time of the extension: what runs after a (debounced) edit of one document. The library's
 * incremental analysis of the edited document, then the staleness report and the summaries every provider reads.
 * Baseline, measured in the same run on the same text: a plain TypeScript parse of the document
 * (`ts.createSourceFile`), the least any syntax-based analysis must pay.
 *
 * Run: `npm run bench -w extension`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseSource } from '@aviary/engine/code';
import { FolderModel } from '../src/core/folder-model';
import { inlineStatus } from '../src/core/format-status';
import { DEFAULT_SETTINGS } from '../src/core/settings';
import { inProcessScanner } from '../src/scan/flag-scanner';
import { median } from './median';

const LINES = 1000;
const FLAGS = 40;
const ROUNDS = 200;

/** A realistic 1,000-line service module: functions, types, and about one flag evaluation every 25 lines. */
function document(variant: number): string {
  const out = [
    "import { OpenFeature } from '@openfeature/server-sdk';",
    "import type { Request } from './request';",
    '',
    'const client = OpenFeature.getClient();',
    '',
  ];
  let i = 0;
  while (out.length < LINES) {
    const key = `flag-${i % FLAGS}`;
    out.push(
      `export async function handler${i}(request: Request, items: number[]): Promise<number> {`,
      `  const enabled = await client.getBooleanValue('${key}', false);`,
      '  let total = 0;',
      '  for (const item of items) {',
      `    total += item * ${(i % 7) + 1};`,
      '  }',
      '  if (enabled) {',
      `    total = Math.round(total * 0.9${i % 10});`,
      '  }',
      `  const label = request.headers['x-label'] ?? 'v${variant}-${i}';`,
      '  console.log(label, total);',
      '  return total;',
      '}',
      '',
      `interface Shape${i} { id: string; size: number; tags: string[] }`,
      `export const shape${i}: Shape${i} = { id: 'id-${i}', size: ${i}, tags: ['a', 'b'] };`,
      '',
    );
    i += 1;
  }
  return out.slice(0, LINES).join('\n');
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'aviary-ext-bench-'));
  try {
    const path = join(root, 'src', 'service.ts');
    const flags: Record<string, unknown> = {};
    for (let f = 0; f < FLAGS; f += 1) {
      flags[`flag-${f}`] = {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: f % 2 ? 'on' : 'off',
      };
    }
    writeFileSync(join(root, 'flags.flagd.json'), JSON.stringify({ flags }));
    mkdirSync(join(root, 'src'));
    writeFileSync(path, document(0));
    const silent = { info: () => {}, warn: () => {}, error: () => {} };
    const model = new FolderModel(root, DEFAULT_SETTINGS, silent, inProcessScanner);
    await model.load([join(root, 'flags.flagd.json')]);

    // Alternate two texts so that no cache can answer without re-analysing.
    const texts = [document(1), document(2)];
    const parse: number[] = [];
    const update: number[] = [];
    const analyse: number[] = [];
    for (let round = 0; round < ROUNDS + 20; round += 1) {
      const text = texts[round % 2] as string;
      const t0 = performance.now();
      parseSource(path, text);
      const t1 = performance.now();
      model.updateDocument(path, text);
      const tA = performance.now();
      const lines = model.referencesIn(path).map((r) => (r.key ? model.summary(r.key) : undefined));
      for (const summary of lines) if (summary) inlineStatus(summary);
      const t2 = performance.now();
      if (round >= 20) {
        parse.push(t1 - t0);
        update.push(t2 - t1);
        analyse.push(tA - t1);
      }
    }
    const references = model.referencesIn(path).length;
    const p = median(parse);
    const u = median(update);
    process.stdout.write(
      `document: ${LINES} lines, ${references} flag references, ${FLAGS} definitions; ${ROUNDS} rounds (median)\n` +
        `baseline  plain TypeScript parse          ${p.toFixed(2)} ms\n` +
        `extension per-document update + status   ${u.toFixed(2)} ms` +
        ` (library analysis ${median(analyse).toFixed(2)} ms, staleness and status ${(u - median(analyse)).toFixed(2)} ms)\n` +
        `ratio     update / parse                  ${(u / p).toFixed(2)}x\n`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
