/**
 * End-to-end test of the packaged extension in a real VS Code: code-server 4.100.3 (VS Code 1.100) in headless
 * Chromium driven by playwright-core. It opens a fixture workspace with flags, a flagd file and a fake engine, and
 * checks what a person sees: the inline status, the hover, the Problems panel, the Flags view, and the quick fix
 * changing the file. Screenshots go to `extension/test-results/` (on failure, and one overview on success).
 *
 * Run: `npm run test:e2e` (packages the .vsix first). Stops by itself (watchdog) and kills what it started.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { daysAgo, type FakeEngine, startFakeEngine } from './fake-engine';
import { ensureCodeServer } from './install-code-server';

const LIMIT_MS = Number(process.env.AVIARY_E2E_TIMEOUT_MS ?? 420_000);
const STEP_MS = 60_000;
const here = fileURLToPath(new URL('.', import.meta.url));
const extensionDir = join(here, '..');
const results = join(extensionDir, 'test-results');
const version = (JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8')) as { version: string }).version;
const vsix = join(extensionDir, `aviary-${version}.vsix`);

const started = Date.now();
const log = (line: string) => process.stderr.write(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`);

let codeServer: ChildProcess | undefined;
let browser: Browser | undefined;
let engine: FakeEngine | undefined;
let page: Page | undefined;
let temp: string | undefined;
const browserErrors: string[] = [];

async function cleanup(): Promise<void> {
  await browser?.close().catch(() => {});
  if (codeServer?.pid && codeServer.exitCode === null) {
    try {
      process.kill(-codeServer.pid, 'SIGTERM'); // the whole group: code-server and its extension host
    } catch {}
  }
  await engine?.close().catch(() => {});
  if (temp && !process.env.AVIARY_E2E_KEEP) rmSync(temp, { recursive: true, force: true });
}

const watchdog = setTimeout(() => {
  log(`timed out after ${LIMIT_MS / 1000} s`);
  void screenshot('failure-timeout').finally(() => cleanup().finally(() => process.exit(1)));
}, LIMIT_MS);

async function screenshot(name: string): Promise<void> {
  if (!page) return;
  mkdirSync(results, { recursive: true });
  const path = join(results, `${name}.png`);
  await page.screenshot({ path, timeout: 10_000 }).then(
    () => log(`screenshot ${path}`),
    () => {},
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = STEP_MS): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function chromiumPath(): string {
  const candidates = [process.env.AVIARY_E2E_CHROMIUM, '/usr/lib/chromium/chromium', '/usr/bin/chromium'];
  const found = candidates.find((c): c is string => typeof c === 'string' && existsSync(c));
  if (!found) throw new Error('Chromium not found: install the Debian package `chromium`');
  return found;
}

/** Runs a command through the command palette, by its label. */
async function runCommand(p: Page, label: string): Promise<void> {
  await p.keyboard.press('F1');
  const input = p.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${label}`);
  const row = p.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible' });
  await p.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

async function goToLine(p: Page, line: number, column: number): Promise<void> {
  await p.keyboard.press('Control+G');
  const input = p.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await p.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

async function textOf(p: Page, selector: string): Promise<string> {
  return (await p.locator(selector).allInnerTexts()).join('\n');
}

async function step(name: string, body: () => Promise<void>): Promise<void> {
  const t = Date.now();
  try {
    await body();
    log(`ok   ${name} (${Date.now() - t} ms)`);
  } catch (error) {
    log(`FAIL ${name}: ${(error as Error).message}`);
    await screenshot(`failure-${name.replace(/\W+/g, '-')}`);
    throw error;
  }
}

async function main(): Promise<void> {
  if (!existsSync(vsix)) throw new Error(`${vsix} not found: run \`npm run package -w extension\` first`);
  const install = ensureCodeServer(log);
  log(`code-server ${install.installed ? 'installed' : 'from cache'} (${install.root})`);

  temp = mkdtempSync(join(tmpdir(), 'aviary-e2e-'));
  const userData = join(temp, 'user-data');
  const extensions = join(temp, 'extensions');
  const workspace = join(temp, 'workspace');
  cpSync(join(here, 'fixture'), workspace, { recursive: true });

  engine = await startFakeEngine({
    flags: [
      { key: 'new-pricing', variants: { on: 9120, off: 1004 }, firstSeen: daysAgo(3), lastSeen: daysAgo(0) },
      { key: 'legacy-banner', variants: { off: 20480 }, firstSeen: daysAgo(60), lastSeen: daysAgo(0) },
    ],
    verdicts: { 'new-pricing': { verdict: 'go', reason: 'checkout latency p95 within 2% of control (p = 0.41)' } },
  });
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(
    join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'aviary.engineUrl': engine.url, 'aviary.inlineStyle': 'codeLens' }, null, 2),
  );
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.ignoreRecommendations': true,
        'typescript.disableAutomaticTypeAcquisition': true,
        'files.refactoring.autoSave': true,
        'window.commandCenter': false,
      },
      null,
      2,
    ),
  );
  const config = join(temp, 'code-server.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');

  await step('install vsix', async () => {
    execFileSync(
      process.execPath,
      [
        install.bin,
        '--config',
        config,
        '--user-data-dir',
        userData,
        '--extensions-dir',
        extensions,
        '--install-extension',
        vsix,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: STEP_MS },
    );
  });

  const port = await freePort();
  const serverLog = join(temp, 'code-server.log');
  const out = openSync(serverLog, 'w');
  codeServer = spawn(
    process.execPath,
    [
      install.bin,
      '--config',
      config,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
    ],
    { detached: true, stdio: ['ignore', out, out], env: { ...process.env, XDG_CONFIG_HOME: join(temp, 'xdg') } },
  );
  const base = `http://127.0.0.1:${port}`;
  await step('start code-server', () =>
    waitFor('code-server to listen', async () => {
      if (codeServer?.exitCode !== null) throw new Error(`code-server exited:\n${readFileSync(serverLog, 'utf8')}`);
      return fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
    }),
  );

  browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const p = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page = p;
  p.setDefaultTimeout(STEP_MS);
  p.on('console', (message) => {
    if (message.type() === 'error') browserErrors.push(message.text());
  });

  await step('open workspace', async () => {
    await p.goto(`${base}/?folder=${encodeURIComponent(workspace)}`);
    await p.locator('.monaco-workbench').waitFor();
    await p.locator('.explorer-folders-view .monaco-list-row', { hasText: 'flags.flagd.json' }).waitFor();
  });

  await step('open the flag file', async () => {
    await p.keyboard.press('Control+P');
    const input = p.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('checkout.ts');
    await p.locator('.quick-input-list .monaco-list-row', { hasText: 'checkout.ts' }).first().waitFor();
    await p.keyboard.press('Enter');
    await p.locator('.monaco-editor .view-lines', { hasText: 'checkoutTotal' }).waitFor();
  });

  await step('inline status on flag references', async () => {
    // A rollout split from the definition, evaluations from the engine and its verdict.
    await waitFor('the CodeLens of new-pricing', async () => {
      const lenses = await textOf(p, '.monaco-editor .codelens-decoration');
      return /⚑ new-pricing: ● on: 90% on \/ 10% off · 10.1k evals\/24h \(on 9.1k, off 1k\) · ✓ go/.test(lenses);
    });
    const lenses = await textOf(p, '.monaco-editor .codelens-decoration');
    if (!/⚑ legacy-banner: .*⚠ stale: keep false/.test(lenses)) throw new Error(`no stale badge in:\n${lenses}`);
    if (!/⚑ checkout-colour: \? not defined \(did you mean 'checkout-color'\?\)/.test(lenses)) {
      throw new Error(`no unknown-key status in:\n${lenses}`);
    }
  });

  await step('hover', async () => {
    await goToLine(p, 8, 37);
    await runCommand(p, 'Show or Focus Hover');
    await waitFor('the hover card', async () => {
      const hover = await textOf(p, '.monaco-hover');
      return hover.includes('legacy-banner') && hover.includes('Stale:') && hover.includes('Keep false');
    });
    const hover = await textOf(p, '.monaco-hover');
    for (const expected of ['Evaluations (24 h): 20,480', 'References: 1 reference in 1 file', 'Variants:']) {
      if (!hover.includes(expected)) throw new Error(`hover lacks "${expected}":\n${hover}`);
    }
    await p.keyboard.press('Escape');
  });

  await step('Problems panel', async () => {
    await runCommand(p, 'View: Focus Problems');
    await waitFor('the stale-flag problem', async () => {
      const problems = await textOf(p, '.markers-panel');
      return problems.includes("Flag 'legacy-banner' is stale") && problems.includes("Did you mean 'checkout-color'?");
    });
  });

  await step('Flags view', async () => {
    await runCommand(p, 'Aviary: Focus on Flags View');
    const rows = '[id="workbench.parts.sidebar"] .monaco-list-row';
    await waitFor('the stale group with legacy-banner', async () => {
      const tree = await textOf(p, rows);
      return /Stale\s*1/.test(tree) && tree.includes('legacy-banner') && /Unknown\s*1/.test(tree);
    });
  });
  await screenshot('overview');

  await step('quick fix previews with Ctrl+Enter, then removes the stale flag in two clicks', async () => {
    const file = join(workspace, 'src', 'checkout.ts');
    const before = readFileSync(file, 'utf8');
    await p.locator('.monaco-editor .view-lines').first().click();
    await goToLine(p, 8, 37);
    const bulb = p.locator('.monaco-editor .lightBulbWidget').first();
    const fix = p.locator('.action-widget .monaco-list-row', { hasText: "Remove flag 'legacy-banner' (keep false)" });
    // The refactor preview is one keystroke away: Ctrl+Enter on the fix shows the cleanup; discard it.
    await bulb.waitFor({ state: 'visible' });
    await p.keyboard.press('Control+.');
    await fix.waitFor();
    await p.keyboard.press('Control+Enter');
    await p.locator('.bulk-edit-panel .monaco-list-row', { hasText: 'checkout.ts' }).first().waitFor();
    await screenshot('refactor-preview');
    await p.getByRole('button', { name: 'Discard', exact: true }).click();
    await p.locator('.bulk-edit-panel .monaco-list-row').first().waitFor({ state: 'detached' });
    if (readFileSync(file, 'utf8') !== before) throw new Error('the discarded preview changed the file');
    // Two clicks: the light bulb, then the fix.
    await p.locator('.monaco-editor .view-lines').first().click();
    await goToLine(p, 8, 37);
    await bulb.waitFor({ state: 'visible' });
    await bulb.click();
    await fix.waitFor();
    // VS Code blocks pointer events over its menus until the mouse moves: move onto the fix, then click it.
    const box = await fix.boundingBox();
    if (!box) throw new Error('the quick fix row has no box');
    await p.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    await p.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const expected = readFileSync(join(here, 'expected', 'checkout.ts.txt'), 'utf8');
    await waitFor('the cleaned file on disk', () => readFileSync(file, 'utf8') === expected);
  });
  await screenshot('after-cleanup');
}

main().then(
  async () => {
    clearTimeout(watchdog);
    await cleanup();
    log(`passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exit(0);
  },
  async (error: unknown) => {
    clearTimeout(watchdog);
    log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
    if (browserErrors.length > 0) log(`browser console errors:\n${browserErrors.slice(-20).join('\n')}`);
    if (temp) {
      const serverLog = join(temp, 'code-server.log');
      if (existsSync(serverLog)) {
        mkdirSync(results, { recursive: true });
        cpSync(serverLog, join(results, 'code-server.log'));
      }
      const logs = join(temp, 'user-data', 'logs');
      if (existsSync(logs)) cpSync(logs, join(results, 'vscode-logs'), { recursive: true });
    }
    await cleanup();
    process.exit(1);
  },
);
