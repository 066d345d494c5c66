import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { cleanupFlag } from '../../../src/code/cleanup/cleanup-flag';

/**
 * Generated programs: statements and boolean expressions over the flag (called directly or through a variable),
 * two parameters `a`/`b`, side-effecting calls `gN()` that record themselves, and pre-existing literals.
 * For each value of the flag the cleaned program must parse, be a fixed point, keep every identifier that is
 * not derived from the flag (or only in code the flag made dead), and record the same calls for every `a`/`b`.
 */
const CALL = "client.getBooleanValue('new-checkout', false)";

type Gen = { next: () => number };

const expr = (depth: number, counter: Gen): fc.Arbitrary<string> => {
  const atoms = fc.oneof(
    fc.constant(CALL),
    fc.constant('on'),
    fc.constantFrom('a', 'b', 'true', 'false'),
    fc.constant(null).map(() => `g${counter.next()}()`),
  );
  if (depth <= 0) return atoms;
  const sub = expr(depth - 1, counter);
  return fc.oneof(
    { weight: 3, arbitrary: atoms },
    { weight: 1, arbitrary: sub.map((e) => `!${e}`) },
    { weight: 1, arbitrary: sub.map((e) => `(${e})`) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(sub, fc.constantFrom('&&', '||', '===', '!==', '??'), sub)
        .map(([l, op, r]) => `(${l} ${op} ${r})`),
    },
    { weight: 1, arbitrary: fc.tuple(sub, sub, sub).map(([c, t, f]) => `(${c} ? ${t} : ${f})`) },
  );
};

const statements = (depth: number, counter: Gen, indent: string): fc.Arbitrary<string[]> => {
  const e = expr(2, counter);
  const call = fc.constant(null).map(() => [`${indent}g${counter.next()}();`]);
  const variable = e.map((x) => {
    const name = `v${counter.next()}`;
    return [`${indent}const ${name} = ${x};`, `${indent}if (${name}) g${counter.next()}();`];
  });
  if (depth <= 0) return fc.array(fc.oneof(call, variable), { minLength: 1, maxLength: 3 }).map((l) => l.flat());
  const body = statements(depth - 1, counter, `${indent}  `);
  const ifElse = fc
    .tuple(e, body, fc.option(body, { nil: undefined }))
    .map(([c, t, f]) => [
      `${indent}if (${c}) {`,
      ...t,
      ...(f ? [`${indent}} else {`, ...f, `${indent}}`] : [`${indent}}`]),
    ]);
  const braceless = e.map((c) => [`${indent}if (${c}) g${counter.next()}();`]);
  const early = e.map((c) => [`${indent}if (${c}) return;`]);
  return fc
    .array(fc.oneof(call, variable, ifElse, braceless, early), { minLength: 1, maxLength: 4 })
    .map((l) => l.flat());
};

const program = fc.integer().chain(() => {
  let n = 0;
  const counter = { next: () => n++ };
  return statements(2, counter, '  ').map(
    (body) => `export function run(a: boolean, b: boolean): void {\n  const on = ${CALL};\n${body.join('\n')}\n}\n`,
  );
});

function parseErrors(text: string): number {
  const sf = ts.createSourceFile('p.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS) as ts.SourceFile & {
    parseDiagnostics: unknown[];
  };
  return sf.parseDiagnostics.length;
}

function identifiers(text: string): Set<string> {
  const sf = ts.createSourceFile('p.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}

/** Compiles the program once; the result runs `run(a, b)` with the flag fixed and returns the calls it made. */
function compile(text: string): (flag: boolean | string, a: boolean, b: boolean) => string[] {
  const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
  const state = { flag: false as boolean | string, calls: [] as string[] };
  const context: Record<string, unknown> = {
    exports: {},
    client: { getBooleanValue: () => state.flag, getStringValue: () => state.flag },
  };
  for (let i = 0; i < 200; i += 1) {
    context[`g${i}`] = () => {
      state.calls.push(`g${i}`);
      return i % 3 === 0;
    };
  }
  runInNewContext(js, context);
  const run = (context.exports as { run: (a: boolean, b: boolean) => void }).run;
  return (flag, a, b) => {
    state.flag = flag;
    state.calls = [];
    run(a, b);
    return state.calls;
  };
}

function clean(text: string, value: boolean | string): string {
  const result = cleanupFlag({
    key: 'new-checkout',
    value,
    files: [{ path: '/p/p.ts', text }],
    root: '/p',
    checkTypes: false,
  });
  expect(result.failed).toEqual([]);
  return result.files[0]?.newText ?? text;
}

const STRING_CALL = "client.getStringValue('new-checkout', 'a')";

/** Statements over a string variant: comparisons with literals, ternaries and switches. */
const variantStatements = (depth: number, counter: Gen, indent: string): fc.Arbitrary<string[]> => {
  const operand = fc.constantFrom('t', STRING_CALL);
  const test = fc.oneof(
    fc
      .tuple(operand, fc.constantFrom('===', '!=='), fc.constantFrom("'a'", "'b'", "'c'"))
      .map(([l, op, r]) => `${l} ${op} ${r}`),
    fc.constantFrom('a', 'b'),
  );
  const call = fc.constant(null).map(() => [`${indent}g${counter.next()}();`]);
  const ternary = operand.map((o) => [`${indent}g${counter.next()}(${o} === 'b' ? g${counter.next()}() : false);`]);
  const switchCase = operand.map((o) => [
    `${indent}switch (${o}) {`,
    `${indent}  case 'a':`,
    `${indent}    g${counter.next()}();`,
    `${indent}    break;`,
    `${indent}  case 'b':`,
    `${indent}  case 'c':`,
    `${indent}    g${counter.next()}();`,
    `${indent}    break;`,
    `${indent}  default:`,
    `${indent}    g${counter.next()}();`,
    `${indent}}`,
  ]);
  if (depth <= 0)
    return fc.array(fc.oneof(call, ternary, switchCase), { minLength: 1, maxLength: 3 }).map((l) => l.flat());
  const body = variantStatements(depth - 1, counter, `${indent}  `);
  const ifElse = fc
    .tuple(test, body, fc.option(body, { nil: undefined }))
    .map(([c, t, f]) => [
      `${indent}if (${c}) {`,
      ...t,
      ...(f ? [`${indent}} else {`, ...f, `${indent}}`] : [`${indent}}`]),
    ]);
  const early = test.map((c) => [`${indent}if (${c}) return;`]);
  return fc
    .array(fc.oneof(call, ternary, switchCase, ifElse, early), { minLength: 1, maxLength: 4 })
    .map((l) => l.flat());
};

const variantProgram = fc.integer().chain(() => {
  let n = 0;
  const counter = { next: () => n++ };
  return variantStatements(2, counter, '  ').map(
    (body) =>
      `export function run(a: boolean, b: boolean): void {\n  const t = ${STRING_CALL};\n${body.join('\n')}\n}\n`,
  );
});

describe('cleanup properties', () => {
  it('string variants: output parses, is a fixed point and behaves the same', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(variantProgram, fc.constantFrom('a', 'b', 'c', 'zz'), (input, value) => {
        const output = clean(input, value);
        expect(parseErrors(output)).toBe(0);
        expect(clean(output, value)).toBe(output);
        const original = compile(input);
        const cleaned = compile(output);
        for (const a of [true, false]) {
          for (const b of [true, false]) expect(cleaned(value, a, b), output).toEqual(original(value, a, b));
        }
        expect(output).not.toContain('getStringValue');
      }),
      {
        numRuns: Number(process.env.CLEANUP_RUNS ?? 60),
        seed: Number(process.env.CLEANUP_SEED ?? 20261124),
        endOnFailure: true,
      },
    );
  });

  it('output parses, is a fixed point, behaves the same, and drops only flag-derived or dead identifiers', {
    timeout: 120_000,
  }, () => {
    fc.assert(
      fc.property(program, fc.boolean(), (input, value) => {
        expect(parseErrors(input)).toBe(0);
        const output = clean(input, value);
        expect(parseErrors(output)).toBe(0);
        expect(clean(output, value)).toBe(output);
        const executed = new Set<string>();
        const original = compile(input);
        const cleaned = compile(output);
        for (const a of [true, false]) {
          for (const b of [true, false]) {
            const before = original(value, a, b);
            for (const c of before) executed.add(c);
            expect(cleaned(value, a, b), output).toEqual(before);
          }
        }
        const after = identifiers(output);
        for (const name of identifiers(input)) {
          if (after.has(name)) continue;
          const derived = name === 'on' || name === 'client' || name === 'getBooleanValue' || /^v\d+$/.test(name);
          const pureInput = name === 'a' || name === 'b';
          expect(derived || pureInput || !executed.has(name), `${name} disappeared`).toBe(true);
        }
        expect([...after].every((name) => identifiers(input).has(name))).toBe(true);
      }),
      {
        numRuns: Number(process.env.CLEANUP_RUNS ?? 60),
        seed: Number(process.env.CLEANUP_SEED ?? 20261123),
        endOnFailure: true,
      },
    );
  });
});
