/**
 * Cleanup benchmark: removes one flag from 1,000 generated TypeScript files (about 120 lines each, every file
 * evaluating the flag in if/else chains, ternaries, flag variables, wrappers, early returns and a switch on a
 * second flag) through the library API, without type-checking, and prints the time beside a bare parse of the
 * same files measured in this run, their ratio, and peak RSS. Target: at most 10x the bare parse (the codemod
 * parses each file for the finder, for folding, and once or twice more in the unused-declaration pass, whose
 * last parse is also the syntax check before writing).
 */
import { cleanupFlag } from '../src/code/cleanup/cleanup-flag';
import { defaultConfig } from '../src/code/load-config';
import { parseSource } from '../src/code/source-host';

const FILES = Number(process.env.CLEANUP_BENCH_FILES ?? 1000);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

function file(i: number): string {
  const parts = [
    "import { OpenFeature } from '@openfeature/server-sdk';",
    `import { render${i}, legacy${i}, audit } from './views-${i % 20}';`,
    '',
    'const client = OpenFeature.getClient();',
    '',
    'function isNewCheckout(): boolean {',
    "  return client.getBooleanValue('new-checkout', false);",
    '}',
    '',
  ];
  for (let f = 0; f < 6; f += 1) {
    parts.push(
      `export async function handler${f}(req: { id: string; beta: boolean }): Promise<string> {`,
      "  const enabled = await client.getBooleanValue('new-checkout', false);",
      `  const label = enabled && req.beta ? 'beta-${f}' : 'stable-${f}';`,
      '  if (!enabled) {',
      `    audit('legacy', req.id);`,
      `    return legacy${i}(req.id, label);`,
      '  }',
      "  switch (client.getStringValue('theme', 'light')) {",
      "    case 'dark':",
      `      audit('dark', label);`,
      '      break;',
      '    default:',
      `      audit('light', label);`,
      '  }',
      `  if (isNewCheckout() || req.beta) {`,
      `    audit('new', req.id);`,
      '  } else {',
      `    audit('old', req.id);`,
      '  }',
      `  return render${i}(req.id, label);`,
      '}',
      '',
    );
  }
  return parts.join('\n');
}

const files = Array.from({ length: FILES }, (_, i) => ({ path: `/bench/src/f${i}.ts`, text: file(i) }));
const lines = files.reduce((n, f) => n + f.text.split('\n').length, 0);
const config = defaultConfig();

// Warm-up (JIT) on a slice, then the measured runs.
for (const f of files.slice(0, 50)) parseSource(f.path, f.text);
cleanupFlag({ key: 'new-checkout', value: true, files: files.slice(0, 50), root: '/bench', config, checkTypes: false });

let t0 = process.hrtime.bigint();
for (const f of files) parseSource(f.path, f.text);
const parseMs = Number(process.hrtime.bigint() - t0) / 1e6;

t0 = process.hrtime.bigint();
const result = cleanupFlag({ key: 'new-checkout', value: true, files, root: '/bench', config, checkTypes: false });
const cleanupMs = Number(process.hrtime.bigint() - t0) / 1e6;

const rewritten = result.files.length;
const removedLines = result.files.reduce(
  (n, f) => n + (f.originalText.split('\n').length - f.newText.split('\n').length),
  0,
);
process.stdout.write(
  [
    `files: ${fmt(FILES)} (${fmt(lines)} lines), rewritten: ${fmt(rewritten)}, lines removed: ${fmt(removedLines)}`,
    `bare parse (baseline): ${fmt(parseMs)} ms`,
    `cleanup (find + fold + unused imports + parse check): ${fmt(cleanupMs)} ms (${fmt((lines / cleanupMs) * 1000)} lines/s)`,
    `ratio cleanup / parse: ${fmt(cleanupMs / parseMs, 2)}x (target <= 10x)`,
    `peak RSS: ${fmt(process.resourceUsage().maxRSS / 1024)} MB`,
    '',
  ].join('\n'),
);
if (rewritten !== FILES) {
  process.stderr.write(`expected every file to be rewritten, got ${rewritten}\n`);
  process.exit(1);
}
