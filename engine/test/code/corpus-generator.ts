import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the generator put where, to check a scan against. */
export interface GeneratedCorpus {
  files: number;
  bytes: number;
  /** Every flag key used. */
  keys: string[];
  /** `file -> keys` of the evaluations written (paths relative to the root, `/`-separated). */
  expected: Map<string, string[]>;
}

/** Small deterministic PRNG (mulberry32) so that every run writes the same tree. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = [
  'order',
  'invoice',
  'customer',
  'cart',
  'payment',
  'shipment',
  'account',
  'session',
  'product',
  'review',
];
const VERBS = ['load', 'save', 'validate', 'render', 'compute', 'merge', 'format', 'sync', 'resolve', 'normalize'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function cap(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** About 4 KB of ordinary service code: types, a class, functions with loops, strings and templates. */
function plainModule(random: () => number, index: number): string[] {
  const noun = pick(random, NOUNS);
  const lines = [
    "import { readFile } from 'node:fs/promises';",
    `import type { Logger } from '../shared/logger-${index % 50}';`,
    '',
    `export interface ${cap(noun)}Record${index} {`,
    '  id: string;',
    '  createdAt: Date;',
    '  amount: number;',
    '  tags: readonly string[];',
    '}',
    '',
  ];
  const functions = 4 + Math.floor(random() * 4);
  for (let f = 0; f < functions; f += 1) {
    const verb = pick(random, VERBS);
    lines.push(
      `export async function ${verb}${cap(noun)}${f}(items: ${cap(noun)}Record${index}[], log: Logger): Promise<number> {`,
      '  let total = 0;',
      '  for (const item of items) {',
      `    if (item.tags.includes('${pick(random, NOUNS)}-${f}')) {`,
      `      log.info(\`${verb} \${item.id} at \${item.createdAt.toISOString()}\`);`,
      '      total += item.amount * 1.2;',
      '    } else {',
      `      total -= Math.min(item.amount, ${Math.floor(random() * 100)});`,
      '    }',
      '  }',
      `  const raw = await readFile('/var/data/${noun}-${f}.json', 'utf8');`,
      '  return total + JSON.parse(raw).length;',
      '}',
      '',
    );
  }
  lines.push(
    `export class ${cap(noun)}Service${index} {`,
    '  private readonly cache = new Map<string, number>();',
    '  constructor(private readonly log: Logger) {}',
    '  get(id: string): number | undefined {',
    '    return this.cache.get(id);',
    '  }',
    '}',
  );
  return lines;
}

/**
 * Writes `count` files of realistic TypeScript under `root` where about `flagShare` of them evaluate flags through
 * OpenFeature in the forms the scanner must resolve: literals, a shared key module (const, enum, as-const object),
 * a wrapper function, React hooks in `.tsx` files. Returns what it wrote.
 */
export function generateCorpus(root: string, count: number, flagShare = 0.05, seed = 42): GeneratedCorpus {
  const random = prng(seed);
  const keys = Array.from({ length: 60 }, (_, i) => `${pick(random, NOUNS)}-${pick(random, VERBS)}-${i}`);
  const expected = new Map<string, string[]>();
  let bytes = 0;
  const write = (relative: string, lines: string[]) => {
    const full = join(root, relative);
    mkdirSync(join(full, '..'), { recursive: true });
    const text = `${lines.join('\n')}\n`;
    writeFileSync(full, text);
    bytes += text.length;
  };
  write('src/flags/keys.ts', [
    ...keys.slice(0, 10).map((k, i) => `export const FLAG_${i} = '${k}';`),
    'export enum FlagKey {',
    ...keys.slice(10, 20).map((k, i) => `  Key${i} = '${k}',`),
    '}',
    'export const FLAGS = {',
    ...keys.slice(20, 30).map((k, i) => `  flag${i}: '${k}',`),
    '} as const;',
  ]);
  write('src/flags/client.ts', [
    "import { OpenFeature } from '@openfeature/server-sdk';",
    'export const flags = OpenFeature.getClient();',
    'export async function isFeatureOn(key: string, fallback = false): Promise<boolean> {',
    '  return flags.getBooleanValue(key, fallback);',
    '}',
  ]);
  for (let i = 0; i < count - 2; i += 1) {
    const dir = `src/module-${Math.floor(i / 100)}`;
    const flagged = random() < flagShare;
    const tsx = i % 7 === 0;
    const relative = `${dir}/${pick(random, NOUNS)}-${i}.${tsx ? 'tsx' : 'ts'}`;
    const lines = plainModule(random, i);
    if (flagged) {
      const used: string[] = [];
      const header: string[] = ["import { flags, isFeatureOn } from '../flags/client';"];
      header.push("import { FLAG_1, FlagKey, FLAGS } from '../flags/keys';");
      if (tsx) header.push("import { useBooleanFlagValue } from '@openfeature/react-sdk';");
      const body: string[] = [`export async function flagged${i}(userId: string): Promise<string> {`];
      const forms = 2 + Math.floor(random() * 3);
      for (let f = 0; f < forms; f += 1) {
        const form = Math.floor(random() * 5);
        if (form === 0) {
          const key = pick(random, keys.slice(30));
          used.push(key);
          body.push(`  if (await flags.getBooleanValue('${key}', false)) return userId;`);
        } else if (form === 1) {
          used.push(keys[1] as string);
          body.push(
            `  const v${f} = await flags.getStringValue(FLAG_1, 'control');`,
            `  if (v${f} === 'treatment') return v${f};`,
          );
        } else if (form === 2) {
          const n = Math.floor(random() * 10);
          used.push(keys[10 + n] as string);
          body.push(
            `  const n${f} = await flags.getNumberValue(FlagKey.Key${n}, 10);`,
            `  if (n${f} > 3) return String(n${f});`,
          );
        } else if (form === 3) {
          const n = Math.floor(random() * 10);
          used.push(keys[20 + n] as string);
          body.push(`  if (await isFeatureOn(FLAGS.flag${n})) return 'on';`);
        } else {
          const key = pick(random, keys.slice(30));
          used.push(key);
          body.push(
            `  const d${f} = await flags.getBooleanDetails('${key}', true);`,
            `  if (d${f}.value) return d${f}.variant ?? '';`,
          );
        }
      }
      body.push("  return 'off';", '}');
      if (tsx) {
        const key = pick(random, keys.slice(30));
        used.push(key);
        body.push(
          `export function Banner${i}() {`,
          `  const show = useBooleanFlagValue('${key}', false);`,
          `  return show ? <aside className="banner">{'${pick(random, NOUNS)}'}</aside> : null;`,
          '}',
        );
      }
      lines.unshift(...header);
      lines.push('', ...body);
      expected.set(relative, used);
    }
    write(relative, lines);
  }
  return { files: count, bytes, keys, expected };
}
