import { type AviaryConfig, type ScanResult, scanFlags } from '@aviary/engine/code';

/** What a full scan of one folder needs, as plain data: it crosses to a worker thread by structured clone. */
export interface ScanRequest {
  root: string;
  config: AviaryConfig;
  /** Flag keys from the definitions (a `Set` in the library's options; an array here so it can be posted). */
  knownKeys: string[];
}

/** Progress of a scan: the library's phases, files done out of the total. */
export type ScanProgress = (phase: 'read' | 'parse', done: number, total: number) => void;

/** Runs the library's full scan of a folder somewhere; `FolderModel` gets one injected. */
export interface FlagScanner {
  scan(request: ScanRequest, onProgress?: ScanProgress): Promise<ScanResult>;
  /** Stops whatever the scanner still runs; scans started afterwards are refused. */
  dispose(): void;
}

/**
 * The library's `scanFlags` on the calling thread. For unit tests and benchmarks: in the extension host it would
 * block the thread for the whole scan, so the extension uses `WorkerScanner`.
 */
export const inProcessScanner: FlagScanner = {
  scan: (request, onProgress) =>
    scanFlags({
      root: request.root,
      config: request.config,
      knownKeys: new Set(request.knownKeys),
      ...(onProgress ? { onProgress } : {}),
    }),
  dispose() {},
};
