import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type ScanResult, scanFlags } from '@aviary/engine/code';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type * as vscode from 'vscode';
import { generateCorpus } from '../../engine/test/code/corpus-generator';
import { FlagService } from '../src/flag-service';
import type { ScanRequest } from '../src/scan/flag-scanner';
import { ScanCancelled, scanInWorker } from '../src/scan/scan-in-worker';
import { WorkerScanner } from '../src/scan/worker-scanner';
import { outputLines, resetMock, Uri, window, workspace } from './vscode-mock';

let root: string;
let request: ScanRequest;
let script: string;

beforeAll(() => {
  script = join(inject('extensionRoot'), 'dist', 'scan-worker.js');
  root = mkdtempSync(join(tmpdir(), 'aviary-ext-worker-'));
  const corpus = generateCorpus(root, 400);
  writeFileSync(
    join(root, 'src', 'expiring.ts'),
    "import { isFeatureOn } from './flags/client';\n// @flag-expires 2026-01-31\nexport const on = isFeatureOn('expiring-flag');\n",
  );
  request = { root, config: defaultConfig(), knownKeys: corpus.keys };
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The library's scan on this thread, for the same request. */
function inProcess(scanRequest: ScanRequest): Promise<ScanResult> {
  return scanFlags({ root: scanRequest.root, config: scanRequest.config, knownKeys: new Set(scanRequest.knownKeys) });
}

describe('scanInWorker', () => {
  it('finds exactly what the in-process scan finds, and reports progress on the way', async () => {
    const progress: Array<[string, number, number]> = [];
    const [worker, local] = await Promise.all([
      scanInWorker(script, request, (phase, done, total) => progress.push([phase, done, total])),
      inProcess(request),
    ]);
    expect(local.references.length).toBeGreaterThan(20);
    expect(local.wrappers.length).toBeGreaterThan(0);
    expect(local.expiries.length).toBeGreaterThan(0);
    expect(worker.references).toEqual(local.references);
    expect(worker.wrappers).toEqual(local.wrappers);
    expect(worker.expiries).toEqual(local.expiries);
    expect([worker.filesScanned, worker.filesParsed, worker.errors]).toEqual([
      local.filesScanned,
      local.filesParsed,
      local.errors,
    ]);
    const files = local.filesScanned;
    expect(progress).toContainEqual(['read', files, files]);
    const parse = progress.filter(([phase]) => phase === 'parse');
    expect(parse.length).toBeGreaterThan(0);
    expect(parse.at(-1)?.[1]).toBe(parse.at(-1)?.[2]);
  });

  it("rejects with the scan's own error message", async () => {
    const missing = { ...request, root: join(root, 'no-such-folder') };
    const expected = await inProcess(missing).then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    expect(expected).toContain('no such file or folder');
    await expect(scanInWorker(script, missing)).rejects.toThrow(expected);

    // A config whose preset does not exist throws inside the library.
    const broken = { ...request, config: { ...request.config, presets: ['nonexistent'] } } as unknown as ScanRequest;
    const thrown = await inProcess(broken).then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    expect(thrown).not.toBe('resolved');
    await expect(scanInWorker(script, broken)).rejects.toThrow(thrown);
  });

  it('fails loudly when the worker script is missing, never scanning on this thread instead', async () => {
    const absent = join(root, 'dist', 'scan-worker.js');
    await expect(scanInWorker(absent, request)).rejects.toThrow(`scan worker script missing at ${absent}`);
  });
});

describe('WorkerScanner', () => {
  it('terminates the worker of a scan that a newer scan of the same folder supersedes', async () => {
    const scanner = new WorkerScanner(script);
    let started!: () => void;
    const firstProgress = new Promise<void>((resolve) => {
      started = resolve;
    });
    let lateProgress = 0;
    let cancelled = false;
    const first = scanner.scan(request, () => {
      if (cancelled) lateProgress += 1;
      started();
    });
    await firstProgress;
    expect(scanner.activeWorkers).toBe(1);
    const second = scanner.scan(request);
    await expect(first).rejects.toBeInstanceOf(ScanCancelled);
    cancelled = true;
    expect(scanner.activeWorkers).toBe(1);
    const result = await second;
    expect(result.references).toEqual((await inProcess(request)).references);
    expect(lateProgress).toBe(0);
    expect(scanner.activeWorkers).toBe(0);
    scanner.dispose();
  });

  it('terminates every running worker on dispose and refuses later scans', async () => {
    const scanner = new WorkerScanner(script);
    const other = { ...request, root: join(root, 'src') };
    const scans = [scanner.scan(request), scanner.scan(other)];
    expect(scanner.activeWorkers).toBe(2);
    scanner.dispose();
    // Both handlers attach at once: awaiting one scan at a time would leave the other's rejection unhandled.
    await Promise.all(scans.map((scan) => expect(scan).rejects.toBeInstanceOf(ScanCancelled)));
    expect(scanner.activeWorkers).toBe(0);
    await expect(scanner.scan(request)).rejects.toBeInstanceOf(ScanCancelled);
  });
});

describe('FlagService with a missing worker script', () => {
  it('logs the scan failure as an error', async () => {
    resetMock();
    workspace.workspaceFolders = [{ uri: Uri.file(root), name: 'corpus', index: 0 }];
    const output = window.createOutputChannel('Aviary', { log: true }) as unknown as vscode.LogOutputChannel;
    const flags = new FlagService(output, new WorkerScanner(join(root, 'dist', 'scan-worker.js')));
    try {
      await flags.refresh();
      expect(outputLines).toContainEqual(
        `error: scan of ${root} failed: scan worker script missing at ${join(root, 'dist', 'scan-worker.js')}: the extension package is incomplete`,
      );
      expect(outputLines.join('\n')).not.toContain('flag references');
    } finally {
      flags.dispose();
    }
  });
});
