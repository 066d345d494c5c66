import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, inject, vi } from 'vitest';
import type * as vscode from 'vscode';
import { type FakeEngine, type FakeEngineData, startFakeEngine } from '../e2e/fake-engine';
import { activate } from '../src/extension';
import {
  commands,
  configuration,
  executedCommands,
  MemorySecretStorage,
  outputLines,
  resetMock,
  statusBarItems,
  Uri,
  workspace,
} from './vscode-mock';

const fixture = new URL('../e2e/fixture', import.meta.url).pathname;

/** A copy of the e2e fixture workspace (flagd file, `src/checkout.ts`) plus `extra` files, in a temporary folder. */
export function fixtureCopy(extra: Record<string, string> = {}): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'aviary-ext-harness-'));
  cpSync(fixture, root, { recursive: true });
  for (const [path, text] of Object.entries(extra)) writeFileSync(join(root, path), text);
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The extension activated over the mock, its first scan done. */
export interface Activated {
  context: {
    subscriptions: Array<{ dispose(): unknown }>;
    secrets: MemorySecretStorage;
    asAbsolutePath(relative: string): string;
  };
  /** The engine status bar item. */
  status(): (typeof statusBarItems)[number];
  /** Runs a registered command as the palette would. */
  run(command: string, ...args: unknown[]): Promise<unknown>;
  dispose(): void;
}

/**
 * Activates the extension on one workspace folder with `settings` (keys under `aviary.`), waits for its first scan,
 * then runs "Aviary: Refresh" once more and awaits it, so the state tests read is settled.
 */
export async function activateOn(
  root: string,
  settings: Record<string, unknown> = {},
  secrets = new MemorySecretStorage(),
): Promise<Activated> {
  resetMock();
  for (const [key, value] of Object.entries(settings)) configuration.set(`aviary.${key}`, value);
  workspace.workspaceFolders = [{ uri: Uri.file(root), name: 'fixture', index: 0 }];
  // The extension's files are the build of the global setup: full scans run on its bundled worker script.
  const extensionRoot = inject('extensionRoot');
  const context = {
    subscriptions: [] as Array<{ dispose(): unknown }>,
    secrets,
    asAbsolutePath: (relative: string) => join(extensionRoot, relative),
  };
  activate(context as unknown as vscode.ExtensionContext);
  await vi.waitFor(() => expect(outputLines.join('\n')).toContain('flag references'), { timeout: 20_000 });
  const run = (command: string, ...args: unknown[]) => commands.executeCommand(command, ...args);
  await run('aviary.refresh');
  executedCommands.splice(0, executedCommands.length);
  return {
    context,
    status: () => {
      const item = statusBarItems.find((i) => i.id === 'aviary.engine');
      if (!item) throw new Error('no engine status bar item');
      return item;
    },
    run,
    dispose: () => {
      for (const d of context.subscriptions.splice(0)) d.dispose();
    },
  };
}

/**
 * The setup extension tests share, registered as hooks of the calling test file: a fixture copy and a fake engine
 * serving `data` for the whole file, and `activate` (as `activateOn` on the copy), whose extension is disposed after
 * each test. `root` and `engine` are read inside tests (they exist once `beforeAll` has run).
 */
export function useFixtureWithEngine(data: FakeEngineData): {
  readonly root: string;
  readonly engine: FakeEngine;
  activate(settings?: Record<string, unknown>, secrets?: MemorySecretStorage): Promise<Activated>;
} {
  let files: ReturnType<typeof fixtureCopy> | undefined;
  let engine: FakeEngine | undefined;
  let activated: Activated | undefined;
  beforeAll(async () => {
    files = fixtureCopy();
    engine = await startFakeEngine(data);
  });
  afterEach(() => {
    activated?.dispose();
    activated = undefined;
  });
  afterAll(async () => {
    await engine?.close();
    files?.remove();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is set up in beforeAll: read it inside a test`);
    return value;
  };
  return {
    get root() {
      return ready(files, 'the fixture copy').root;
    },
    get engine() {
      return ready(engine, 'the fake engine');
    },
    async activate(settings = {}, secrets = new MemorySecretStorage()) {
      activated = await activateOn(ready(files, 'the fixture copy').root, settings, secrets);
      return activated;
    },
  };
}
