import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ScanResult } from '@aviary/engine/code';
import type { ScanProgress, ScanRequest } from './flag-scanner';
import type { ScanMessage } from './scan-message';

/** A scan stopped before it finished because a newer one (or the extension's deactivation) replaced it. */
export class ScanCancelled extends Error {
  constructor(root: string) {
    super(`scan of ${root} cancelled`);
    this.name = 'ScanCancelled';
  }
}

/**
 * Runs the library's full scan on a worker thread started on `script` (the bundled `dist/scan-worker.js`), relays
 * its progress and resolves its result. The worker is terminated, and has exited, before the promise settles,
 * whatever the outcome: result, the scan's error (rejected with its message), a crash, or `signal` aborting
 * (rejected with `ScanCancelled`). A missing script is an error, never a reason to scan on this thread.
 */
export function scanInWorker(
  script: string,
  request: ScanRequest,
  onProgress?: ScanProgress,
  signal?: AbortSignal,
): Promise<ScanResult> {
  if (signal?.aborted) return Promise.reject(new ScanCancelled(request.root));
  if (!existsSync(script)) {
    return Promise.reject(new Error(`scan worker script missing at ${script}: the extension package is incomplete`));
  }
  return new Promise<ScanResult>((resolve, reject) => {
    const worker = new Worker(script, { workerData: request });
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', cancel);
      worker.terminate().then(settle, settle);
    };
    const cancel = () => finish(() => reject(new ScanCancelled(request.root)));
    signal?.addEventListener('abort', cancel, { once: true });
    worker.on('message', (message: ScanMessage) => {
      if (message.type === 'progress') {
        if (!settled) onProgress?.(message.phase, message.done, message.total);
      } else if (message.type === 'result') finish(() => resolve(message.result));
      else finish(() => reject(new Error(message.message)));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`scan worker exited (code ${code}) without a result`))));
  });
}
