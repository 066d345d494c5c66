import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { daysAgo, type FakeEngine, startFakeEngine } from '../e2e/fake-engine';
import { COMMAND, DIAGNOSTIC } from '../src/constants';
import { fetchEngineSnapshot } from '../src/core/engine-client';
import { FolderModel } from '../src/core/folder-model';
import { DEFAULT_SETTINGS, type Settings } from '../src/core/settings';
import { FlagDiagnostics } from '../src/diagnostics/flag-diagnostics';
import type { FlagQueries } from '../src/flag-service';
import { FlagCodeActionProvider } from '../src/providers/flag-code-action-provider';
import { FlagCodeLensProvider } from '../src/providers/flag-code-lens-provider';
import { FlagDecorations } from '../src/providers/flag-decorations';
import { FlagHoverProvider } from '../src/providers/flag-hover-provider';
import { inProcessScanner } from '../src/scan/flag-scanner';
import { type FlagNode, FlagsTreeProvider } from '../src/views/flags-tree-provider';
import {
  decorationsSet,
  diagnosticsSet,
  EventEmitter,
  editorOf,
  TextDocument,
  visibleTextEditors,
} from './vscode-mock';

const fixture = new URL('../e2e/fixture', import.meta.url).pathname;
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const dynamicSource = `import { OpenFeature } from '@openfeature/server-sdk';
const client = OpenFeature.getClient();
const name = process.env.FLAG_NAME ?? 'new-pricing';
export const isOn = client.getBooleanValue(name, false);
`;

/** A flagd definition that is on for everyone, without metadata. */
function flag() {
  return { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' };
}

/** `YYYY-MM-DD` of an epoch ms, in UTC. */
function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

let root: string;
let engine: FakeEngine;
let model: FolderModel;
let queries: FlagQueries;
const changed = new EventEmitter<void>();

function documentOf(relativePath: string): vscode.TextDocument {
  const path = join(root, relativePath);
  return new TextDocument(path, readFileSync(path, 'utf8')) as unknown as vscode.TextDocument;
}

function hoverText(hover: vscode.Hover | undefined): string {
  return (hover?.contents as unknown as { value: string } | undefined)?.value ?? '';
}

/** The position of the first occurrence of `needle` in the document, plus `delta` characters. */
function at(document: vscode.TextDocument, needle: string, delta = 1): vscode.Position {
  return document.positionAt(document.getText().indexOf(needle) + delta);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'aviary-ext-test-'));
  cpSync(fixture, root, { recursive: true });
  writeFileSync(join(root, 'src', 'dynamic.ts'), dynamicSource);
  engine = await startFakeEngine({
    flags: [
      { key: 'new-pricing', variants: { on: 9120, off: 1004 }, firstSeen: daysAgo(3), lastSeen: daysAgo(0) },
      { key: 'legacy-banner', variants: { off: 20480 }, firstSeen: daysAgo(60), lastSeen: daysAgo(0) },
    ],
    verdicts: { 'new-pricing': { verdict: 'go', reason: 'latency within 2% of control' } },
  });
  const settings: Settings = { ...DEFAULT_SETTINGS, inlineStyle: 'codeLens', engineUrl: engine.url };
  model = new FolderModel(root, settings, silent, inProcessScanner);
  await model.load([join(root, 'flags.flagd.json')]);
  const snapshot = await fetchEngineSnapshot(engine.url, ['new-pricing', 'legacy-banner'], {
    now: Date.now(),
    rolledOutDays: 7,
  });
  model.setEngine(snapshot);
  queries = {
    settings,
    engine: snapshot,
    onDidChange: changed.event as unknown as vscode.Event<void>,
    summaries: () => model.summaries(),
    summaryFor: (_uri, key) => model.summary(key),
    referencesIn: (uri) => model.referencesIn(uri.fsPath),
    models: () => [model],
  };
});

afterAll(async () => {
  await engine?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('providers over the code-intelligence library', () => {
  it('shows the inline status of every resolved reference as a CodeLens', () => {
    const lenses = new FlagCodeLensProvider(queries).provideCodeLenses(documentOf('src/checkout.ts'));
    expect(lenses.map((l) => l.command?.title)).toEqual([
      '⚑ new-pricing: ● on: 90% on / 10% off · 10.1k evals/24h (on 9.1k, off 1k) · ✓ go',
      '⚑ legacy-banner: ● on: false · 20.5k evals/24h · ⚠ stale: keep false',
      "⚑ checkout-colour: ? not defined (did you mean 'checkout-color'?)",
    ]);
  });

  it('gives no CodeLens when the inline style is a decoration', () => {
    const lenses = new FlagCodeLensProvider({
      ...queries,
      settings: { ...queries.settings, inlineStyle: 'decoration' },
    });
    expect(lenses.provideCodeLenses(documentOf('src/checkout.ts'))).toEqual([]);
  });

  it('shows the same status after the end of each line as a decoration', () => {
    const document = documentOf('src/checkout.ts') as unknown as TextDocument;
    const lineEnd = (line: number) => document.getText().split('\n')[line]?.length;
    visibleTextEditors.splice(0, visibleTextEditors.length, editorOf(document));
    const decorations = new FlagDecorations({
      ...queries,
      settings: { ...queries.settings, inlineStyle: 'decoration' },
    });
    decorations.updateAll();
    const set = [...decorationsSet.values()].at(-1) as Array<{
      range: vscode.Range;
      renderOptions: { after: { contentText: string } };
    }>;
    expect(set.map((d) => [d.range.start.line, d.range.start.character, d.renderOptions.after.contentText])).toEqual([
      [5, lineEnd(5), '⚑ new-pricing: ● on: 90% on / 10% off · 10.1k evals/24h (on 9.1k, off 1k) · ✓ go'],
      [7, lineEnd(7), '⚑ legacy-banner: ● on: false · 20.5k evals/24h · ⚠ stale: keep false'],
      [14, lineEnd(14), "⚑ checkout-colour: ? not defined (did you mean 'checkout-color'?)"],
    ]);
    decorations.dispose();
  });

  it('hovers a stale flag with its definition, telemetry, staleness reason and references', () => {
    const document = documentOf('src/checkout.ts');
    const hover = new FlagHoverProvider(queries).provideHover(document, at(document, "'legacy-banner'"));
    const text = hoverText(hover);
    expect(text).toContain('**Flag `legacy-banner`** — **stale**');
    expect(text).toContain('**Evaluations (24 h):** 20,480 — `off` 20,480');
    expect(text).toMatch(/\*\*Stale:\*\* ENABLED in flags\\\.flagd\\\.json:\d+ with no targeting/);
    expect(text).toContain('Keep `false` and remove the flag.');
    expect(text).toContain('**References:** 1 reference in 1 file');
    // No createdAt in the definition: the age runs from the engine's first evaluation, 60 days ago.
    expect(text).toContain('**Age:** 60 days');
  });

  it("hovers a flag's age from the definition's createdAt, as the staleness rules read it", async () => {
    const dated = mkdtempSync(join(tmpdir(), 'aviary-ext-age-'));
    try {
      const seconds = Math.floor(daysAgo(12) / 1000);
      const definitions = {
        flags: {
          'epoch-seconds': { ...flag(), metadata: { type: 'release', createdAt: seconds } },
          'epoch-ms': { ...flag(), metadata: { type: 'release', createdAt: daysAgo(5) } },
          'date-only': { ...flag(), metadata: { type: 'permission', createdAt: isoDay(daysAgo(400)) } },
        },
      };
      writeFileSync(join(dated, 'flags.flagd.json'), JSON.stringify(definitions));
      const source = `import { OpenFeature } from '@openfeature/server-sdk';
const client = OpenFeature.getClient();
export const a = client.getBooleanValue('epoch-seconds', false);
export const b = client.getBooleanValue('epoch-ms', false);
export const c = client.getBooleanValue('date-only', false);
`;
      writeFileSync(join(dated, 'dated.ts'), source);
      const datedModel = new FolderModel(dated, DEFAULT_SETTINGS, silent, inProcessScanner);
      await datedModel.load([join(dated, 'flags.flagd.json')]);
      const document = new TextDocument(join(dated, 'dated.ts'), source) as unknown as vscode.TextDocument;
      const hover = new FlagHoverProvider({
        ...queries,
        referencesIn: (uri) => datedModel.referencesIn(uri.fsPath),
        summaryFor: (_uri, key) => datedModel.summary(key),
      });
      const ageOf = (key: string) =>
        hoverText(hover.provideHover(document, at(document, `'${key}'`))).match(/\*\*Age:\*\* ([^\n]*)/)?.[1];
      expect(ageOf('epoch-seconds')).toBe('12 days');
      expect(ageOf('epoch-ms')).toBe('5 days');
      expect(ageOf('date-only')).toMatch(/^(399|400) days$/);
    } finally {
      rmSync(dated, { recursive: true, force: true });
    }
  });

  it('hovers a verdict with its reason', () => {
    const document = documentOf('src/checkout.ts');
    const hover = new FlagHoverProvider(queries).provideHover(document, at(document, "'new-pricing'"));
    const text = hoverText(hover);
    expect(text).toContain('**Verdict:** ✓ go — latency within 2% of control');
    expect(text).toContain('fractional rollout 90% on / 10% off');
  });

  it('says a dynamic key cannot be resolved, and gives nothing away from references', () => {
    const document = documentOf('src/dynamic.ts');
    const hover = new FlagHoverProvider(queries).provideHover(document, at(document, 'getBooleanValue'));
    expect(hoverText(hover)).toContain('cannot be resolved statically');
    expect(new FlagHoverProvider(queries).provideHover(document, at(document, 'const name', 0))).toBeUndefined();
  });

  it('puts stale, unknown and dynamic keys in the Problems panel', () => {
    new FlagDiagnostics(queries).update();
    const checkout = diagnosticsSet.get(`file://${join(root, 'src', 'checkout.ts')}`) ?? [];
    expect(checkout.map((d) => [d.code, d.severity, d.range.start.line])).toEqual([
      [DIAGNOSTIC.stale, vscode.DiagnosticSeverity.Warning, 7],
      [DIAGNOSTIC.unknown, vscode.DiagnosticSeverity.Warning, 14],
    ]);
    expect(checkout[0]?.message).toMatch(
      /^Flag 'legacy-banner' is stale: ENABLED in flags\.flagd\.json:\d+ with no targeting/,
    );
    expect(checkout[1]?.message).toBe(
      "Flag 'checkout-colour' is not defined in any flag definition file. Did you mean 'checkout-color'?",
    );
    const dynamic = diagnosticsSet.get(`file://${join(root, 'src', 'dynamic.ts')}`) ?? [];
    expect(dynamic.map((d) => [d.code, d.severity])).toEqual([
      [DIAGNOSTIC.dynamicKey, vscode.DiagnosticSeverity.Information],
    ]);
  });

  it('offers "Remove flag" on a stale flag and "Change to" on a misspelt key', () => {
    new FlagDiagnostics(queries).update();
    const document = documentOf('src/checkout.ts');
    const diagnostics = diagnosticsSet.get(document.uri.toString()) ?? [];
    // The cleanup itself is tested over the real service in clean-up-flag.test.ts; here only what the fix asks for.
    const asked: unknown[] = [];
    const prepared = {
      edit: new vscode.WorkspaceEdit(),
      done: { key: 'legacy-banner', followUp: 'archive it', notes: 0 },
    };
    const provider = new FlagCodeActionProvider(queries, (target) => {
      asked.push(target);
      return prepared;
    });
    const actions = provider.provideCodeActions(
      document,
      diagnostics[0]!.range as unknown as vscode.Range,
      {
        diagnostics,
      } as unknown as vscode.CodeActionContext,
    );
    expect(actions.map((a) => a.title)).toEqual([
      "Remove flag 'legacy-banner' (keep false)",
      "Change to 'checkout-color'",
    ]);
    // Nothing is computed until the fix is applied or previewed; then it carries the edit and reports afterwards.
    expect([actions[0]?.edit, actions[0]?.command, asked]).toEqual([undefined, undefined, []]);
    const resolved = provider.resolveCodeAction(actions[0]!);
    expect(asked).toEqual([{ uri: document.uri.toString(), key: 'legacy-banner', value: 'false' }]);
    expect(resolved.edit).toBe(prepared.edit);
    expect(resolved.command).toEqual({
      command: COMMAND.flagRemoved,
      title: resolved.title,
      arguments: [prepared.done],
    });
    expect(provider.resolveCodeAction(actions[1]!)).toBe(actions[1]);
    const edit = actions[1]?.edit as unknown as { replacements: Array<{ range: vscode.Range; text: string }> };
    const replaced = edit.replacements[0]!;
    const start = document.offsetAt(replaced.range.start);
    const end = document.offsetAt(replaced.range.end);
    expect(document.getText().slice(start, end)).toBe("'checkout-colour'");
    expect(replaced.text).toBe("'checkout-color'");
  });

  it('groups the Flags view by stale, active, unknown and unused definitions, flags expanding to references', () => {
    const tree = new FlagsTreeProvider(queries);
    const groups = tree.getChildren();
    expect(groups.map((g) => [tree.getTreeItem(g).label, tree.getTreeItem(g).description])).toEqual([
      ['Stale', '1'],
      ['Active', '1'],
      ['Unknown', '1'],
      ['Unused definitions', '1'],
    ]);
    const stale = tree.getChildren(groups[0]) as FlagNode[];
    expect(tree.getTreeItem(stale[0]!).label).toBe('legacy-banner');
    expect(tree.getTreeItem(stale[0]!).contextValue).toBe('flag.stale');
    const references = tree.getChildren(stale[0]);
    expect(references.map((r) => tree.getTreeItem(r).label)).toEqual(['src/checkout.ts:8']);
  });

  it('re-analyses one edited document: a removed reference leaves an unused definition', () => {
    const path = join(root, 'src', 'checkout.ts');
    const edited = readFileSync(path, 'utf8').replace(
      / {2}if \(await client\.getBooleanValue\('legacy-banner'[^}]*\}\n/,
      '',
    );
    model.updateDocument(path, edited);
    expect(model.summary('legacy-banner')?.category).toBe('unused-definition');
    expect(model.referencesIn(path).map((r) => r.key)).toEqual(['new-pricing', 'checkout-colour']);
    model.updateDocument(path, readFileSync(path, 'utf8'));
    expect(model.summary('legacy-banner')?.category).toBe('stale');
  });
});

describe('engine connection', () => {
  it('reports an unreachable engine as data and keeps the definitions-only status', async () => {
    const closed = await startFakeEngine({ flags: [], verdicts: {} });
    await closed.close();
    const snapshot = await fetchEngineSnapshot(closed.url, ['new-pricing'], { now: Date.now(), rolledOutDays: 7 });
    expect(snapshot.status).toBe('unreachable');
    const offline = new FolderModel(root, DEFAULT_SETTINGS, silent, inProcessScanner);
    await offline.load([join(root, 'flags.flagd.json')]);
    offline.setEngine(snapshot);
    expect(offline.summary('new-pricing')?.telemetry).toBeNull();
    expect(offline.summary('legacy-banner')?.stale?.keepValue).toBe('false');
  });

  it('is not configured without a URL', async () => {
    expect(await fetchEngineSnapshot(null, [], { now: 0, rolledOutDays: 7 })).toEqual({ status: 'not-configured' });
  });
});
