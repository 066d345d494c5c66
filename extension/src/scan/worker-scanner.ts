import type { ScanResult } from '@aviary/engine/code';
import type { FlagScanner, ScanProgress, ScanRequest } from './flag-scanner';
import { ScanCancelled, scanInWorker } from './scan-in-worker';

/**
 * The extension's scanner: each full scan on its own worker thread (`scanInWorker`), so the extension host's
 * thread stays free. A newer scan of a folder supersedes an older one still running (its worker is terminated and
 * its promise rejects with `ScanCancelled`); `dispose` terminates every worker left.
 */
export class WorkerScanner implements FlagScanner {
  private readonly running = new Map<string, AbortController>();
  private workers = 0;
  private disposed = false;

  /** `script`: absolute path of the bundled `dist/scan-worker.js`. */
  constructor(readonly script: string) {}

  /** Worker threads started and not yet exited. */
  get activeWorkers(): number {
    return this.workers;
  }

  async scan(request: ScanRequest, onProgress?: ScanProgress): Promise<ScanResult> {
    if (this.disposed) throw new ScanCancelled(request.root);
    this.running.get(request.root)?.abort();
    const controller = new AbortController();
    this.running.set(request.root, controller);
    this.workers += 1;
    try {
      return await scanInWorker(this.script, request, onProgress, controller.signal);
    } finally {
      this.workers -= 1;
      if (this.running.get(request.root) === controller) this.running.delete(request.root);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }
}
